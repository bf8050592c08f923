package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A record consumer whose per-record work splits into a pure part, which may run on any thread and in any order
 * (reading the fields it needs out of the JSON), and a stateful part run in record order on one thread. Reading a
 * large records file then uses every core for the first part.
 *
 * @param <T> what the pure part hands to the stateful part
 */
public interface StagedRecordConsumer<T> extends RecordConsumer {

  /** Extracts what {@link #acceptPrepared} needs; pure and thread-safe; the record must not be modified. */
  T prepare(ObjectNode record);

  /** Folds in one prepared record; called in record order, from one thread at a time. */
  void acceptPrepared(T prepared) throws IOException;

  @Override
  default void accept(ObjectNode record) throws IOException {
    acceptPrepared(prepare(record));
  }
}
