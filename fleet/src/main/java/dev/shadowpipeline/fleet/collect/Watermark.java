package dev.shadowpipeline.fleet.collect;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time the collector's records have reached, as a clock for the history windows: a window closes once the
 * watermark has passed its end by the grace period. A partition that is caught up counts at the wall clock's time
 * (its producers' records arrive as they are made); one that is still catching up counts at the time of the latest
 * record read from it, so that windows do not close while an hour of records is still being read (a record dated
 * after the wall clock does not count: a producer's clock running ahead would close them all). Only ever moves
 * forward. Read and moved by the collector's thread.
 */
final class Watermark extends Clock {

  private Instant now;

  /**
   * @param start where the watermark starts, e.g. the end of the windows already written
   */
  Watermark(Instant start) {
    this.now = start;
  }

  /** Moves the watermark to {@code candidate} when that is later. */
  void advance(Instant candidate) {
    if (candidate != null && candidate.isAfter(now)) {
      now = candidate;
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the watermark is in UTC");
  }
}
