package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats each compared exchange once, redacted, and hands the record to several consumers (records file, suite,
 * aggregates, a message broker). The consumers that keep the record's line ({@link RecordLineConsumer}) get the same
 * bytes, serialized once. A consumer that fails does not keep the record from the others.
 */
public final class RecordFanout
    implements ExchangeSink, StagedRecordConsumer<Object[]>, RecordLineConsumer {

  private static final Logger log = LoggerFactory.getLogger(RecordFanout.class);

  private final RecordFormat format;
  private final List<RecordConsumer> consumers;

  /**
   * @param format builds (and redacts) the record
   * @param consumers take every record, in this order
   */
  public RecordFanout(RecordFormat format, List<RecordConsumer> consumers) {
    this.format = format;
    this.consumers = List.copyOf(consumers);
  }

  @Override
  public void accept(ComparedExchange exchange) throws IOException {
    accept(format.toJson(exchange));
  }

  /** Hands an already formatted record (e.g. read back from a records file) to every consumer. */
  @Override
  public void accept(ObjectNode record) throws IOException {
    acceptPrepared(prepare(record));
  }

  /** Runs the pure part of every staged consumer; the others get the record itself. */
  @Override
  public Object[] prepare(ObjectNode record) {
    Object[] parts = new Object[consumers.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] =
          consumers.get(i) instanceof StagedRecordConsumer<?> staged
              ? staged.prepare(record)
              : record;
    }
    return parts;
  }

  @Override
  public void acceptPrepared(Object[] parts) throws IOException {
    deliverAll(parts, null);
  }

  /**
   * Hands a record whose line is already known (read from a broker, say) to every consumer: those that keep the line
   * get these bytes, not a second serialization.
   */
  @Override
  public void acceptLine(ObjectNode record, byte[] line) throws IOException {
    deliverAll(prepare(record), line);
  }

  private void deliverAll(Object[] parts, byte[] knownLine) throws IOException {
    IOException first = null;
    byte[] line = knownLine;
    for (int i = 0; i < parts.length; i++) {
      try {
        RecordConsumer consumer = consumers.get(i);
        if (consumer instanceof RecordLineConsumer lines
            && !(consumer instanceof StagedRecordConsumer<?>)) {
          ObjectNode record = (ObjectNode) parts[i];
          if (line == null) {
            line = format.line(record); // once, for every consumer that keeps the line
          }
          lines.acceptLine(record, line);
        } else {
          deliver(consumer, parts[i]);
        }
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first; // the pipeline counts and logs it, throttled
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void deliver(RecordConsumer consumer, Object part) throws IOException {
    if (consumer instanceof StagedRecordConsumer<?> staged) {
      ((StagedRecordConsumer<T>) staged).acceptPrepared((T) part);
    } else {
      consumer.accept((ObjectNode) part);
    }
  }

  @Override
  public void flush() throws IOException {
    IOException first = null;
    for (RecordConsumer consumer : consumers) {
      try {
        consumer.flush();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RecordConsumer consumer : consumers) {
      try {
        consumer.close();
      } catch (Exception e) {
        log.error("closing {} failed: {}", consumer, e.toString());
        first = first == null ? (e instanceof IOException io ? io : new IOException(e)) : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "records " + consumers;
  }
}
