package dev.shadowpipeline.drift.classifier;

import java.util.List;
import java.util.Objects;

/**
 * What a domain classifier found: how well it told current rows from reference rows on held-out rows, against what
 * random labelling reaches on the same rows.
 *
 * @param rocAuc the ROC AUC on the held-out rows (0.5: no better than chance; 1: every current row scored above every
 *     reference row)
 * @param randomAucPercentile the {@code quantile} of the AUCs that random relabellings of the held-out rows reach
 * @param quantile the quantile taken, e.g. 0.95
 * @param pValue the share of random relabellings reaching at least the observed AUC, counting the observed labelling
 *     among them ((1 + b) / (1 + permutations)): a permutation p-value, exact under "no drift"
 * @param permutations how many random relabellings
 * @param referenceRows reference rows used (all of them, or a seeded sample when there were more)
 * @param currentRows current rows used
 * @param testRows held-out rows (both sides) the AUC is measured on; the others trained the model
 * @param features how many features the model had
 * @param referenceFeatures the features pointing most to the reference, strongest first (negative weights)
 * @param currentFeatures the features pointing most to the current data, strongest first (positive weights)
 */
public record DomainClassification(
    double rocAuc,
    double randomAucPercentile,
    double quantile,
    double pValue,
    int permutations,
    int referenceRows,
    int currentRows,
    int testRows,
    int features,
    List<WeightedFeature> referenceFeatures,
    List<WeightedFeature> currentFeatures) {

  public DomainClassification {
    referenceFeatures = List.copyOf(referenceFeatures);
    currentFeatures = List.copyOf(currentFeatures);
  }

  /** Whether the classifier beat the random-labelling percentile: Evidently's {@code perc} verdict. */
  public boolean aboveRandom() {
    return rocAuc > randomAucPercentile;
  }

  /**
   * A feature and its weight in the model.
   *
   * @param name the word, {@code column=value}, or dimension
   * @param weight its coefficient; positive points to the current data
   */
  public record WeightedFeature(String name, double weight) {
    public WeightedFeature {
      Objects.requireNonNull(name, "name");
    }
  }
}
