package dev.shadowpipeline.shadow.record;

import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Exchanges for record tests. */
final class Exchanges {

  private Exchanges() {}

  static Exchange exchange(
      String id,
      List<Header> requestHeaders,
      String requestBody,
      String primaryBody,
      String shadowBody) {
    CapturedRequest req =
        new CapturedRequest(
            id,
            Instant.parse("2026-11-23T09:00:00Z"),
            "POST",
            "/predict",
            null,
            requestHeaders,
            requestBody.getBytes(StandardCharsets.UTF_8));
    return new Exchange(
        req, response(primaryBody, 2_000_000), response(shadowBody, 5_500_000), "http://shadow:1");
  }

  static Exchange exchange(String id) {
    return exchange(id, List.of(), "{\"x\":1}", "{\"y\":1}", "{\"y\":1}");
  }

  static CapturedResponse response(String body, long latencyNanos) {
    return new CapturedResponse(
        200,
        List.of(
            new Header("Content-Type", "application/json"),
            new Header("Set-Cookie", "session=abc")),
        body.getBytes(StandardCharsets.UTF_8),
        false,
        latencyNanos,
        null);
  }
}
