package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A record consumer that keeps each record as the line {@code records.jsonl} has for it: the records file itself, a
 * message broker. {@link RecordFanout} serializes a record once and hands the same bytes to every such consumer, so
 * what a broker carries is byte for byte what the file holds.
 */
public interface RecordLineConsumer extends RecordConsumer {

  /**
   * Takes one record with its serialized line.
   *
   * @param record the record, which must not be modified
   * @param line the record as one line of JSON, without its newline ({@link RecordFormat#line}); must not be
   *     modified
   */
  void acceptLine(ObjectNode record, byte[] line) throws IOException;
}
