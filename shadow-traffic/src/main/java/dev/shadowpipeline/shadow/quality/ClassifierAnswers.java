package dev.shadowpipeline.shadow.quality;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One classifier's answers on labelled inputs, prepared to be scored many times with different input weights: once
 * with every weight 1 for the metrics themselves, then once per bootstrap replicate with the number of times each
 * input was drawn. Weighting by counts gives exactly the metric of the resampled inputs without building them.
 *
 * <p>Sums run over inputs in index order, {@code sum += w[i] * term[i]}, so that a transcription in another
 * language that loops the same way gets the same bits.
 */
final class ClassifierAnswers {

  /** Scores are clipped to [EPS, 1 − EPS] before the logarithm, as scikit-learn's log_loss does (see below). */
  static final double EPS = Math.ulp(1.0);

  private final boolean[] truth;
  private final boolean[] predicted;
  private final double[] scores; // null when the model gives no score
  private final int[] byScore; // input indices in ascending score order
  private final double[] logLossTerms;
  private final double[] brierTerms;

  /** Copies its inputs; {@code scores} may be null. */
  ClassifierAnswers(boolean[] truth, boolean[] predicted, double[] scores, String side) {
    Inputs.requireSameLength("truth", truth.length, side + " predicted labels", predicted.length);
    Inputs.requireNonEmpty(truth.length);
    this.truth = truth.clone();
    this.predicted = predicted.clone();
    if (scores == null) {
      this.scores = null;
      this.byScore = null;
      this.logLossTerms = null;
      this.brierTerms = null;
      return;
    }
    Inputs.requireSameLength("truth", truth.length, side + " scores", scores.length);
    Inputs.requireProbabilities(side + " scores", scores);
    this.scores = scores.clone();
    this.byScore = ascending(this.scores);
    this.logLossTerms = new double[truth.length];
    this.brierTerms = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      double p = this.scores[i];
      // scikit-learn 1.9.1 (_log_loss): the positive-class column is p, the negative-class column 1
      // − p, and both
      // are clipped to [eps, 1 − eps] with eps = np.finfo(float64).eps before the log; the former
      // eps argument
      // (1e-15) was removed in 1.5. Clipping 1 − p (not 1 − clip(p)) matters in the last bits.
      logLossTerms[i] = truth[i] ? -Math.log(clip(p)) : -Math.log(clip(1 - p));
      double y = truth[i] ? 1 : 0;
      brierTerms[i] = (p - y) * (p - y);
    }
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, EPS), 1 - EPS);
  }

  private static int[] ascending(double[] scores) {
    return IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> scores[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  int size() {
    return truth.length;
  }

  boolean scored() {
    return scores != null;
  }

  boolean truth(int i) {
    return truth[i];
  }

  boolean predicted(int i) {
    return predicted[i];
  }

  /** Every metric with unit weights. */
  ClassificationQuality quality() {
    int[] ones = new int[truth.length];
    Arrays.fill(ones, 1);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i]) {
        if (predicted[i]) {
          tp++;
        } else {
          fn++;
        }
      } else if (predicted[i]) {
        fp++;
      } else {
        tn++;
      }
    }
    return new ClassificationQuality(
        truth.length,
        tp,
        fp,
        tn,
        fn,
        value(Metric.ACCURACY, ones),
        value(Metric.PRECISION, ones),
        value(Metric.RECALL, ones),
        value(Metric.F1, ones),
        value(Metric.ROC_AUC, ones),
        value(Metric.BRIER, ones),
        value(Metric.LOG_LOSS, ones));
  }

  /**
   * The metric on the inputs weighted by {@code weights} (an input drawn k times counts k times), NaN where it is
   * undefined: precision with no predicted positive, recall with no positive, F1 when 2·TP + FP + FN = 0
   * (scikit-learn's {@code zero_division=np.nan}), ROC AUC with one class, and the scored metrics without scores.
   */
  double value(Metric metric, int[] weights) {
    return switch (metric) {
      case ACCURACY, PRECISION, RECALL, F1 -> fromConfusion(metric, weights);
      case ROC_AUC -> scores == null ? Double.NaN : rocAuc(weights);
      case BRIER -> scores == null ? Double.NaN : weightedMean(brierTerms, weights);
      case LOG_LOSS -> scores == null ? Double.NaN : weightedMean(logLossTerms, weights);
      default -> throw new IllegalArgumentException("not a classification metric: " + metric.key());
    };
  }

  private double fromConfusion(Metric metric, int[] weights) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long total = 0;
    for (int i = 0; i < truth.length; i++) {
      long w = weights[i];
      total += w;
      if (truth[i] && predicted[i]) {
        tp += w;
      } else if (predicted[i]) {
        fp += w;
      } else if (truth[i]) {
        fn += w;
      }
    }
    return switch (metric) {
      case ACCURACY -> ratio(total - fp - fn, total);
      case PRECISION -> ratio(tp, tp + fp);
      case RECALL -> ratio(tp, tp + fn);
      // scikit-learn computes F1 as 2·TP / (2·TP + FP + FN) (not from rounded precision and
      // recall), which also
      // defines it when precision alone is undefined
      default -> ratio(2 * tp, 2 * tp + fp + fn);
    };
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / (double) denominator;
  }

  /**
   * ROC AUC as the Mann–Whitney statistic: the probability that a random positive scores above a random negative,
   * a tie counting one half — the same number as the trapezoidal area under scikit-learn's ROC curve, and as U from
   * average ranks, but counted in integers: walking the scores upwards in groups of equal scores, each positive in
   * a group beats every negative below the group and ties with each negative in it.
   *
   * <pre>2U = Σ_groups (2 · pos_g · neg_below + pos_g · neg_g),   AUC = 2U / (2 · P · N)</pre>
   *
   * <p>With integer weights every count is exact; the only rounding is the final division.
   */
  private double rocAuc(int[] weights) {
    long positives = 0;
    long negatives = 0;
    long twiceU = 0;
    int i = 0;
    while (i < byScore.length) {
      double score = scores[byScore[i]];
      long groupPositives = 0;
      long groupNegatives = 0;
      // == groups -0.0 with 0.0, which sort next to each other
      while (i < byScore.length && scores[byScore[i]] == score) {
        int k = byScore[i];
        if (truth[k]) {
          groupPositives += weights[k];
        } else {
          groupNegatives += weights[k];
        }
        i++;
      }
      twiceU += 2 * groupPositives * negatives + groupPositives * groupNegatives;
      positives += groupPositives;
      negatives += groupNegatives;
    }
    if (positives == 0 || negatives == 0) {
      // one class only: scikit-learn 1.9.1 also returns NaN, with a warning (older releases raised
      // ValueError)
      return Double.NaN;
    }
    return (double) twiceU / (double) (2 * positives * negatives);
  }

  static double weightedMean(double[] terms, int[] weights) {
    double sum = 0;
    long total = 0;
    for (int i = 0; i < terms.length; i++) {
      sum += weights[i] * terms[i];
      total += weights[i];
    }
    return sum / (double) total;
  }
}
