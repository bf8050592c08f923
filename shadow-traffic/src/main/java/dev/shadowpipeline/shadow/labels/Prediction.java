package dev.shadowpipeline.shadow.labels;

/**
 * What one model answered for one input, as far as quality is concerned.
 *
 * @param label the predicted label as {@link ScalarText} writes it, or {@code null} when the answer had none
 * @param score the score (the probability of the positive class, or a regressor's prediction), NaN when none
 */
public record Prediction(String label, double score) {

  /** An answer with neither label nor score. */
  static final Prediction NONE = new Prediction(null, Double.NaN);
}
