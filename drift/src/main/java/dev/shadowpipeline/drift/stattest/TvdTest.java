package dev.shadowpipeline.drift.stattest;

import java.util.Arrays;
import java.util.List;

/**
 * Evidently's {@code TVD} test: the total variation distance &frac12; &Sigma; |p<sub>i</sub> - q<sub>i</sub>| over the
 * category shares, and the p-value of a permutation test on it. Drift when p &lt; threshold (Evidently's default 0.1).
 *
 * <p>Evidently's {@code permutation_test} seeds numpy's global generator with {@code np.random.seed(0)}, then 1000
 * times draws a new reference of the reference's size from the pooled values, reference rows first then current rows,
 * with {@code np.random.choice(pooled, n, replace=False)} (the first n entries of {@code permutation(N)}), gives the
 * rest to the current side, and counts the draws whose distance is at least the observed one: p = count / 1000. The
 * same draws are made here from numpy's legacy stream ({@link LegacyRandomState}), so the p-value is Evidently's when
 * the values come in the same order:
 *
 * <ul>
 *   <li>with the rows' order ({@link CategoricalPair#rows()}, which the CSV and JSONL readers keep when a {@code tvd}
 *       test is configured), in file order as Evidently reads the files;
 *   <li>without it (Parquet, the Spark job), in the order of the categories (labels sorted, numbers ascending), which
 *       is what Evidently computes on files sorted by the column; the p-value is then an equally valid Monte Carlo
 *       estimate, not Evidently's number for unsorted files;
 *   <li>a numeric column (native mode only; Evidently accepts categorical columns) in ascending order of its values.
 * </ul>
 *
 * <p>Ties, the one choice: many draws have exactly the observed distance (counts are small integers). Evidently
 * compares floating-point sums, so such a draw counts or not by how the two sums happened to round (its distances are
 * numpy's {@code 0.5 * np.sum(np.abs(ref / n_ref - cur / n_cur))}, a pairwise sum). {@link Ties#EXACT} (native)
 * compares the distances exactly, as integers (2 n<sub>ref</sub> n<sub>cur</sub> TVD = &Sigma; |r<sub>i</sub>
 * n<sub>cur</sub> - c<sub>i</sub> n<sub>ref</sub>|), so every tie counts, as a permutation test should;
 * {@link Ties#EVIDENTLY} repeats numpy's arithmetic, categories in sorted order, and gets Evidently's p-value (Evidently
 * sums in the order of a Python set, which for strings changes from one process to the next; in the cases tested the
 * order did not change the result).
 *
 * <p>Each draw shuffles all N pooled values, as numpy does: the test costs 1000 N random draws and O(N) memory.
 */
final class TvdTest extends AbstractStatTest {

  /** Evidently's number of permutations. */
  static final int PERMUTATIONS = 1000;

  /** Evidently's seed, {@code np.random.seed(0)}. */
  static final long SEED = 0;

  /** How a draw whose distance ties with the observed one is compared. */
  enum Ties {
    /** Exactly: every tie counts. */
    EXACT,
    /** As Evidently's floating-point comparison rounds it. */
    EVIDENTLY
  }

  private final Ties ties;

  TvdTest(Ties ties) {
    super("tvd", TestKind.P_VALUE, 0.1, Decision.BELOW, ColumnType.CATEGORICAL, ColumnType.NUMERIC);
    this.ties = ties;
  }

  @Override
  public boolean needsRowOrder() {
    return true;
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    Pooled pooled = pooled(data);
    long[] ref = new long[pooled.total.length];
    for (int i = 0; i < pooled.referenceSize; i++) {
      ref[pooled.codes[i]]++;
    }
    double distance =
        floatDistance(
            ref,
            pooled.total,
            pooled.referenceSize,
            pooled.codes.length - pooled.referenceSize,
            new double[ref.length]);
    double p = permutationPValue(pooled.codes, pooled.referenceSize, pooled.total, ties);
    return result(distance, p, threshold);
  }

  /**
   * The share of Evidently's 1000 seeded draws whose distance is at least the observed one.
   *
   * @param codes each pooled value's category (0 to k - 1, categories in sorted order), reference values first
   * @param referenceSize how many of {@code codes} are the reference's
   * @param total each category's count in {@code codes}, none 0
   */
  static double permutationPValue(int[] codes, int referenceSize, long[] total, Ties ties) {
    LegacyRandomState random = LegacyRandomState.seeded(SEED);
    long nRef = referenceSize;
    long nCur = (long) codes.length - referenceSize;
    long[] ref = new long[total.length];
    for (int i = 0; i < referenceSize; i++) {
      ref[codes[i]]++;
    }
    double[] terms = new double[total.length];
    long observedExact = exactDistance(ref, total, nRef, nCur);
    double observedFloat = floatDistance(ref, total, nRef, nCur, terms);
    int[] work = new int[codes.length];
    int atLeast = 0;
    for (int it = 0; it < PERMUTATIONS; it++) {
      // np.random.choice(pooled, nRef, replace=False) is pooled[permutation(N)[:nRef]]: the same
      // swaps applied to the codes themselves leave that draw in the first nRef places
      System.arraycopy(codes, 0, work, 0, codes.length);
      random.shuffle(work);
      Arrays.fill(ref, 0);
      for (int i = 0; i < referenceSize; i++) {
        ref[work[i]]++;
      }
      boolean counts =
          ties == Ties.EXACT
              ? observedExact <= exactDistance(ref, total, nRef, nCur)
              : observedFloat <= floatDistance(ref, total, nRef, nCur, terms);
      if (counts) {
        atLeast++;
      }
    }
    return atLeast / (double) PERMUTATIONS;
  }

  /**
   * 2 n<sub>ref</sub> n<sub>cur</sub> TVD = &Sigma; |r<sub>i</sub> n<sub>cur</sub> - c<sub>i</sub> n<sub>ref</sub>|,
   * exact: counts fit in an int, so each product is below 2<sup>62</sup> and the sum below 2<sup>63</sup>.
   */
  private static long exactDistance(long[] ref, long[] total, long nRef, long nCur) {
    long sum = 0;
    for (int c = 0; c < ref.length; c++) {
      sum += Math.abs(ref[c] * nCur - (total[c] - ref[c]) * nRef);
    }
    return sum;
  }

  /** numpy's {@code 0.5 * np.sum(np.abs(ref / n_ref - cur / n_cur))}, rounding step for rounding step. */
  private static double floatDistance(
      long[] ref, long[] total, long nRef, long nCur, double[] terms) {
    for (int c = 0; c < ref.length; c++) {
      terms[c] = Math.abs(ref[c] / (double) nRef - (total[c] - ref[c]) / (double) nCur);
    }
    return 0.5 * pairwiseSum(terms, 0, terms.length);
  }

  /**
   * numpy's pairwise summation of float64 ({@code pairwise_sum} in its {@code loops_utils}): fewer than 8 values
   * added in turn from 0; up to 128 in 8 interleaved partial sums combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) +
   * (s6 + s7)), then the rest in turn; more split in two at half rounded down to a multiple of 8.
   */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }

  /**
   * The pooled values as category codes, reference first, in row order when known.
   *
   * @param codes category of each value, categories numbered in sorted order
   * @param referenceSize the reference's values, the first in {@code codes}
   * @param total each category's count, none 0
   */
  private record Pooled(int[] codes, int referenceSize, long[] total) {}

  private static Pooled pooled(ColumnPair data) {
    long size = data.referenceSize() + data.currentSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "tvd permutes at most " + (Integer.MAX_VALUE - 8) + " values, got " + size);
    }
    int nRef = (int) data.referenceSize();
    int[] codes = new int[(int) size];
    if (data instanceof CategoricalPair cat) {
      // category i becomes rank[i], its place among the used categories sorted by label
      int[] rank = sortedRanks(cat);
      long[] total = new long[Arrays.stream(rank).max().orElse(-1) + 1];
      for (int i = 0; i < rank.length; i++) {
        if (rank[i] >= 0) {
          total[rank[i]] = cat.reference()[i] + cat.current()[i];
        }
      }
      if (cat.rows().isPresent()) {
        CategoricalPair.RowOrder rows = cat.rows().get();
        for (int i = 0; i < nRef; i++) {
          codes[i] = rank[rows.reference()[i]];
        }
        for (int i = 0; i < rows.current().length; i++) {
          codes[nRef + i] = rank[rows.current()[i]];
        }
        return new Pooled(codes, nRef, total);
      }
      long[] ref = new long[total.length];
      long[] cur = new long[total.length];
      for (int i = 0; i < rank.length; i++) {
        if (rank[i] >= 0) {
          ref[rank[i]] = cat.reference()[i];
          cur[rank[i]] = cat.current()[i];
        }
      }
      fillInOrder(codes, ref, cur);
      return new Pooled(codes, nRef, total);
    }
    Samples.Counts counts = Samples.counts(data); // distinct values, ascending
    fillInOrder(codes, counts.reference(), counts.current());
    long[] total = new long[counts.size()];
    for (int i = 0; i < total.length; i++) {
      total[i] = counts.reference()[i] + counts.current()[i];
    }
    return new Pooled(codes, nRef, total);
  }

  /** Reference values category by category, then the current ones. */
  private static void fillInOrder(int[] codes, long[] ref, long[] cur) {
    int at = 0;
    for (int i = 0; i < ref.length; i++) {
      Arrays.fill(codes, at, at + (int) ref[i], i);
      at += (int) ref[i];
    }
    for (int i = 0; i < cur.length; i++) {
      Arrays.fill(codes, at, at + (int) cur[i], i);
      at += (int) cur[i];
    }
  }

  /** Each category's rank among the categories that occur, by label; -1 for one that occurs on neither side. */
  private static int[] sortedRanks(CategoricalPair cat) {
    List<String> labels = cat.categories();
    Integer[] order = new Integer[labels.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> labels.get(a).compareTo(labels.get(b)));
    int[] rank = new int[labels.size()];
    int next = 0;
    for (int i : order) {
      rank[i] = cat.reference()[i] + cat.current()[i] > 0 ? next++ : -1;
    }
    return rank;
  }
}
