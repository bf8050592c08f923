package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Takes records in their written JSON shape ({@link RecordFormat}), already redacted: the records file, the regression
 * suite and the report aggregates all read the same thing, whether it comes live from the proxy, from a replay, or
 * back from a records file.
 *
 * <p>Called from one thread at a time; implementations need no locking and may block (never on a caller's path).
 */
public interface RecordConsumer extends AutoCloseable {

  /** Takes one record. The node must not be modified. */
  void accept(ObjectNode record) throws IOException;

  /** Makes what was accepted so far durable, if the consumer writes anything. */
  default void flush() throws IOException {}

  /** Flushes and releases resources. */
  @Override
  default void close() throws IOException {
    flush();
  }
}
