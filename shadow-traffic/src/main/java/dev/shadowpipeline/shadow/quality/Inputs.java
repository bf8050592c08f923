package dev.shadowpipeline.shadow.quality;

/** Validation of the arrays handed to the library, in one place so that every entry point says the same thing. */
final class Inputs {

  private Inputs() {}

  static void requireSameLength(String what, int expected, String otherWhat, int actual) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          what
              + " and "
              + otherWhat
              + " must have the same length: "
              + expected
              + " and "
              + actual);
    }
  }

  static void requireNonEmpty(int n) {
    if (n == 0) {
      throw new IllegalArgumentException("no labelled inputs: quality needs at least one");
    }
  }

  /** Scores are probabilities of the positive class, as scikit-learn's log_loss and brier_score_loss require. */
  static void requireProbabilities(String what, double[] scores) {
    for (int i = 0; i < scores.length; i++) {
      double s = scores[i];
      if (!(s >= 0 && s <= 1)) { // outside [0, 1], or NaN
        throw new IllegalArgumentException(
            what + " must be probabilities in [0, 1]: " + what + "[" + i + "] = " + s);
      }
    }
  }

  static void requireFinite(String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            what + " must be finite: " + what + "[" + i + "] = " + values[i]);
      }
    }
  }
}
