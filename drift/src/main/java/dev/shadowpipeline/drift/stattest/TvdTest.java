package dev.shadowpipeline.drift.stattest;

/**
 * Total variation distance, &frac12; &Sigma; |p<sub>i</sub> - q<sub>i</sub>| over the category shares (each distinct
 * value of a numeric column is a category), as Evidently's {@code _total_variation_distance}. Drift when the distance
 * is &gt;= threshold (default 0.1).
 *
 * <p>Evidently's {@code TVD} test reports instead the p-value of a 1000-round permutation test driven by numpy's global
 * random generator, which cannot be reproduced outside numpy; the distance itself is deterministic and is what is
 * reported here.
 */
final class TvdTest extends AbstractStatTest {

  TvdTest() {
    super(
        "tvd",
        TestKind.DISTANCE,
        0.1,
        Decision.AT_OR_ABOVE,
        ColumnType.CATEGORICAL,
        ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Samples.Counts counts = Samples.counts(data);
    double nRef = counts.referenceTotal();
    double nCur = counts.currentTotal();
    double sum = 0;
    for (int i = 0; i < counts.size(); i++) {
      sum += Math.abs(counts.reference()[i] / nRef - counts.current()[i] / nCur);
    }
    double tvd = 0.5 * sum;
    return result(tvd, tvd, threshold);
  }
}
