package dev.shadowpipeline.drift.classifier;

import dev.shadowpipeline.drift.classifier.DomainClassification.WeightedFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a classifier to tell current rows from reference rows and measures it on held-out rows.
 *
 * <ol>
 *   <li>Each side's rows are shuffled with a generator seeded by {@code seed}; at most {@code maxRowsPerSide} of
 *       them are kept (a seeded sample); each side's kept rows are split in half, the first half to train, the rest
 *       (one more when odd) held out. The split is stratified (Evidently's {@code train_test_split(test_size=0.5,
 *       random_state=42, shuffle=True)} is not), so both sides are in both halves whenever each has two rows.
 *   <li>The features are fitted on the training rows only ({@link Rows#fit}), and a {@link LinearModel} is trained
 *       with the current data as the positive class.
 *   <li>The held-out rows are scored; ROC AUC of the current rows ({@link RocAuc}).
 *   <li>{@code permutations} random relabellings of the held-out rows give the AUC's null distribution: its
 *       {@code quantile} and the permutation p-value. The quantile is the order statistic numpy's {@code
 *       method="higher"} picks, not Evidently's linear interpolation one gap below it, so that "AUC above the
 *       quantile" raises a false alarm with probability at most 1 - quantile ({@link RocAuc#higherPercentile}).
 * </ol>
 *
 * Immutable; the same rows, settings and seed give the same result.
 *
 * @param seed the seed of the split, the sample and the relabellings (Evidently uses 42)
 * @param maxRowsPerSide rows kept per side, at least 2
 * @param permutations random relabellings (Evidently: 1000 random score vectors)
 * @param c the model's inverse regularization strength
 * @param eps the solver's tolerance
 * @param topFeatures how many features of each side to report
 */
public record DomainClassifier(
    long seed, int maxRowsPerSide, int permutations, double c, double eps, int topFeatures) {

  /** Seed 42 as Evidently's, 20,000 rows per side, 1000 relabellings, C = 1, 20 features per side. */
  public static final DomainClassifier DEFAULTS =
      new DomainClassifier(42, 20_000, 1000, LinearModel.DEFAULT_C, LinearModel.DEFAULT_EPS, 20);

  public DomainClassifier {
    if (maxRowsPerSide < 2 || permutations < 1 || !(c > 0) || !(eps > 0) || topFeatures < 0) {
      throw new IllegalArgumentException(
          "need maxRowsPerSide >= 2, permutations >= 1, c > 0, eps > 0, topFeatures >= 0: "
              + maxRowsPerSide
              + ", "
              + permutations
              + ", "
              + c
              + ", "
              + eps
              + ", "
              + topFeatures);
    }
  }

  public DomainClassifier withSeed(long newSeed) {
    return new DomainClassifier(newSeed, maxRowsPerSide, permutations, c, eps, topFeatures);
  }

  public DomainClassifier withMaxRowsPerSide(int rows) {
    return new DomainClassifier(seed, rows, permutations, c, eps, topFeatures);
  }

  public DomainClassifier withPermutations(int count) {
    return new DomainClassifier(seed, maxRowsPerSide, count, c, eps, topFeatures);
  }

  /**
   * The rows to classify: reference rows have ids {@code 0 .. referenceRows() - 1}, current rows the ids after them.
   */
  public interface Rows {
    int referenceRows();

    int currentRows();

    /** Fits the features on the training rows (ids in increasing order); labels are not shown. */
    Encoding fit(int[] trainIds);
  }

  /** Features fitted on training rows, for any rows. */
  public interface Encoding {
    /** The features of these rows, in this order. */
    SparseRows encode(int[] ids);

    /** The number of features. */
    int features();

    /** A feature's name for reports. */
    String featureName(int feature);
  }

  /**
   * A trained classifier and its held-out rows, for callers that want more than the verdict (the multivariate check
   * measures each column's importance on them).
   *
   * @param classification the verdict's numbers
   * @param model the trained model
   * @param encoding the fitted features
   * @param testIds the held-out rows' ids
   * @param testCurrent whether each held-out row is current
   */
  public record Trained(
      DomainClassification classification,
      LinearModel model,
      Encoding encoding,
      int[] testIds,
      boolean[] testCurrent) {}

  /**
   * Trains, scores and compares with random labelling.
   *
   * @param quantile the quantile of the random-labelling AUCs to report, in [0, 1]
   * @throws IllegalArgumentException when a side has fewer than two rows, or the quantile is out of range
   */
  public DomainClassification classify(Rows rows, double quantile) {
    return train(rows, quantile).classification();
  }

  /** {@link #classify}, keeping the model and the held-out rows. */
  public Trained train(Rows rows, double quantile) {
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
    }
    int nRef = rows.referenceRows();
    int nCur = rows.currentRows();
    if (nRef < 2 || nCur < 2) {
      throw new IllegalArgumentException(
          "a domain classifier needs at least 2 rows on each side: "
              + nRef
              + " reference and "
              + nCur
              + " current rows");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] ref = sample(0, nRef, random);
    int[] cur = sample(nRef, nCur, random);
    int refTrain = ref.length / 2;
    int curTrain = cur.length / 2;
    int[] trainIds = concat(ref, 0, refTrain, cur, 0, curTrain);
    int[] testIds = concat(ref, refTrain, ref.length, cur, curTrain, cur.length);
    Arrays.sort(trainIds);
    Arrays.sort(testIds);
    Encoding encoding = rows.fit(trainIds);
    LinearModel model =
        LinearModel.train(encoding.encode(trainIds), current(trainIds, nRef), c, eps);
    boolean[] testCurrent = current(testIds, nRef);
    RocAuc auc = new RocAuc(model.decisions(encoding.encode(testIds)));
    double observed = auc.auc(testCurrent);
    double[] nulls = auc.shuffledAucs(testCurrent, permutations, random);
    int atLeast = 0;
    for (double v : nulls) {
      if (v >= observed) {
        atLeast++;
      }
    }
    DomainClassification classification =
        new DomainClassification(
            observed,
            RocAuc.higherPercentile(nulls, 100 * quantile),
            quantile,
            (1.0 + atLeast) / (1.0 + permutations),
            permutations,
            ref.length,
            cur.length,
            testIds.length,
            encoding.features(),
            strongest(model, encoding, false),
            strongest(model, encoding, true));
    return new Trained(classification, model, encoding, testIds, testCurrent);
  }

  /** ids from..from+n-1, shuffled; the first maxRowsPerSide of them. */
  private int[] sample(int from, int n, SplittableRandom random) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = from + i;
    }
    int keep = Math.min(n, maxRowsPerSide);
    // partial Fisher-Yates: the first `keep` places hold a uniform sample in random order
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(n - i);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    return Arrays.copyOf(ids, keep);
  }

  private static int[] concat(int[] a, int aFrom, int aTo, int[] b, int bFrom, int bTo) {
    int[] out = new int[(aTo - aFrom) + (bTo - bFrom)];
    System.arraycopy(a, aFrom, out, 0, aTo - aFrom);
    System.arraycopy(b, bFrom, out, aTo - aFrom, bTo - bFrom);
    return out;
  }

  private static boolean[] current(int[] ids, int nRef) {
    boolean[] out = new boolean[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i] >= nRef;
    }
    return out;
  }

  private List<WeightedFeature> strongest(LinearModel model, Encoding encoding, boolean positive) {
    List<Integer> picked = new ArrayList<>();
    for (int f = 0; f < encoding.features(); f++) {
      double w = model.weight(f);
      if (positive ? w > 0 : w < 0) {
        picked.add(f);
      }
    }
    picked.sort(
        Comparator.comparingDouble((Integer f) -> -Math.abs(model.weight(f)))
            .thenComparing(f -> f));
    List<WeightedFeature> out = new ArrayList<>();
    for (int i = 0; i < Math.min(topFeatures, picked.size()); i++) {
      int f = picked.get(i);
      out.add(new WeightedFeature(encoding.featureName(f), model.weight(f)));
    }
    return out;
  }
}
