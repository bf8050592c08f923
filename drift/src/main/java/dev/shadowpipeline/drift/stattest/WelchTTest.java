package dev.shadowpipeline.drift.stattest;

import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Welch's two-sample t-test (unequal variances), {@code scipy.stats.ttest_ind(ref, cur, equal_var=False)}, computed
 * by Commons Statistics' {@link TTest} with {@link DataDispersion#HETEROSCEDASTIC}. Drift when p &lt; threshold.
 *
 * <p>Evidently's {@code t_test} assumes equal variances (Student); Welch's is the safer default when a drifted column
 * changes its spread, so this one is Welch's ({@code --compat evidently} uses {@link PooledTTest}). Degenerate data: both sides constant gives p = 1 when the values are
 * equal and p = 0 (statistic &plusmn;&infin;) when they differ; a side with a single value has no variance, so the
 * the test throws {@link IllegalArgumentException} (scipy returns NaN): the column is an error, never "no drift".
 */
final class WelchTTest extends AbstractStatTest {

  private static final TTest WELCH = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC);

  WelchTTest() {
    super("t_test", TestKind.P_VALUE, 0.05, Decision.BELOW, ColumnType.NUMERIC);
  }

  /** A variance needs two values; scipy returns NaN. */
  @Override
  int minimumValues() {
    return 2;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double[] x = pair.reference();
    double[] y = pair.current();
    StatisticAndP r =
        fromMoments(Samples.mean(x), variance(x), x.length, Samples.mean(y), variance(y), y.length);
    return result(r.statistic(), r.pValue(), threshold);
  }

  /**
   * The statistic and p-value from each side's mean, sample variance (ddof 1) and size, both sizes at least 2.
   *
   * @throws IllegalArgumentException when a mean or variance overflowed the doubles ({@link #requireFinite})
   */
  static StatisticAndP fromMoments(double mx, double vx, long nx, double my, double vy, long ny) {
    requireFinite(mx, vx, my, vy);
    if (vx == 0 && vy == 0) {
      double diff = mx - my;
      return diff == 0
          ? new StatisticAndP(0.0, 1.0)
          : new StatisticAndP(Math.copySign(Double.POSITIVE_INFINITY, diff), 0.0);
    }
    TTest.Result r = WELCH.test(mx, vx, nx, my, vy, ny);
    return new StatisticAndP(r.getStatistic(), r.getPValue());
  }

  /**
   * Refuses moments that overflowed the doubles (values whose squared deviations pass 1.8e308, or whose sum does):
   * the statistic would be 0 or NaN, p = 1 or NaN, read as "no drift" however far apart the columns lie (scipy's
   * {@code ttest_ind} gives the same), where a column that cannot be measured must never be reported as healthy.
   */
  static void requireFinite(double mx, double vx, double my, double vy) {
    if (!(Double.isFinite(mx)
        && Double.isFinite(vx)
        && Double.isFinite(my)
        && Double.isFinite(vy))) {
      throw new IllegalArgumentException(
          "the columns' means or variances overflow the doubles (reference mean "
              + mx
              + ", variance "
              + vx
              + "; current mean "
              + my
              + ", variance "
              + vy
              + "): the t statistic cannot be computed; choose a rank test, e.g. mannw or ks");
    }
  }

  /** Sample variance, ddof 1, two-pass. */
  static double variance(double[] v) {
    double mean = Samples.mean(v);
    double ss = 0;
    for (double d : v) {
      ss += (d - mean) * (d - mean);
    }
    return ss / (v.length - 1);
  }
}
