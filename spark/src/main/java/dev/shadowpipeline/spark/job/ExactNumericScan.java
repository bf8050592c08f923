package dev.shadowpipeline.spark.job;

import dev.shadowpipeline.drift.engine.EqualWidthBins;
import dev.shadowpipeline.drift.stattest.SummaryTests;
import dev.shadowpipeline.drift.stattest.TieGroupSums;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The exact statistics of one numeric column, computed where the data is: the pooled values are counted per distinct
 * value (one shuffle), range-partitioned and sorted (a second), and then read in two passes over the sorted
 * partitions. The first pass finds each partition's totals, so that the second knows, for every value, how many
 * values of each side lie at or below it: the empirical CDFs exactly, in the same integer counts and the same
 * floating-point expressions as the local merge walk. The driver receives a few numbers per partition, never the
 * values.
 *
 * <p>What comes out: the Kolmogorov-Smirnov statistic (bit for bit as the local {@code ks}), the integrals
 * &int; |F<sub>ref</sub> - F<sub>cur</sub>| (Wasserstein) and &int; (F<sub>ref</sub> - F<sub>cur</sub>)&sup2; (energy
 * distance), both sides' means and sums of squared deviations (two passes, as numpy), the counts at the minimum (the
 * z-test), the pooled quartiles, the distinct counts the default-test rule needs, the report's histogram and, when
 * the test asks, counts over its own bin edges, the rank tests' sums over tie groups ({@link TieGroupSums}) or, in two
 * more passes, Epps-Singleton's feature moments. Sums are formed per partition and added in partition order, so
 * their last bits may differ from the local walk's single sum; every other number is the same.
 */
final class ExactNumericScan {

  private ExactNumericScan() {}

  /**
   * What the first pass found, summed over partitions.
   *
   * @param referenceAtMin reference values equal to the minimum
   * @param currentAtMin current values equal to the minimum
   */
  record Totals(
      long referenceValues,
      long currentValues,
      long distinctValues,
      long referenceDistinct,
      double min,
      double max,
      double referenceMean,
      double currentMean,
      long referenceAtMin,
      long currentAtMin) {}

  /**
   * What the column's test needs beyond what every scan computes.
   *
   * @param testEdges edges of the bins the test counts over, or null
   * @param rankSums the rank test whose sums to build, or null
   * @param eppsSingleton whether to compute Epps-Singleton's moments (two more passes)
   */
  record Plan(double[] testEdges, TieGroupSums.Statistic rankSums, boolean eppsSingleton) {
    static final Plan NOTHING = new Plan(null, null, false);
  }

  /**
   * Epps-Singleton's inputs: each side's feature means and sums of products of deviations (upper triangle); all null
   * when the pooled interquartile range is 0.
   */
  record EppsMoments(
      double[] referenceMean,
      double[][] referenceProducts,
      double[] currentMean,
      double[][] currentProducts) {}

  /**
   * Everything the column's report and tests need.
   *
   * @param totals counts, range and means
   * @param referenceSquares &Sigma;(x - mean)&sup2; over the reference
   * @param currentSquares &Sigma;(y - mean)&sup2; over the current side
   * @param ksStatistic max |F<sub>ref</sub> - F<sub>cur</sub>| after each tie group
   * @param wassersteinIntegral &int; |F<sub>ref</sub> - F<sub>cur</sub>| dx
   * @param energyIntegral &int; (F<sub>ref</sub> - F<sub>cur</sub>)&sup2; dx
   * @param pooledIqr the pooled sample's 75th less its 25th percentile (numpy 'linear')
   * @param histogramEdges the report histogram's edges (as the local engine draws it)
   * @param histogramReference reference counts per histogram bin
   * @param histogramCurrent current counts per histogram bin
   * @param testEdges edges asked for by the test, or null
   * @param testReference reference counts over {@code testEdges} ({@code np.histogram}'s bins), or null
   * @param testCurrent current counts over {@code testEdges}, or null
   * @param rankSums the planned rank test's sums, or null
   * @param eppsMoments Epps-Singleton's moments when planned, else null
   */
  record Result(
      Totals totals,
      double referenceSquares,
      double currentSquares,
      double ksStatistic,
      double wassersteinIntegral,
      double energyIntegral,
      double pooledIqr,
      double[] histogramEdges,
      long[] histogramReference,
      long[] histogramCurrent,
      double[] testEdges,
      long[] testReference,
      long[] testCurrent,
      TieGroupSums rankSums,
      EppsMoments eppsMoments) {

    /** The reference's population standard deviation (ddof 0, as numpy's std). */
    double referenceStd() {
      return Math.sqrt(referenceSquares / totals.referenceValues());
    }
  }

  /** One partition after the first pass. */
  record Part(
      int index,
      long rows,
      long ref,
      long cur,
      long refDistinct,
      double first,
      double last,
      double refSum,
      double curSum,
      long firstRef,
      long firstCur)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One partition after the second pass. */
  record Walk(
      int index,
      double maxDiff,
      double minDiff,
      double interior,
      double interiorSquares,
      double refSquares,
      double curSquares,
      long[] histRef,
      long[] histCur,
      long[] testRef,
      long[] testCur,
      TieGroupSums rankSums,
      double[] quartileValues)
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
   * @param plan given the totals, what the column's test needs
   */
  static Result scan(
      Dataset<Row> reference,
      Dataset<Row> current,
      int partitions,
      int histogramBins,
      Function<Totals, Plan> plan) {
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
      double[] histEdges = EqualWidthBins.over(totals.min(), totals.max(), histogramBins).edges();
      Plan needs = plan.apply(totals);
      double[] tEdges = needs.testEdges();
      TieGroupSums.Statistic rank = needs.rankSums();
      long n1 = totals.referenceValues();
      long n2 = totals.currentValues();
      double refMean = totals.referenceMean();
      double curMean = totals.currentMean();
      long[] quartilePositions = quartilePositions(n1 + n2);
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
                              refMean,
                              curMean,
                              histEdges,
                              tEdges,
                              rank,
                              quartilePositions),
                      true)
                  .collect());
      walks.sort((a, b) -> Integer.compare(a.index(), b.index()));
      Result result = combine(totals, parts, walks, refBefore, curBefore, histEdges, tEdges);
      if (!needs.eppsSingleton()) {
        return result;
      }
      double[] ts = SummaryTests.eppsSingletonFrequencies(result.pooledIqr());
      return withEpps(
          result, ts == null ? new EppsMoments(null, null, null, null) : epps(rows, ts, n1, n2));
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
    double curSum = 0;
    long firstRef = 0;
    long firstCur = 0;
    while (it.hasNext()) {
      Row row = it.next();
      double v = row.getDouble(0);
      long r = row.getLong(1);
      long c = row.getLong(2);
      if (rows == 0) {
        first = v;
        firstRef = r;
        firstCur = c;
      }
      last = v;
      rows++;
      ref += r;
      cur += c;
      if (r > 0) {
        refDistinct++;
        refSum += r * v;
      }
      if (c > 0) {
        curSum += c * v;
      }
    }
    return List.of(
            new Part(
                index,
                rows,
                ref,
                cur,
                refDistinct,
                first,
                last,
                refSum,
                curSum,
                firstRef,
                firstCur))
        .iterator();
  }

  private static Totals totals(List<Part> parts) {
    long ref = 0;
    long cur = 0;
    long distinct = 0;
    long refDistinct = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double refSum = 0;
    double curSum = 0;
    long refAtMin = 0;
    long curAtMin = 0;
    for (Part p : parts) {
      if (p.rows() == 0) {
        continue;
      }
      if (Double.isNaN(min)) {
        min = p.first();
        refAtMin = p.firstRef();
        curAtMin = p.firstCur();
      }
      max = p.last();
      ref += p.ref();
      cur += p.cur();
      distinct += p.rows();
      refDistinct += p.refDistinct();
      refSum += p.refSum();
      curSum += p.curSum();
    }
    return new Totals(
        ref, cur, distinct, refDistinct, min, max, refSum / ref, curSum / cur, refAtMin, curAtMin);
  }

  private static Iterator<Walk> secondPass(
      int index,
      Iterator<Row> it,
      long refBefore,
      long curBefore,
      long n1,
      long n2,
      double refMean,
      double curMean,
      double[] histEdges,
      double[] testEdges,
      TieGroupSums.Statistic rank,
      long[] quartilePositions) {
    long refAtOrBelow = refBefore;
    long curAtOrBelow = curBefore;
    double maxDiff = 0;
    double minDiff = 0;
    double interior = 0;
    double interiorSquares = 0;
    double squares = 0;
    double curSquares = 0;
    TieGroupSums sums = rank == null ? null : new TieGroupSums(rank, n1, n2);
    double[] quartiles = new double[quartilePositions.length];
    Arrays.fill(quartiles, Double.NaN);
    EqualWidthBins histBins = EqualWidthBins.ofEdges(histEdges);
    int bins = histBins.bins();
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
        interiorSquares += prevDiff * prevDiff * (v - prev);
      }
      long pooledBelow = refAtOrBelow + curAtOrBelow;
      for (int q = 0; q < quartiles.length; q++) {
        long at = quartilePositions[q];
        if (at >= pooledBelow && at < pooledBelow + r + c) {
          quartiles[q] = v;
        }
      }
      if (sums != null) {
        sums.add(refAtOrBelow, curAtOrBelow, r, c);
      }
      refAtOrBelow += r;
      curAtOrBelow += c;
      // cdf1 - cdf2 exactly as scipy (and the local ks) forms it: two divisions, one subtraction
      double diff = (double) refAtOrBelow / n1 - (double) curAtOrBelow / n2;
      maxDiff = Math.max(maxDiff, diff);
      minDiff = Math.min(minDiff, diff);
      if (r > 0) {
        double d = v - refMean;
        squares += r * (d * d);
      }
      if (c > 0) {
        double d = v - curMean;
        curSquares += c * (d * d);
      }
      int bin = histBins.binOf(v); // the local engine's bins, the maximum in the last one
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
                index,
                maxDiff,
                minDiff,
                interior,
                interiorSquares,
                squares,
                curSquares,
                histRef,
                histCur,
                testRef,
                testCur,
                sums,
                quartiles))
        .iterator();
  }

  /** The bin of {@code np.histogram(values, edges)} holding v: [e_i, e_i+1), the last closed; -1 outside. */
  static int numpyBin(double[] edges, double v) {
    int bins = edges.length - 1;
    if (!(v >= edges[0] && v <= edges[bins])) {
      return -1;
    }
    return EqualWidthBins.lastBinAtOrBelow(edges, v);
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
    double integralSquares = 0;
    double squares = 0;
    double curSquares = 0;
    TieGroupSums sums = null;
    double[] quartiles = null;
    long[] histRef = new long[histEdges.length - 1];
    long[] histCur = new long[histEdges.length - 1];
    long[] testRef = testEdges == null ? null : new long[testEdges.length - 1];
    long[] testCur = testEdges == null ? null : new long[testEdges.length - 1];
    for (Walk w : walks) {
      maxS = Math.max(maxS, w.maxDiff());
      minS = Math.min(minS, w.minDiff());
      integral += w.interior();
      integralSquares += w.interiorSquares();
      squares += w.refSquares();
      curSquares += w.curSquares();
      if (w.rankSums() != null) {
        sums = sums == null ? w.rankSums() : sums.plus(w.rankSums());
      }
      quartiles = quartiles == null ? w.quartileValues().clone() : quartiles;
      for (int q = 0; q < quartiles.length; q++) {
        if (Double.isNaN(quartiles[q])) {
          quartiles[q] = w.quartileValues()[q];
        }
      }
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
        integralSquares += diff * diff * (p.first() - previous.last());
      }
      previous = p;
    }
    double below = Math.min(Math.max(-minS, 0), 1);
    double ks = below > maxS ? below : maxS;
    return new Result(
        totals,
        squares,
        curSquares,
        ks,
        integral,
        integralSquares,
        iqr(n1 + n2, quartiles),
        histEdges,
        histRef,
        histCur,
        testEdges,
        testRef,
        testCur,
        sums,
        null);
  }

  /**
   * The pooled positions (from 0) numpy's 'linear' 25th and 75th percentiles interpolate between: floor(q (N - 1))
   * and the next one, the last clamped.
   */
  static long[] quartilePositions(long pooled) {
    long[] at = new long[4];
    double[] qs = {0.25, 0.75};
    for (int i = 0; i < qs.length; i++) {
      long lo = (long) Math.floor(qs[i] * (pooled - 1));
      at[2 * i] = lo;
      at[2 * i + 1] = Math.min(lo + 1, pooled - 1);
    }
    return at;
  }

  private static double iqr(long pooled, double[] values) {
    double[] qs = {0.25, 0.75};
    double[] percentile = new double[2];
    for (int i = 0; i < qs.length; i++) {
      double index = qs[i] * (pooled - 1);
      double t = index - Math.floor(index);
      percentile[i] = SummaryTests.interpolate(values[2 * i], values[2 * i + 1], t);
    }
    return percentile[1] - percentile[0];
  }

  private static Result withEpps(Result r, EppsMoments moments) {
    return new Result(
        r.totals(),
        r.referenceSquares(),
        r.currentSquares(),
        r.ksStatistic(),
        r.wassersteinIntegral(),
        r.energyIntegral(),
        r.pooledIqr(),
        r.histogramEdges(),
        r.histogramReference(),
        r.histogramCurrent(),
        r.testEdges(),
        r.testReference(),
        r.testCurrent(),
        r.rankSums(),
        moments);
  }

  /** Epps-Singleton's moments in two passes: each side's feature means, then the products of deviations. */
  private static EppsMoments epps(JavaRDD<Row> rows, double[] ts, long n1, long n2) {
    int d = 2 * ts.length;
    double[][] sums =
        inOrder(
            rows,
            it -> {
              double[][] s = new double[2][d];
              double[] f = new double[d];
              while (it.hasNext()) {
                Row row = it.next();
                SummaryTests.eppsSingletonFeatures(row.getDouble(0), ts, f);
                long r = row.getLong(1);
                long c = row.getLong(2);
                for (int i = 0; i < d; i++) {
                  s[0][i] += r * f[i];
                  s[1][i] += c * f[i];
                }
              }
              return s;
            });
    double[] meanRef = new double[d];
    double[] meanCur = new double[d];
    for (int i = 0; i < d; i++) {
      meanRef[i] = sums[0][i] / n1;
      meanCur[i] = sums[1][i] / n2;
    }
    double[][] products =
        inOrder(
            rows,
            it -> {
              double[][] s = new double[2 * d][d];
              double[] f = new double[d];
              while (it.hasNext()) {
                Row row = it.next();
                SummaryTests.eppsSingletonFeatures(row.getDouble(0), ts, f);
                long r = row.getLong(1);
                long c = row.getLong(2);
                for (int i = 0; i < d; i++) {
                  double ri = f[i] - meanRef[i];
                  double ci = f[i] - meanCur[i];
                  for (int j = i; j < d; j++) {
                    if (r > 0) {
                      s[i][j] += r * (ri * (f[j] - meanRef[j]));
                    }
                    if (c > 0) {
                      s[d + i][j] += c * (ci * (f[j] - meanCur[j]));
                    }
                  }
                }
              }
              return s;
            });
    return new EppsMoments(
        meanRef,
        Arrays.copyOfRange(products, 0, d),
        meanCur,
        Arrays.copyOfRange(products, d, 2 * d));
  }

  /** A matrix per partition, added in partition order so that the last bits do not depend on task timing. */
  private static double[][] inOrder(JavaRDD<Row> rows, PartitionMatrix perPartition) {
    List<Tuple2<Integer, double[][]>> parts =
        new ArrayList<>(
            rows.mapPartitionsWithIndex(
                    (index, it) -> List.of(new Tuple2<>(index, perPartition.apply(it))).iterator(),
                    true)
                .collect());
    parts.sort((a, b) -> Integer.compare(a._1(), b._1()));
    double[][] sum = null;
    for (Tuple2<Integer, double[][]> part : parts) {
      double[][] m = part._2();
      if (sum == null) {
        sum = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
          sum[i] = new double[m[i].length];
        }
      }
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m[i].length; j++) {
          sum[i][j] += m[i][j];
        }
      }
    }
    return sum;
  }

  /** Sums over one partition's rows, shipped to the executors. */
  @FunctionalInterface
  private interface PartitionMatrix extends Serializable {
    double[][] apply(Iterator<Row> rows);
  }

  private static void add(long[] into, long[] more) {
    for (int i = 0; i < into.length; i++) {
      into[i] += more[i];
    }
  }
}
