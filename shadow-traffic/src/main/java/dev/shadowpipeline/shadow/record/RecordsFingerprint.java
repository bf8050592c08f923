package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Which state of a records file a result was computed from: its name, its size and a checksum of its last bytes.
 * Records are only ever appended, so a file that grew, shrank or whose end changed is no longer the one the result
 * describes — {@code quality.json} written by {@code shadow labels} says what it joined, and the gate refuses to
 * decide on labels joined with fewer records than it reads (a replay or a proxy run appended since, or another run
 * replaced the file).
 *
 * <p>Cheap at any size: one {@code stat} and a read of at most {@link #TAIL_BYTES} bytes.
 *
 * @param name the file's name, without its folder (the folder may be moved or copied)
 * @param bytes its size
 * @param tailCrc32 the CRC-32 of its last {@link #TAIL_BYTES} bytes (of all of it when smaller)
 */
public record RecordsFingerprint(String name, long bytes, long tailCrc32) {

  /** How much of the file's end the checksum covers: a few records, enough to tell another run's file apart. */
  public static final int TAIL_BYTES = 64 << 10;

  /** The key under which {@code quality.json} keeps it. */
  public static final String JSON_KEY = "records_file";

  /** The fingerprint of the file as it is now. */
  public static RecordsFingerprint of(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int tail = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(tail);
      long position = size - tail;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position + buffer.position());
        if (n < 0) {
          break; // shrunk while read: the checksum then differs from any later look, as it should
        }
      }
      buffer.flip();
      CRC32 crc = new CRC32();
      crc.update(buffer);
      return new RecordsFingerprint(file.getFileName().toString(), size, crc.getValue());
    }
  }

  /** Adds this fingerprint to {@code json} under {@link #JSON_KEY}. */
  public void writeTo(ObjectNode json) {
    ObjectNode node = json.putObject(JSON_KEY);
    node.put("name", name);
    node.put("bytes", bytes);
    node.put("tail_crc32", String.format(Locale.ROOT, "%08x", tailCrc32));
  }

  /**
   * The fingerprint kept in {@code json} under {@link #JSON_KEY}; empty when there is none (a file written before
   * fingerprints were kept, or by a proxy that wrote its records to a topic only) or it is not well formed.
   */
  public static Optional<RecordsFingerprint> readFrom(JsonNode json) {
    JsonNode node = json.path(JSON_KEY);
    if (!node.path("name").isTextual()
        || !node.path("bytes").canConvertToLong()
        || !node.path("tail_crc32").isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new RecordsFingerprint(
              node.path("name").asText(),
              node.path("bytes").asLong(),
              Long.parseLong(node.path("tail_crc32").asText(), 16)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Why a result computed from this state does not describe {@code now}, or empty when it does: e.g. {@code
   * "records.jsonl had 3605535 bytes then and has 4100233 now (records were added since)"}.
   */
  public Optional<String> changeTo(RecordsFingerprint now) {
    if (equals(now)) {
      return Optional.empty();
    }
    if (!name.equals(now.name)) {
      return Optional.of("it was computed from " + name + ", not from " + now.name);
    }
    String what;
    if (now.bytes > bytes) {
      what = "records were added since";
    } else if (now.bytes < bytes) {
      what = "the file was replaced since";
    } else {
      what = "the file was replaced since: its last records differ";
    }
    return Optional.of(
        name + " had " + bytes + " bytes then and has " + now.bytes + " now (" + what + ")");
  }
}
