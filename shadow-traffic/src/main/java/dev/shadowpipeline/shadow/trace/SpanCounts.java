package dev.shadowpipeline.shadow.trace;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the spans handed to the exporter: waiting in its queue, exported, refused by the collector (or not
 * delivered in time), or dropped because the queue was full. Thread-safe; the event loops add, the export thread
 * takes away.
 */
final class SpanCounts {

  private final int capacity;
  private final AtomicInteger pending = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final LongAdder failed = new LongAdder();

  /** @param capacity most spans waiting for export at once */
  SpanCounts(int capacity) {
    this.capacity = capacity;
  }

  /** Takes a place in the queue, or counts the span dropped when there is none. Never blocks. */
  boolean tryEnqueue() {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      dropped.increment();
      return false;
    }
    return true;
  }

  /** The export thread took {@code n} spans out of the queue. */
  void taken(int n) {
    pending.addAndGet(-n);
  }

  void exported(int n) {
    exported.add(n);
  }

  void failed(int n) {
    failed.add(n);
  }

  int pending() {
    return pending.get();
  }

  long dropped() {
    return dropped.sum();
  }

  long exported() {
    return exported.sum();
  }

  long failed() {
    return failed.sum();
  }
}
