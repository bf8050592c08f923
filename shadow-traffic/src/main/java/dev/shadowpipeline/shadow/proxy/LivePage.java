package dev.shadowpipeline.shadow.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live view at {@code GET /} on the admin port: one self-contained HTML page (styles and script inline, the
 * reports' look) that reads {@code /summary} every few seconds and shows agreement with its interval, divergences by
 * severity, latencies, errors, drops, the gate's verdict and the last diverging pairs. Read-only: it only ever asks
 * for {@code /summary}, and its Content-Security-Policy lets it reach nothing else.
 */
final class LivePage {

  private static final String RESOURCE = "live.html";

  /** Scripts and styles inline only; requests to this admin port only; nothing framed, no form posted. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src"
          + " 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private LivePage() {}

  /** Reads the page from the jar; done when the admin API is built, never on an event loop. */
  static Buffer load() {
    try (InputStream in = LivePage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the live page is missing from the jar: " + RESOURCE);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers with the page. */
  static void serve(HttpServerResponse response, Buffer page) {
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(page.copy()); // a copy each time: a buffer handed to a response is not to be shared
  }
}
