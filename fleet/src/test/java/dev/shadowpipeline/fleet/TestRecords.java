package dev.shadowpipeline.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** Records in the shape of records.jsonl, for the sink's tests (the sink reads only the input key). */
public final class TestRecords {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestRecords() {}

  /** A matching pair's record for input {@code input}, with a body of about {@code bodyChars} characters. */
  public static ObjectNode record(int input, Instant time, int bodyChars) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("id", UUID.randomUUID().toString());
    r.put("time", time.toString());
    r.put("method", "POST");
    r.put("path", "/predict");
    r.put("input_key", "key-" + input);
    r.putObject("request").put("body_format", "text").put("body", "x".repeat(bodyChars));
    r.putObject("primary").put("status", 200).put("latency_ms", 1.5);
    r.putObject("shadow").put("status", 200).put("latency_ms", 2.5);
    r.put("latency_delta_ms", 1.0);
    r.putObject("verdict")
        .put("comparator", "json")
        .put("match", true)
        .put("difference_count", 0)
        .putArray("differences");
    return r;
  }
}
