package dev.shadowpipeline.shadow.metrics;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A cumulative latency distribution: {@link #recordNanos} is wait-free (HdrHistogram {@link Recorder}), so event
 * loops can call it; {@link #summary} folds the recorded intervals in under a lock. Values are kept in microseconds
 * with three significant digits, up to one hour; longer values are counted as one hour.
 */
public final class LatencyHistogram {

  static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  private Histogram interval;

  /** Records one latency; negative values are recorded as zero. */
  public void recordNanos(long nanos) {
    long micros = Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    recorder.recordValue(micros);
  }

  /** Everything recorded so far. */
  public synchronized LatencySummary summary() {
    Histogram h = cumulative();
    if (h.getTotalCount() == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(
        h.getTotalCount(),
        millis(h.getValueAtPercentile(50)),
        millis(h.getValueAtPercentile(90)),
        millis(h.getValueAtPercentile(95)),
        millis(h.getValueAtPercentile(99)),
        millis(h.getMaxValue()),
        h.getMean() / 1000.0);
  }

  /** A copy of the cumulative histogram, in microseconds. */
  public synchronized Histogram snapshot() {
    return cumulative().copy();
  }

  private Histogram cumulative() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return total;
  }

  static double millis(long micros) {
    return micros / 1000.0;
  }
}
