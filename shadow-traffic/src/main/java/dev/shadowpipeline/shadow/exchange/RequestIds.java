package dev.shadowpipeline.shadow.exchange;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered request ids in the UUID version 7 layout (RFC 9562): records sort by id as they sort by time, and no
 * shared random generator is contended on the event loops.
 */
public final class RequestIds {

  private final Clock clock;

  /** Ids stamped with this clock's time. */
  public RequestIds(Clock clock) {
    this.clock = clock;
  }

  /** A new id. */
  public String next() {
    long millis = clock.millis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0fffL);
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
