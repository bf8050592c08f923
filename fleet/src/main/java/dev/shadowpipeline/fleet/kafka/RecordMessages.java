package dev.shadowpipeline.fleet.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How a record travels as a Kafka message: the value is the record's line of {@code records.jsonl} (UTF-8 JSON, no
 * newline), the key its {@code input_key} (so that the copies of one input land in one partition), and the header
 * {@value #VERSION_HEADER} says which version of the record format it is, so that a reader can tell a record written by
 * a newer proxy from one it understands.
 */
public final class RecordMessages {

  /** The header naming the record format's version. */
  public static final String VERSION_HEADER = "shadow-record-version";

  /** The version this build writes and reads. */
  public static final int VERSION = 1;

  static final byte[] VERSION_BYTES = Integer.toString(VERSION).getBytes(StandardCharsets.US_ASCII);

  private RecordMessages() {}

  /** Marks a message as a record of this build's version. */
  public static void mark(Headers headers) {
    headers.add(VERSION_HEADER, VERSION_BYTES.clone());
  }

  /**
   * The record format's version a message declares: 0 when it carries no version header (a record put on the topic by
   * another tool, or not a record at all), -1 when the header is not a number.
   */
  public static int version(Headers headers) {
    Header h = headers.lastHeader(VERSION_HEADER);
    if (h == null || h.value() == null) {
      return 0;
    }
    try {
      return Integer.parseInt(new String(h.value(), StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
