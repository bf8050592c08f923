package dev.shadowpipeline.shadow.trace;

import dev.shadowpipeline.shadow.redact.UrlSecrets;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The OTLP/HTTP (protobuf) span exporter, sending with the JDK's own HTTP client: no OkHttp, no gRPC.
 *
 * <p>The endpoint is the traces URL, {@code http://collector:4318/v1/traces}; a URL without a path gets
 * {@value #TRACES_PATH}, as OpenTelemetry's {@code OTEL_EXPORTER_OTLP_ENDPOINT} does. Header values (API keys) are
 * sent and never shown: {@link #describe} names the endpoint and the header names only.
 */
public final class OtlpExport {

  /** The path of the OTLP/HTTP traces endpoint. */
  public static final String TRACES_PATH = "/v1/traces";

  private OtlpExport() {}

  /**
   * The traces URL for an endpoint as the user wrote it.
   *
   * @throws IllegalArgumentException when it is not an http(s) URL with a host
   */
  public static URI tracesUrl(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint.trim());
    } catch (IllegalArgumentException e) {
      // not e's message: it quotes the endpoint whole
      throw new IllegalArgumentException("not a URL: " + UrlSecrets.maskAll(endpoint), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "must be an http:// or https:// URL such as http://collector:4318: "
              + UrlSecrets.maskAll(endpoint));
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "credentials go in otlp-headers (from ${VAR}), not in the URL");
    }
    String path = uri.getRawPath();
    return path == null || path.isEmpty() || path.equals("/")
        ? URI.create(scheme + "://" + uri.getRawAuthority() + TRACES_PATH)
        : uri;
  }

  /**
   * An OTLP/HTTP exporter.
   *
   * @param traces the traces URL (see {@link #tracesUrl})
   * @param headers sent with every export, e.g. an API key
   * @param timeout longest one export may take
   */
  public static SpanExporter http(URI traces, Map<String, String> headers, Duration timeout) {
    var builder = OtlpHttpSpanExporter.builder().setEndpoint(traces.toString()).setTimeout(timeout);
    headers.forEach(builder::addHeader);
    return builder.build();
  }

  /** What to print about an exporter: its URL and the names of its headers, never their values. */
  public static String describe(URI traces, Map<String, String> headers) {
    return headers.isEmpty()
        ? traces.toString()
        : traces + " (headers " + String.join(", ", headers.keySet()) + ")";
  }
}
