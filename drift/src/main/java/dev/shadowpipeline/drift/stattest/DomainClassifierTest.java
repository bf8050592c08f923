package dev.shadowpipeline.drift.stattest;

import dev.shadowpipeline.drift.classifier.DomainClassification;
import dev.shadowpipeline.drift.classifier.DomainClassifier;
import dev.shadowpipeline.drift.classifier.TextRows;
import dev.shadowpipeline.drift.classifier.TextVectorizer;
import dev.shadowpipeline.drift.classifier.VectorRows;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evidently's domain-classifier drift: a classifier trained to tell reference rows from current rows ({@link
 * DomainClassifier}: TF-IDF words for text, standardized dimensions for embeddings; an L2 logistic regression), its
 * ROC AUC on held-out rows compared either with the AUC random labelling reaches at a quantile ({@link
 * Mode#PERCENTILE}, Evidently's {@code perc_text_content_drift}: threshold = the quantile, default 0.95) or with a
 * fixed AUC ({@link Mode#ABSOLUTE}, {@code abs_text_content_drift}: default 0.55). Drift when the AUC is above.
 *
 * <p>The result's score is the AUC, its threshold the AUC it was compared with (for the percentile mode, the random
 * labelling's), and its {@link StatTestResult#classifier()} the details: the random-labelling percentile, a
 * permutation p-value, and the words (features) pointing most to each side.
 *
 * <p>Differences from Evidently, each documented in the README: the model is LIBLINEAR's L2 logistic regression, not
 * {@code SGDClassifier(loss="modified_huber", penalty="l1")}, so the AUCs are close but not equal; the split is
 * stratified; the random-labelling AUCs shuffle the classes over the classifier's scores instead of drawing random
 * scores; each side is a seeded sample of at most {@link DomainClassifier#maxRowsPerSide()} rows.
 */
final class DomainClassifierTest implements StatTest {

  /** How the AUC is judged. */
  enum Mode {
    /** Drift when the AUC is above the random-labelling AUC at the quantile given as the threshold. */
    PERCENTILE,
    /** Drift when the AUC is above the threshold. */
    ABSOLUTE
  }

  /** The quantile reported beside an absolute verdict. */
  private static final double REPORTED_QUANTILE = 0.95;

  private final String name;
  private final Mode mode;
  private final Set<ColumnType> types;
  private final DomainClassifier classifier;

  DomainClassifierTest(String name, Mode mode, Set<ColumnType> types, DomainClassifier classifier) {
    this.name = Objects.requireNonNull(name, "name");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.types = Set.copyOf(types);
    this.classifier = Objects.requireNonNull(classifier, "classifier");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TestKind kind() {
    return TestKind.ROC_AUC;
  }

  @Override
  public double defaultThreshold() {
    return mode == Mode.PERCENTILE ? 0.95 : 0.55;
  }

  @Override
  public Set<ColumnType> supportedTypes() {
    return types;
  }

  /**
   * Runs the classifier.
   *
   * @param data text as a {@link CategoricalPair} (distinct texts and their counts) or embeddings as a {@link
   *     VectorPair}; at least two rows on each side
   * @param threshold the quantile in [0, 1] ({@link Mode#PERCENTILE}) or the AUC ({@link Mode#ABSOLUTE})
   * @throws IllegalArgumentException for numeric data, fewer than two rows on a side, or a threshold out of range
   */
  @Override
  public StatTestResult test(ColumnPair data, double threshold) {
    Objects.requireNonNull(data, "data");
    if (!(threshold >= 0 && threshold <= 1)) { // NaN fails too
      throw new IllegalArgumentException(
          name
              + ": threshold must be "
              + (mode == Mode.PERCENTILE ? "a quantile" : "an AUC")
              + " between 0 and 1: "
              + threshold);
    }
    DomainClassifier.Rows rows;
    if (data instanceof CategoricalPair c) {
      rows = new TextRows(c.categories(), c.reference(), c.current(), TextVectorizer.EVIDENTLY);
    } else if (data instanceof VectorPair v) {
      rows = new VectorRows(v.dimension(), v.reference(), v.current());
    } else {
      throw new IllegalArgumentException(
          name + " needs text or embeddings; it does not apply to numbers");
    }
    double quantile = mode == Mode.PERCENTILE ? threshold : REPORTED_QUANTILE;
    DomainClassification found = classifier.classify(rows, quantile);
    double cutoff = mode == Mode.PERCENTILE ? found.randomAucPercentile() : threshold;
    return new StatTestResult(
        name,
        TestKind.ROC_AUC,
        found.rocAuc(),
        found.rocAuc(),
        cutoff,
        found.rocAuc() > cutoff,
        Optional.of(found));
  }

  @Override
  public String toString() {
    return name;
  }
}
