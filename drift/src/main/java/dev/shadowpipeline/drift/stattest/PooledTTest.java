package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Student's two-sample t-test with a pooled variance, {@code scipy.stats.ttest_ind(ref, cur)} ({@code
 * equal_var=True}), Evidently's {@code t_test}: t = (m<sub>1</sub> - m<sub>2</sub>) / sqrt(s<sub>p</sub>&sup2; (1/n
 * + 1/m)), s<sub>p</sub>&sup2; = ((n - 1) v<sub>1</sub> + (m - 1) v<sub>2</sub>) / (n + m - 2), n + m - 2 degrees of
 * freedom, computed by Commons Statistics' {@link TTest} with {@link DataDispersion#HOMOSCEDASTIC}. Drift when p &lt;
 * threshold (default 0.05).
 *
 * <p>Used by {@code --compat evidently}; the native {@code t_test} is Welch's ({@link WelchTTest}), which stays valid
 * when a drifted column changes its spread. Degenerate data: a side with fewer than two values is refused ({@link
 * IllegalArgumentException}); both sides constant gives p = 0 (statistic &plusmn;&infin;) when they differ and NaN
 * when they are equal (scipy divides 0 by 0), which the engine reports as an error, never as "no drift".
 */
final class PooledTTest extends AbstractStatTest {

  private static final TTest STUDENT = TTest.withDefaults().with(DataDispersion.HOMOSCEDASTIC);

  PooledTTest() {
    super("t_test", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.NUMERIC);
  }

  /** As Welch's; see the class comment. */
  @Override
  int minimumValues() {
    return 2;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double[] x = pair.reference();
    double[] y = pair.current();
    double mx = Samples.mean(x);
    double my = Samples.mean(y);
    double vx = WelchTTest.variance(x);
    double vy = WelchTTest.variance(y);
    WelchTTest.requireFinite(mx, vx, my, vy);
    if (vx == 0 && vy == 0) {
      double diff = mx - my;
      return diff == 0
          ? result(Double.NaN, Double.NaN, threshold)
          : result(Math.copySign(Double.POSITIVE_INFINITY, diff), 0.0, threshold);
    }
    TTest.Result r = STUDENT.test(mx, vx, x.length, my, vy, y.length);
    return result(r.getStatistic(), r.getPValue(), threshold);
  }
}
