package dev.shadowpipeline.spark.job;

import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.Histogram;
import dev.shadowpipeline.drift.engine.SideStats;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.stattest.Binning;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.SummaryTests;
import dev.shadowpipeline.drift.stattest.TieGroupSums;
import dev.shadowpipeline.spark.job.SparkDrift.ColumnSide;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * A numeric column too large to collect, judged from {@link ExactNumericScan}'s statistics with the engine's own test
 * choice, thresholds and formulas ({@link SummaryTests}). Every numeric test runs at any size: the ECDF, rank and
 * moment tests from exact distributed sums, {@code empirical_mmd} on a seeded random sample of {@value
 * SummaryTests#MMD_SAMPLE} values per side, the size the local test samples down to. The one case left, a binned
 * test over per-value bins with too many distinct values, gives the column an error status that says so, never a
 * made-up score.
 */
final class LargeNumericColumn {

  /** Seeds Spark's sampler for {@code empirical_mmd}, so that a rerun on the same partitions gives the same p. */
  private static final long MMD_SAMPLE_SEED = 0x5EED_D21F7L;

  /** Per-value bins (reference with at most 20 distinct values) are collected up to this many pooled values. */
  private static final long MAX_VALUE_BINS = 100_000;

  private final DriftOptions options;
  private final JobSettings settings;

  LargeNumericColumn(DriftOptions options, JobSettings settings) {
    this.options = options;
    this.settings = settings;
  }

  ColumnDrift compare(
      String name,
      TypeDecision decision,
      ColumnSide ref,
      ColumnSide cur,
      String refName,
      String curName) {
    SideStats refSide = SideStats.of(ref.rows(), ref.missing());
    SideStats curSide = SideStats.of(cur.rows(), cur.missing());
    TestSelection selection = options.selectionFor(name, ColumnType.NUMERIC);
    // the test may depend on the distinct count, which the scan's first pass finds; its bins on the
    // test
    StatTest[] chosen = new StatTest[1];
    ExactNumericScan.Result scan =
        ExactNumericScan.scan(
            ref.values(),
            cur.values(),
            settings.partitions(),
            options.histogramBins(),
            totals -> {
              chosen[0] =
                  selection
                      .test()
                      .orElseGet(
                          () ->
                              StandardCatalog.INSTANCE.defaultTest(
                                  ColumnType.NUMERIC,
                                  totals.referenceValues(),
                                  totals.distinctValues()));
              String test = chosen[0].name();
              return new ExactNumericScan.Plan(
                  testEdges(test, totals), rankSums(test), test.equals("epps_singleton"));
            });
    StatTest test = chosen[0];
    Histogram histogram = histogram(scan);
    double threshold = selection.threshold().orElse(test.defaultThreshold());
    String problem = null;
    StatTestResult result = null;
    if (!test.supportedTypes().contains(ColumnType.NUMERIC)) {
      problem = "test '" + test.name() + "' does not apply to numeric columns";
    } else {
      try {
        result = run(test, threshold, scan, ref, cur);
        if (result != null) {
          // as the local engine: a NaN or infinite answer is no answer, never "no drift"
          result = StatTest.requireUsable(test, result);
        } else {
          problem =
              String.format(
                  Locale.ROOT,
                  "test '%s' on one bin per distinct value needs more than %d bins (%d distinct values); choose"
                      + " a test that bins the column, e.g. wasserstein or ks",
                  test.name(),
                  MAX_VALUE_BINS,
                  scan.totals().distinctValues());
        }
      } catch (RuntimeException e) {
        result = null;
        problem = StatTest.failure(test, e);
      }
    }
    ColumnStatus status = problem == null ? ColumnStatus.OK : ColumnStatus.ERROR;
    return new ColumnDrift(
        name,
        ColumnType.NUMERIC,
        decision.reason(),
        status,
        problem == null ? "" : problem,
        result,
        refSide,
        curSide,
        0,
        List.of(),
        histogram,
        options.missingShareMoved(status, refSide, curSide));
  }

  /** The edges the test counts over, as {@link Binning} and the Hellinger test choose them; null for none. */
  private static double[] testEdges(String test, ExactNumericScan.Totals t) {
    if (SummaryTests.BINNED.contains(test)
        && t.referenceDistinct() > Binning.MAX_DISTINCT_UNBINNED) {
      return Binning.sturgesEdges(t.min(), t.max(), t.referenceValues() + t.currentValues());
    }
    if (test.equals("hellinger")) {
      return Binning.sturgesEdges(t.min(), t.max(), t.distinctValues());
    }
    return null;
  }

  private static TieGroupSums.Statistic rankSums(String test) {
    for (TieGroupSums.Statistic s : TieGroupSums.Statistic.values()) {
      if (s.test().equals(test)) {
        return s;
      }
    }
    return null;
  }

  private static StatTestResult run(
      StatTest test,
      double threshold,
      ExactNumericScan.Result scan,
      ColumnSide ref,
      ColumnSide cur) {
    ExactNumericScan.Totals t = scan.totals();
    String name = test.name();
    // what the test refuses on the values (too few of them, one distinct value), it refuses here
    SummaryTests.requireJudgeable(
        name, t.referenceValues(), t.currentValues(), t.distinctValues(), t.min());
    if (scan.testEdges() != null) {
      // Sturges bins over a range past the doubles fell back to one bin: refused, as locally
      Binning.requireFiniteRange(t.min(), t.max());
    }
    if (name.equals("ks")) {
      return SummaryTests.ks(scan.ksStatistic(), t.referenceValues(), t.currentValues(), threshold);
    }
    if (name.equals("wasserstein")) {
      return SummaryTests.wasserstein(scan.wassersteinIntegral(), scan.referenceStd(), threshold);
    }
    if (name.equals("energy_distance")) {
      return SummaryTests.energy(scan.energyIntegral(), threshold);
    }
    if (scan.rankSums() != null) {
      return SummaryTests.rankTest(scan.rankSums(), threshold);
    }
    long n1 = t.referenceValues();
    long n2 = t.currentValues();
    if (name.equals("t_test")) {
      return SummaryTests.tTest(
          t.referenceMean(),
          scan.referenceSquares() / (n1 - 1),
          n1,
          t.currentMean(),
          scan.currentSquares() / (n2 - 1),
          n2,
          threshold);
    }
    if (name.equals("z")) {
      return SummaryTests.z(
          t.referenceAtMin(), n1, t.currentAtMin(), n2, t.distinctValues(), threshold);
    }
    if (name.equals("epps_singleton")) {
      ExactNumericScan.EppsMoments m = scan.eppsMoments();
      return SummaryTests.eppsSingleton(
          m.referenceMean(),
          m.referenceProducts(),
          n1,
          m.currentMean(),
          m.currentProducts(),
          n2,
          threshold);
    }
    if (name.equals("empirical_mmd")) {
      return SummaryTests.empiricalMmd(sample(ref), sample(cur), threshold);
    }
    if (name.equals("hellinger")) {
      return SummaryTests.hellinger(
          scan.testEdges(),
          scan.testReference(),
          scan.testCurrent(),
          t.referenceValues(),
          t.currentValues(),
          threshold);
    }
    if (SummaryTests.BINNED.contains(name)) {
      if (scan.testEdges() != null) {
        return SummaryTests.binned(name, scan.testReference(), scan.testCurrent(), threshold);
      }
      if (t.distinctValues() > MAX_VALUE_BINS) {
        return null;
      }
      long[][] perValue = ValueCounts.collect(ref.values(), cur.values());
      return SummaryTests.binned(name, perValue[0], perValue[1], threshold);
    }
    return null;
  }

  /** A seeded random sample without replacement of {@link SummaryTests#MMD_SAMPLE} values (all, when fewer). */
  private static double[] sample(ColumnSide side) {
    List<Row> rows =
        side.values().javaRDD().takeSample(false, SummaryTests.MMD_SAMPLE, MMD_SAMPLE_SEED);
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i).getDouble(0);
    }
    return values;
  }

  private static Histogram histogram(ExactNumericScan.Result scan) {
    return new Histogram.Bins(
        scan.histogramEdges(),
        shares(scan.histogramReference(), scan.totals().referenceValues()),
        shares(scan.histogramCurrent(), scan.totals().currentValues()));
  }

  private static double[] shares(long[] counts, long total) {
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i] / (double) total;
    }
    return out;
  }
}
