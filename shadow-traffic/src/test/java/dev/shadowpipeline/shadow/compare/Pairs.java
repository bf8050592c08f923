package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Answers for the output comparators' tests: a status, a body and a latency, or a transport error. */
final class Pairs {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Pairs() {}

  static Answer ok(String body) {
    return answer(200, body, 10);
  }

  static Answer answer(int status, String body, double latencyMs) {
    return Answer.of(
        new CapturedResponse(
            status,
            List.of(new Header("Content-Type", "application/json")),
            body.getBytes(StandardCharsets.UTF_8),
            false,
            Math.round(latencyMs * 1_000_000),
            null),
        MAPPER,
        1 << 20);
  }

  static Answer truncated(String body) {
    return Answer.of(
        new CapturedResponse(
            200, List.of(), body.getBytes(StandardCharsets.UTF_8), true, 1_000_000, null),
        MAPPER,
        1 << 20);
  }

  static Answer failed(ErrorKind kind) {
    return Answer.of(
        CapturedResponse.failed(new TransportError(kind, "test"), 5_000_000), MAPPER, 1 << 20);
  }

  /** The differences as {@code KIND path severity reason} lines. */
  static List<String> lines(Verdict v) {
    return v.differences().stream()
        .map(d -> d.kind() + " " + d.path() + " " + d.severity().label() + " " + d.reason())
        .toList();
  }

  /** The value of the only observation with this metric. */
  static double metric(Verdict v, String metric) {
    return v.observations().stream()
        .filter(o -> o.metric().equals(metric))
        .mapToDouble(Observation::value)
        .reduce(
            (a, b) -> {
              throw new AssertionError("two observations of " + metric);
            })
        .orElseThrow(
            () -> new AssertionError("no observation of " + metric + " in " + v.observations()));
  }
}
