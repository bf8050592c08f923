package dev.shadowpipeline.spark.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The exact statistics of one numeric column, computed where the data is: the pooled values are counted per distinct
 * value (one shuffle), range-partitioned and sorted (a second), and then read in two passes over the sorted
 * partitions. The first pass finds each partition's totals, so that the second knows, for every value, how many
 * values of each side lie at or below it: the empirical CDFs exactly, in the same integer counts and the same
 * floating-point expressions as the local merge walk. The driver receives a few numbers per partition, never the
 * values.
 *
 * <p>What comes out: the Kolmogorov-Smirnov statistic (bit for bit as the local {@code ks}), the Wasserstein integral
 * &int; |F<sub>ref</sub> - F<sub>cur</sub>| (summed per partition, so its last bits may differ from the local walk's
 * single sum), the reference's mean and population standard deviation (two passes, as numpy), the distinct counts the
 * default-test rule needs, the report's histogram and, when a test asks, counts over its own bin edges.
 */
final class ExactNumericScan {

  private ExactNumericScan() {}

  /** What the first pass found, summed over partitions. */
  record Totals(
      long referenceValues,
      long currentValues,
      long distinctValues,
      long referenceDistinct,
      double min,
      double max,
      double referenceMean) {}

  /**
   * Everything the column's report and tests need.
   *
   * @param totals counts, range and mean
   * @param referenceStd population standard deviation of the reference (ddof 0)
   * @param ksStatistic max |F<sub>ref</sub> - F<sub>cur</sub>| after each tie group
   * @param wassersteinIntegral &int; |F<sub>ref</sub> - F<sub>cur</sub>| dx
   * @param histogramEdges the report histogram's edges (as the local engine draws it)
   * @param histogramReference reference counts per histogram bin
   * @param histogramCurrent current counts per histogram bin
   * @param testEdges edges asked for by the test, or null
   * @param testReference reference counts over {@code testEdges} ({@code np.histogram}'s bins), or null
   * @param testCurrent current counts over {@code testEdges}, or null
   */
  record Result(
      Totals totals,
      double referenceStd,
      double ksStatistic,
      double wassersteinIntegral,
      double[] histogramEdges,
      long[] histogramReference,
      long[] histogramCurrent,
      double[] testEdges,
      long[] testReference,
      long[] testCurrent) {}

  /** One partition after the first pass. */
  record Part(
      int index,
      long rows,
      long ref,
      long cur,
      long refDistinct,
      double first,
      double last,
      double refSum)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One partition after the second pass. */
  record Walk(
      int index,
      double maxDiff,
      double minDiff,
      double interior,
      double refSquares,
      long[] histRef,
      long[] histCur,
      long[] testRef,
      long[] testCur)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Scans a column.
   *
   * @param reference the reference side's finite values, one double column
   * @param current the current side's finite values, one double column
   * @param partitions range partitions of the sorted distinct values
   * @param histogramBins bins of the report's histogram
   * @param testEdges given the totals, the edges of the bins the test counts over, or null for none
   */
  static Result scan(
      Dataset<Row> reference,
      Dataset<Row> current,
      int partitions,
      int histogramBins,
      Function<Totals, double[]> testEdges) {
    Dataset<Row> pooled =
        reference
            .toDF("v")
            .withColumn("r", functions.lit(1L))
            .withColumn("c", functions.lit(0L))
            .unionAll(
                current
                    .toDF("v")
                    .withColumn("r", functions.lit(0L))
                    .withColumn("c", functions.lit(1L)));
    // Spark normalises -0.0 to 0.0 in grouping keys: one value, as the local walk's == makes them
    Dataset<Row> sorted =
        pooled
            .groupBy("v")
            .agg(functions.sum("r").as("r"), functions.sum("c").as("c"))
            .repartitionByRange(partitions, functions.col("v"))
            .sortWithinPartitions("v");
    JavaRDD<Row> rows = sorted.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Part> parts =
          new ArrayList<>(rows.mapPartitionsWithIndex(ExactNumericScan::firstPass, true).collect());
      parts.sort((a, b) -> Integer.compare(a.index(), b.index()));
      Totals totals = totals(parts);
      int count = parts.size();
      long[] refBefore = new long[count + 1];
      long[] curBefore = new long[count + 1];
      for (Part p : parts) {
        refBefore[p.index() + 1] = p.ref();
        curBefore[p.index() + 1] = p.cur();
      }
      for (int i = 1; i <= count; i++) {
        refBefore[i] += refBefore[i - 1];
        curBefore[i] += curBefore[i - 1];
      }
      double[] histEdges = histogramEdges(totals.min(), totals.max(), histogramBins);
      double[] tEdges = testEdges.apply(totals);
      long n1 = totals.referenceValues();
      long n2 = totals.currentValues();
      double mean = totals.referenceMean();
      List<Walk> walks =
          new ArrayList<>(
              rows.mapPartitionsWithIndex(
                      (index, it) ->
                          secondPass(
                              index,
                              it,
                              refBefore[index],
                              curBefore[index],
                              n1,
                              n2,
                              mean,
                              histEdges,
                              tEdges),
                      true)
                  .collect());
      walks.sort((a, b) -> Integer.compare(a.index(), b.index()));
      return combine(totals, parts, walks, refBefore, curBefore, histEdges, tEdges);
    } finally {
      rows.unpersist(false);
    }
  }

  private static Iterator<Part> firstPass(int index, Iterator<Row> it) {
    long rows = 0;
    long ref = 0;
    long cur = 0;
    long refDistinct = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    double refSum = 0;
    while (it.hasNext()) {
      Row row = it.next();
      double v = row.getDouble(0);
      long r = row.getLong(1);
      long c = row.getLong(2);
      if (rows == 0) {
        first = v;
      }
      last = v;
      rows++;
      ref += r;
      cur += c;
      if (r > 0) {
        refDistinct++;
        refSum += r * v;
      }
    }
    return List.of(new Part(index, rows, ref, cur, refDistinct, first, last, refSum)).iterator();
  }

  private static Totals totals(List<Part> parts) {
    long ref = 0;
    long cur = 0;
    long distinct = 0;
    long refDistinct = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double refSum = 0;
    for (Part p : parts) {
      if (p.rows() == 0) {
        continue;
      }
      if (Double.isNaN(min)) {
        min = p.first();
      }
      max = p.last();
      ref += p.ref();
      cur += p.cur();
      distinct += p.rows();
      refDistinct += p.refDistinct();
      refSum += p.refSum();
    }
    return new Totals(ref, cur, distinct, refDistinct, min, max, refSum / ref);
  }

  /** The local engine's report histogram: equal-width bins over min-max, one bin when every value is the same. */
  static double[] histogramEdges(double min, double max, int histogramBins) {
    int bins = max > min ? histogramBins : 1;
    double width = (max - min) / bins;
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = min + i * width;
    }
    return edges;
  }

  private static Iterator<Walk> secondPass(
      int index,
      Iterator<Row> it,
      long refBefore,
      long curBefore,
      long n1,
      long n2,
      double mean,
      double[] histEdges,
      double[] testEdges) {
    long refAtOrBelow = refBefore;
    long curAtOrBelow = curBefore;
    double maxDiff = 0;
    double minDiff = 0;
    double interior = 0;
    double squares = 0;
    int bins = histEdges.length - 1;
    double histMin = histEdges[0];
    double width = (histEdges[bins] - histEdges[0]) / bins;
    long[] histRef = new long[bins];
    long[] histCur = new long[bins];
    long[] testRef = testEdges == null ? null : new long[testEdges.length - 1];
    long[] testCur = testEdges == null ? null : new long[testEdges.length - 1];
    boolean first = true;
    double prev = Double.NaN;
    double prevDiff = 0;
    while (it.hasNext()) {
      Row row = it.next();
      double v = row.getDouble(0);
      long r = row.getLong(1);
      long c = row.getLong(2);
      if (!first) {
        // the CDFs are constant between consecutive pooled values, at their value after the
        // previous one
        interior += Math.abs(prevDiff) * (v - prev);
      }
      refAtOrBelow += r;
      curAtOrBelow += c;
      // cdf1 - cdf2 exactly as scipy (and the local ks) forms it: two divisions, one subtraction
      double diff = (double) refAtOrBelow / n1 - (double) curAtOrBelow / n2;
      maxDiff = Math.max(maxDiff, diff);
      minDiff = Math.min(minDiff, diff);
      if (r > 0) {
        double d = v - mean;
        squares += r * (d * d);
      }
      int bin = width > 0 ? (int) ((v - histMin) / width) : 0;
      bin = Math.min(Math.max(bin, 0), bins - 1); // the maximum belongs to the last bin
      histRef[bin] += r;
      histCur[bin] += c;
      if (testEdges != null) {
        int t = numpyBin(testEdges, v);
        if (t >= 0) {
          testRef[t] += r;
          testCur[t] += c;
        }
      }
      prev = v;
      prevDiff = diff;
      first = false;
    }
    return List.of(
            new Walk(
                index, maxDiff, minDiff, interior, squares, histRef, histCur, testRef, testCur))
        .iterator();
  }

  /** The bin of {@code np.histogram(values, edges)} holding v: [e_i, e_i+1), the last closed; -1 outside. */
  static int numpyBin(double[] edges, double v) {
    int bins = edges.length - 1;
    if (!(v >= edges[0] && v <= edges[bins])) {
      return -1;
    }
    if (v >= edges[bins - 1]) {
      return bins - 1;
    }
    int lo = 0;
    int hi = bins - 1;
    // the largest i with edges[i] <= v
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (edges[mid] <= v) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static Result combine(
      Totals totals,
      List<Part> parts,
      List<Walk> walks,
      long[] refBefore,
      long[] curBefore,
      double[] histEdges,
      double[] testEdges) {
    long n1 = totals.referenceValues();
    long n2 = totals.currentValues();
    double maxS = 0;
    double minS = 0;
    double integral = 0;
    double squares = 0;
    long[] histRef = new long[histEdges.length - 1];
    long[] histCur = new long[histEdges.length - 1];
    long[] testRef = testEdges == null ? null : new long[testEdges.length - 1];
    long[] testCur = testEdges == null ? null : new long[testEdges.length - 1];
    for (Walk w : walks) {
      maxS = Math.max(maxS, w.maxDiff());
      minS = Math.min(minS, w.minDiff());
      integral += w.interior();
      squares += w.refSquares();
      add(histRef, w.histRef());
      add(histCur, w.histCur());
      if (testEdges != null) {
        add(testRef, w.testRef());
        add(testCur, w.testCur());
      }
    }
    // between the last value of one partition and the first of the next non-empty one
    Part previous = null;
    for (Part p : parts) {
      if (p.rows() == 0) {
        continue;
      }
      if (previous != null) {
        long refAt = refBefore[previous.index() + 1];
        long curAt = curBefore[previous.index() + 1];
        double diff = (double) refAt / n1 - (double) curAt / n2;
        integral += Math.abs(diff) * (p.first() - previous.last());
      }
      previous = p;
    }
    double below = Math.min(Math.max(-minS, 0), 1);
    double ks = below > maxS ? below : maxS;
    return new Result(
        totals,
        Math.sqrt(squares / n1),
        ks,
        integral,
        histEdges,
        histRef,
        histCur,
        testEdges,
        testRef,
        testCur);
  }

  private static void add(long[] into, long[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }
}
