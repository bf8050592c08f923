package dev.shadowpipeline.fleet.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.record.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the collector's folder holds for sure, written atomically (and fsynced) after the records it covers are:
 * the length of {@code records.jsonl} that is complete, the next offset of each partition after those records, and
 * the time before which every history window is in the database.
 *
 * @param topic the topic collected
 * @param group the consumer group
 * @param recordsBytes the complete length of {@code records.jsonl}
 * @param offsets the next offset to read, per partition
 * @param windowsDurableBefore the history windows ending at or before this time are written; {@code null} when none
 * @param skipped messages before the offsets that are not records (0 in a checkpoint written before it was kept)
 * @param duplicates records before the offsets skipped as seen already
 */
record Checkpoint(
    String topic,
    String group,
    long recordsBytes,
    Map<Integer, Long> offsets,
    Instant windowsDurableBefore,
    long skipped,
    long duplicates) {

  /** The checkpoint's file in the collector's folder. */
  static final String FILE = "collector-checkpoint.json";

  Checkpoint {
    offsets = Map.copyOf(offsets);
    if (recordsBytes < 0) {
      throw new IllegalArgumentException("records length must not be negative: " + recordsBytes);
    }
  }

  /** The checkpoint in {@code dir}, or {@code null} when there is none. */
  static Checkpoint read(Path dir, ObjectMapper mapper) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not readable: " + e.getMessage(), e);
    }
    try {
      Map<Integer, Long> offsets = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : root.path("offsets").properties()) {
        offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
      }
      JsonNode durable = root.get("windows_durable_before");
      return new Checkpoint(
          text(root, "topic", file),
          text(root, "group", file),
          root.path("records_bytes").asLong(-1),
          offsets,
          durable == null || durable.isNull() ? null : Instant.parse(durable.asText()),
          root.path("skipped").asLong(0),
          root.path("duplicates").asLong(0));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IOException(file + " is not a collector checkpoint: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field, Path file) throws IOException {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(file + " is not a collector checkpoint: no " + field);
    }
    return v.asText();
  }

  /** Replaces the checkpoint in {@code dir}, atomically and durably. */
  void write(Path dir, ObjectMapper mapper) throws IOException {
    ObjectNode root = mapper.createObjectNode();
    root.put("topic", topic);
    root.put("group", group);
    root.put("records_bytes", recordsBytes);
    ObjectNode o = root.putObject("offsets");
    new TreeMap<>(offsets).forEach((p, n) -> o.put(Integer.toString(p), n));
    if (windowsDurableBefore == null) {
      root.putNull("windows_durable_before");
    } else {
      root.put("windows_durable_before", windowsDurableBefore.toString());
    }
    root.put("skipped", skipped);
    root.put("duplicates", duplicates);
    AtomicFile.write(
        dir.resolve(FILE),
        mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
  }
}
