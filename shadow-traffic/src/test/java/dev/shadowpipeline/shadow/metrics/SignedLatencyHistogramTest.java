package dev.shadowpipeline.shadow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignedLatencyHistogramTest {

  @Test
  void percentilesOfSignedValuesMatchTheSortedData() {
    SignedLatencyHistogram h = new SignedLatencyHistogram();
    // -50 ms .. +49 ms, one value per millisecond: sorted, the k-th percentile is about k - 50 ms
    for (int ms = -50; ms < 50; ms++) {
      h.recordNanos(ms * 1_000_000L);
    }
    LatencySummary s = h.summary();
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50Millis()).isCloseTo(-1.0, within(1.0));
    assertThat(s.p90Millis()).isCloseTo(39.0, within(1.0));
    assertThat(s.p99Millis()).isCloseTo(48.0, within(1.0));
    assertThat(s.maxMillis()).isCloseTo(49.0, within(0.1));
    // mean of -50..49 is -0.5
    assertThat(s.meanMillis()).isCloseTo(-0.5, within(0.05));
  }

  @Test
  void allNegativeValues() {
    SignedLatencyHistogram h = new SignedLatencyHistogram();
    for (int i = 1; i <= 10; i++) {
      h.recordNanos(-i * 10_000_000L); // -10 .. -100 ms
    }
    LatencySummary s = h.summary();
    assertThat(s.maxMillis()).isCloseTo(-10.0, within(0.1));
    assertThat(s.p50Millis()).isCloseTo(-50.0, within(0.1));
  }

  @Test
  void emptyIsEmpty() {
    assertThat(new SignedLatencyHistogram().summary()).isEqualTo(LatencySummary.EMPTY);
    assertThat(new LatencyHistogram().summary()).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void valuesBeyondAnHourAreClampedNotLost() {
    LatencyHistogram h = new LatencyHistogram();
    h.recordNanos(Long.MAX_VALUE);
    h.recordNanos(-5);
    assertThat(h.summary().count()).isEqualTo(2);
  }
}
