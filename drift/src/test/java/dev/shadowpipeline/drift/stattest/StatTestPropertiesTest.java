package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties every test must have, on generated data (jqwik). */
class StatTestPropertiesTest {

  /**
   * The test's score, or NaN when it refuses the data (too few values, one distinct value) or answers with no number,
   * which the engine reports as an error for the column, never as a result.
   */
  static double judged(StatTest t, ColumnPair pair) {
    StatTestResult r;
    try {
      r = t.test(pair, t.defaultThreshold());
    } catch (IllegalArgumentException refused) {
      return Double.NaN;
    }
    return StatTest.unusable(t, r) == null ? r.score() : Double.NaN;
  }

  /**
   * Tests symmetric in reference and current for numeric data. {@code jensenshannon} and {@code psi} are symmetric
   * formulas, but Evidently decides whether to bin from the reference's distinct count, so on numeric data swapping
   * the sides can change the bins; they are checked on categorical data below.
   */
  private static final List<String> SYMMETRIC =
      List.of(
          "ks",
          "anderson",
          "cramer_von_mises",
          "mannw",
          "t_test",
          "epps_singleton",
          "energy_distance",
          "hellinger");

  @Provide
  Arbitrary<double[]> sample() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6).array(double[].class).ofMinSize(1).ofMaxSize(150),
        Arbitraries.integers()
            .between(-3, 3)
            .map(i -> (double) i)
            .array(double[].class)
            .ofMinSize(1)
            .ofMaxSize(150));
  }

  @Property(tries = 300)
  void pValuesLieInTheUnitIntervalAndDistancesAreNonNegative(
      @ForAll("sample") double[] ref, @ForAll("sample") double[] cur) {
    NumericPair pair = new NumericPair(ref, cur);
    for (StatTest t : StatTests.all()) {
      if (t.name().equals("fisher_exact") || t.name().equals("empirical_mmd")) {
        continue; // fisher_exact needs two categories; mmd is covered in its own test (it is
        // slower)
      }
      double score = judged(t, pair);
      if (Double.isNaN(score)) {
        continue; // refused: an error for the column
      }
      if (t.kind() == TestKind.P_VALUE) {
        assertThat(score).as(t.name()).isBetween(0.0, 1.0);
      } else {
        assertThat(score).as(t.name()).isGreaterThanOrEqualTo(0.0);
      }
    }
  }

  @Property(tries = 200)
  void aSampleAgainstItselfNeverDrifts(@ForAll("sample") double[] values) {
    NumericPair pair = new NumericPair(values, values.clone());
    for (StatTest t : StatTests.all()) {
      if (t.name().equals("fisher_exact") && Samples.counts(pair).size() > 2) {
        continue;
      }
      StatTestResult r;
      try {
        r = t.test(pair, t.defaultThreshold());
      } catch (IllegalArgumentException refused) {
        continue; // too few values or one distinct value: an error, not drift
      }
      assertThat(r.drifted()).as(t.name() + " score " + r.score()).isFalse();
    }
  }

  @Property(tries = 200)
  void symmetricTestsIgnoreWhichSideIsReference(
      @ForAll("sample") double[] a, @ForAll("sample") double[] b) {
    for (String name : SYMMETRIC) {
      StatTest t = StatTests.byName(name);
      double ab = judged(t, new NumericPair(a, b));
      double ba = judged(t, new NumericPair(b, a));
      if (Double.isNaN(ab)) {
        assertThat(ba).as(name).isNaN();
      } else {
        assertThat(ba).as(name).isCloseTo(ab, within(1e-9 * Math.max(1, Math.abs(ab))));
      }
    }
  }

  @Property(tries = 200)
  void histogramDistancesAreSymmetricOnCategories(
      @ForAll("counts") long[] a, @ForAll("counts") long[] b) {
    List<String> labels = List.of("a", "b", "c", "d", "e");
    CategoricalPair ab = new CategoricalPair(labels, a, b);
    CategoricalPair ba = new CategoricalPair(labels, b, a);
    // not tvd: its permutations are drawn over the pooled values, reference first, so swapping the
    // sides draws other permutations (its distance, the statistic, is symmetric by its formula)
    for (String name : List.of("jensenshannon", "psi", "hellinger", "chisquare", "z")) {
      if (name.equals("chisquare")) {
        continue; // expected counts come from the reference: not symmetric by definition
      }
      StatTest t = StatTests.byName(name);
      double s1 = t.test(ab, t.defaultThreshold()).score();
      double s2 = t.test(ba, t.defaultThreshold()).score();
      assertThat(s2).as(name).isCloseTo(s1, within(1e-9 * Math.max(1, Math.abs(s1))));
    }
  }

  @Provide
  Arbitrary<long[]> counts() {
    return Arbitraries.longs()
        .between(0, 50)
        .array(long[].class)
        .ofSize(5)
        .filter(
            c -> {
              long sum = 0;
              for (long v : c) {
                sum += v;
              }
              return sum > 0;
            });
  }

  @Property(tries = 150)
  void rowOrderDoesNotMatter(@ForAll("sample") double[] a, @ForAll("sample") double[] b) {
    double[] reversed = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      reversed[i] = b[b.length - 1 - i];
    }
    for (StatTest t : StatTests.all()) {
      if (t.name().equals("fisher_exact") || t.name().equals("empirical_mmd")) {
        continue;
      }
      double s1 = judged(t, new NumericPair(a, b));
      double s2 = judged(t, new NumericPair(a, reversed));
      if (Double.isNaN(s1)) {
        assertThat(s2).as(t.name()).isNaN();
      } else {
        assertThat(s2).as(t.name()).isCloseTo(s1, within(1e-9 * Math.max(1, Math.abs(s1))));
      }
    }
  }
}
