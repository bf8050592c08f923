package dev.shadowpipeline.shadow.quality;

/**
 * The data sets of {@code reference_values.py} (test resources), built from the same generator so that the Python
 * reference values apply to them.
 */
final class TestData {

  private TestData() {}

  /** A classifier pair: truth, and each model's labels (score ≥ 0.5) and scores. */
  record Classification(
      boolean[] truth,
      boolean[] primaryLabels,
      double[] primaryScores,
      boolean[] shadowLabels,
      double[] shadowScores) {

    PairedClassification paired() {
      return PairedClassification.of(
          truth, primaryLabels, shadowLabels, primaryScores, shadowScores);
    }
  }

  /** A regressor pair. */
  record Regression(double[] truth, double[] primary, double[] shadow) {

    PairedRegression paired() {
      return PairedRegression.of(truth, primary, shadow);
    }
  }

  static double uniform(SplitMix64 random) {
    return (random.nextLong() >>> 11) * 0x1.0p-53;
  }

  /** {@code classification(seed, n)}: primary scores on a 0.05 grid (many ties), shadow scores on a 0.01 grid. */
  static Classification classification(long seed, int n) {
    SplitMix64 random = new SplitMix64(seed);
    boolean[] truth = new boolean[n];
    double[] primary = new double[n];
    double[] shadow = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = uniform(random) < 0.4;
      double y = truth[i] ? 1 : 0;
      primary[i] = Math.floor((0.35 * y + 0.65 * uniform(random)) * 20) / 20;
      shadow[i] = Math.floor((0.45 * y + 0.55 * uniform(random)) * 100) / 100;
    }
    return new Classification(truth, labels(primary), primary, labels(shadow), shadow);
  }

  /** {@code regression(seed, n)}: truth on [0, 10), the shadow less noisy but biased by 0.1. */
  static Regression regression(long seed, int n) {
    SplitMix64 random = new SplitMix64(seed);
    double[] truth = new double[n];
    double[] primary = new double[n];
    double[] shadow = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = 10 * uniform(random);
      primary[i] = truth[i] + (uniform(random) - 0.5) * 2;
      shadow[i] = truth[i] + (uniform(random) - 0.5) * 1.5 + 0.1;
    }
    return new Regression(truth, primary, shadow);
  }

  static boolean[] labels(double[] scores) {
    boolean[] labels = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      labels[i] = scores[i] >= 0.5;
    }
    return labels;
  }

  static boolean[] bools(int... values) {
    boolean[] result = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i] != 0;
    }
    return result;
  }
}
