package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds answers for comparator tests. */
final class AnswerFixtures {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private AnswerFixtures() {}

  static Answer answer(int status, String body) {
    return Answer.of(
        new CapturedResponse(
            status,
            List.of(new Header("Content-Type", "application/json")),
            body.getBytes(StandardCharsets.UTF_8),
            false,
            1_000_000,
            null),
        MAPPER,
        1 << 20);
  }

  static Answer failed(ErrorKind kind) {
    return Answer.of(
        CapturedResponse.failed(new TransportError(kind, "test"), 5_000_000), MAPPER, 1 << 20);
  }
}
