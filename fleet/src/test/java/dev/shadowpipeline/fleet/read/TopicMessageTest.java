package dev.shadowpipeline.fleet.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.fleet.TestRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A message of a topic is a record only when a records file could hold it: the same rule as records.jsonl. */
class TopicMessageTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static TopicMessage read(ObjectNode record) throws Exception {
    byte[] value = MAPPER.writeValueAsBytes(record);
    return TopicMessage.read(new ConsumerRecord<>("records", 0, 7L, null, value), MAPPER);
  }

  @Test
  void impossibleRecordsAreSkippedAndSayWhy() throws Exception {
    ObjectNode good = TestRecords.record(1, Instant.parse("2026-11-23T09:00:00Z"), 10);
    assertThat(read(good).isRecord()).isTrue();

    ObjectNode nullVerdict = good.deepCopy();
    nullVerdict.putNull("verdict");
    TopicMessage skipped = read(nullVerdict);
    assertThat(skipped.isRecord()).isFalse();
    assertThat(skipped.place()).isEqualTo("records/0@7");
    assertThat(skipped.problem()).isEqualTo("impossible record: verdict is null, not an object");

    ObjectNode negative = good.deepCopy();
    ((ObjectNode) negative.get("primary")).put("latency_ms", -12000.0);
    assertThat(read(negative).problem())
        .isEqualTo("impossible record: primary.latency_ms is negative (-12000.0)");

    ObjectNode matchBesideCritical = good.deepCopy();
    ((ObjectNode) matchBesideCritical.get("verdict"))
        .put("difference_count", 1)
        .putArray("differences")
        .addObject()
        .put("kind", "label_flip")
        .put("path", "/decision")
        .put("severity", "critical");
    assertThat(read(matchBesideCritical).problem())
        .startsWith(
            "impossible record: verdict.match is true beside 1 difference, the worst critical");

    assertThat(
            TopicMessage.read(
                    new ConsumerRecord<>(
                        "records", 0, 8L, null, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                    MAPPER)
                .problem())
        .isEqualTo("not a record (no verdict)");
  }

  @Test
  void aRecordWrittenOverSeveralLinesBecomesOneLine() throws Exception {
    ObjectNode good = TestRecords.record(2, Instant.parse("2026-11-23T09:00:00Z"), 10);
    byte[] pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(good);
    assertThat(new String(pretty, StandardCharsets.UTF_8)).contains("\n");
    TopicMessage message =
        TopicMessage.read(new ConsumerRecord<>("records", 0, 9L, null, pretty), MAPPER);
    assertThat(message.isRecord()).as(message.problem()).isTrue();
    String line = new String(message.line(), StandardCharsets.UTF_8);
    // records.jsonl holds one object per line: the message's line breaks must not reach it
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(MAPPER.readTree(line)).isEqualTo(good);

    byte[] crlf = (MAPPER.writeValueAsString(good) + "\r\n").getBytes(StandardCharsets.UTF_8);
    TopicMessage trailing =
        TopicMessage.read(new ConsumerRecord<>("records", 0, 10L, null, crlf), MAPPER);
    assertThat(new String(trailing.line(), StandardCharsets.UTF_8))
        .isEqualTo(MAPPER.writeValueAsString(good));
  }

  @Test
  void aMessageHoldingASecondValueIsSkippedWhole() throws Exception {
    ObjectNode good = TestRecords.record(3, Instant.parse("2026-11-23T09:00:00Z"), 10);
    String one = MAPPER.writeValueAsString(good);
    for (String value : List.of(one + " {\"b\":2}", one + "\n" + one, one + " 7")) {
      TopicMessage message =
          TopicMessage.read(
              new ConsumerRecord<>("records", 1, 11L, null, value.getBytes(StandardCharsets.UTF_8)),
              MAPPER);
      assertThat(message.isRecord()).as(value).isFalse();
      // each value has one character between the record and what follows it
      assertThat(message.problem())
          .isEqualTo(
              "not one JSON value: something follows the first at byte " + (one.length() + 1));
    }
  }
}
