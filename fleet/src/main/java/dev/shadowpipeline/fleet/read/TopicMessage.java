package dev.shadowpipeline.fleet.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.fleet.kafka.RecordMessages;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.record.RecordCheck;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One message of a topic, read as a record: the record and its line, or why it is not one.
 *
 * @param place where it is, {@code topic/partition@offset}
 * @param record the record, or {@code null} when it is not one
 * @param line the record's line of {@code records.jsonl}: the message's bytes, or the record written again on one
 *     line when the message spreads it over several
 * @param problem why the message is not a record, or {@code null}
 */
public record TopicMessage(String place, ObjectNode record, byte[] line, String problem) {

  /** Reads a message; never throws: a message that is not a record says why. */
  public static TopicMessage read(ConsumerRecord<byte[], byte[]> message, ObjectMapper mapper) {
    String place = place(message.topic(), message.partition(), message.offset());
    int version = RecordMessages.version(message.headers());
    if (version > RecordMessages.VERSION) {
      return skipped(
          place,
          "a record of a newer format (version "
              + version
              + "; this build reads up to "
              + RecordMessages.VERSION
              + "): upgrade this reader");
    }
    if (version < 0) {
      return skipped(place, "its " + RecordMessages.VERSION_HEADER + " header is not a number");
    }
    byte[] value = message.value();
    if (value == null || value.length == 0) {
      return skipped(place, "an empty message");
    }
    JsonNode node;
    try (JsonParser parser = mapper.createParser(value)) {
      node = mapper.readTree(parser);
      if (node != null && followed(parser)) {
        // a batch of another producer, or two records run together: taking the first would keep
        // half a message without a word
        return skipped(
            place,
            "not one JSON value: something follows the first at byte "
                + parser.currentTokenLocation().getByteOffset());
      }
    } catch (JsonProcessingException e) {
      String why = JsonErrorText.of(e);
      return skipped(place, "not JSON (cut short, or another producer's): " + why);
    } catch (IOException e) {
      return skipped(place, "not readable: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      return skipped(place, "not a record (not a JSON object)");
    }
    String impossible = RecordCheck.problem(object);
    if (impossible != null) {
      return skipped(place, impossible);
    }
    JsonNode id = object.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      return skipped(place, "not a record (no id)");
    }
    try {
      return new TopicMessage(place, object, oneLine(value, object, mapper), null);
    } catch (JsonProcessingException e) {
      return skipped(place, "cannot be written on one line: " + JsonErrorText.of(e));
    }
  }

  private static boolean followed(JsonParser parser) throws IOException {
    try {
      return parser.nextToken() != null;
    } catch (JsonProcessingException e) {
      return true; // not even JSON after the record
    }
  }

  // A raw line break in JSON can only be whitespace between tokens (inside a string it is
  // escaped), so a value spread over several lines is the same record written again compactly:
  // records.jsonl holds one object per line. A value on one line is kept byte for byte.
  private static byte[] oneLine(byte[] value, ObjectNode record, ObjectMapper mapper)
      throws JsonProcessingException {
    for (byte b : value) {
      if (b == '\n' || b == '\r') {
        return mapper.writeValueAsBytes(record);
      }
    }
    return value;
  }

  private static TopicMessage skipped(String place, String why) {
    return new TopicMessage(place, null, null, why);
  }

  /** Where a message is: {@code topic/partition@offset}. */
  public static String place(String topic, int partition, long offset) {
    return topic + "/" + partition + "@" + offset;
  }

  /** Whether the message is a record. */
  public boolean isRecord() {
    return record != null;
  }

  /** The record's id. */
  public String id() {
    return record.get("id").asText();
  }
}
