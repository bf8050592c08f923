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
import dev.shadowpipeline.spark.job.SparkDrift.ColumnSide;
import java.util.List;
import java.util.Locale;

/**
 * A numeric column too large to collect, judged from {@link ExactNumericScan}'s statistics with the engine's own test
 * choice, thresholds and formulas ({@link SummaryTests}). Tests that need every value in one place (rank tests other
 * than KS, Epps-Singleton, MMD...) give the column an error status that says so, never a made-up score.
 */
final class LargeNumericColumn {

  /** The tests computed at scale, for messages. */
  static final List<String> AT_SCALE =
      List.of("ks", "wasserstein", "jensenshannon", "psi", "kl_div", "hellinger");

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
              return testEdges(chosen[0].name(), totals);
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
        if (result == null) {
          problem =
              String.format(
                  Locale.ROOT,
                  "test '%s' needs all %d values in one place, more than --collect-limit %d; the Spark engine"
                      + " computes %s at any size",
                  test.name(),
                  scan.totals().referenceValues() + scan.totals().currentValues(),
                  settings.collectLimit(),
                  String.join(", ", AT_SCALE));
        }
      } catch (RuntimeException e) {
        problem = "test '" + test.name() + "' failed: " + e;
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

  private static StatTestResult run(
      StatTest test,
      double threshold,
      ExactNumericScan.Result scan,
      ColumnSide ref,
      ColumnSide cur) {
    ExactNumericScan.Totals t = scan.totals();
    String name = test.name();
    if (name.equals("ks")) {
      return SummaryTests.ks(scan.ksStatistic(), t.referenceValues(), t.currentValues(), threshold);
    }
    if (name.equals("wasserstein")) {
      return SummaryTests.wasserstein(scan.wassersteinIntegral(), scan.referenceStd(), threshold);
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
