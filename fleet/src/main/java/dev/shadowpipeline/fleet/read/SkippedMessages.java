package dev.shadowpipeline.fleet.read;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the messages skipped because they are not records, keeps the first few ({@value #LISTED}) as "where: why",
 * and logs a warning for each of those and, after them, one line every half minute with the count: a topic full of
 * another producer's messages must not flood the log.
 */
public final class SkippedMessages {

  /** Problems kept word for word; more are counted. */
  public static final int LISTED = 20;

  private static final Logger log = LoggerFactory.getLogger(SkippedMessages.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final AtomicLong count = new AtomicLong();
  private final List<String> listed = new ArrayList<>();
  private long lastLogNanos = Long.MIN_VALUE;
  private long loggedCount;

  /** Notes a skipped message. Called from one thread. */
  public void note(TopicMessage message) {
    long n = count.incrementAndGet();
    String line = message.place() + ": " + message.problem();
    if (listed.size() < LISTED) {
      synchronized (listed) {
        listed.add(line);
      }
      log.warn("skipped a message that is not a record at {}", line);
      loggedCount = n;
      return;
    }
    long now = System.nanoTime();
    if (lastLogNanos == Long.MIN_VALUE || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
      lastLogNanos = now;
      log.warn(
          "skipped {} more messages that are not records (last at {}); {} in all",
          n - loggedCount,
          line,
          n);
      loggedCount = n;
    }
  }

  /** Messages skipped so far. */
  public long count() {
    return count.get();
  }

  /** The first few, as "topic/partition@offset: why". */
  public List<String> listed() {
    synchronized (listed) {
      return List.copyOf(listed);
    }
  }
}
