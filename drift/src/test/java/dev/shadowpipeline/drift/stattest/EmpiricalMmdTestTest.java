package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code empirical_mmd}: Evidently's p-value comes from unseeded numpy permutations, so there is no fixed reference
 * value; these check the behaviour instead (deterministic, bounded, detects a shift, accepts identical samples).
 */
class EmpiricalMmdTestTest {

  private final StatTest mmd = StatTests.byName("empirical_mmd");

  @Test
  void detectsAShiftAndIsDeterministic() {
    NumericPair shifted = new NumericPair(Lcg.normals(1, 300, 0, 1), Lcg.normals(2, 200, 1.0, 1));
    StatTestResult a = mmd.test(shifted, 0.1);
    StatTestResult b = mmd.test(shifted, 0.1);
    assertThat(a).isEqualTo(b);
    assertThat(a.score()).isZero();
    assertThat(a.drifted()).isTrue();
    assertThat(a.statistic()).isPositive();
  }

  @Test
  void sameDistributionDoesNotDrift() {
    StatTestResult r =
        mmd.test(new NumericPair(Lcg.normals(3, 300, 0, 1), Lcg.normals(4, 250, 0, 1)), 0.1);
    assertThat(r.drifted()).isFalse();
  }

  @Test
  void largeInputsAreSubsampled() {
    double[] big = Lcg.normals(5, 1_000_000, 0, 1);
    StatTestResult r = mmd.test(new NumericPair(big, Lcg.normals(6, 800_000, 0.5, 1)), 0.1);
    assertThat(r.drifted()).isTrue();
    assertThat(EmpiricalMmdTest.subsample(big, new java.util.SplittableRandom(1)))
        .hasSize(EmpiricalMmdTest.MAX_SAMPLE);
  }

  @Test
  void theRowsOrderDoesNotChangeTheSampleOrTheSeededPValue() {
    // the engine hands columns over in file order: the same values must give the same answer
    double[] ref = Lcg.normals(7, 3_000, 0, 1);
    double[] cur = Lcg.normals(8, 400, 0.1, 1);
    double[] refReversed = new double[ref.length];
    double[] curReversed = new double[cur.length];
    for (int i = 0; i < ref.length; i++) {
      refReversed[i] = ref[ref.length - 1 - i];
    }
    for (int i = 0; i < cur.length; i++) {
      curReversed[i] = cur[cur.length - 1 - i];
    }
    StatTestResult forward = mmd.test(new NumericPair(ref, cur), 0.1);
    StatTestResult backward = mmd.test(new NumericPair(refReversed, curReversed), 0.1);
    assertThat(backward).isEqualTo(forward);
  }
}
