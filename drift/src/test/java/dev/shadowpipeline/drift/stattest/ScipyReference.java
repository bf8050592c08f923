package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Assertions with a stated relative tolerance, and the shared generated data of the reference scripts. */
final class ScipyReference {

  private ScipyReference() {}

  static void assertRelative(double actual, double expected, double relative) {
    if (Double.isInfinite(expected)) {
      assertThat(actual).isEqualTo(expected);
      return;
    }
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * relative + 1e-300));
  }

  /** A categorical pair from numeric codes, labelled "0", "1", ...: the same data Evidently would see as strings. */
  static CategoricalPair categorical(double[] ref, double[] cur, int k) {
    long[] r = new long[k];
    long[] c = new long[k];
    for (double v : ref) {
      r[(int) v]++;
    }
    for (double v : cur) {
      c[(int) v]++;
    }
    java.util.List<String> labels = new java.util.ArrayList<>();
    for (int i = 0; i < k; i++) {
      labels.add(Integer.toString(i));
    }
    return new CategoricalPair(labels, r, c);
  }
}
