package dev.shadowpipeline.drift.stattest;

import dev.shadowpipeline.drift.classifier.DomainClassifier;
import dev.shadowpipeline.drift.classifier.KernelTwoSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tests for text and embedding columns, by name: Evidently's {@code perc_text_content_drift} and {@code
 * abs_text_content_drift} (a domain classifier on TF-IDF words), {@code embedding_classifier} (the same classifier on
 * an embedding's dimensions, percentile mode) and {@code embedding_mmd} (kernel two-sample test). Kept beside {@link
 * StatTests} rather than in it: they train a model, and none of them applies to numeric or categorical columns.
 */
public final class ClassifierTests {

  /** Evidently's text test for at most 1000 reference rows: AUC above random labelling's 95th percentile. */
  public static final String PERC_TEXT = "perc_text_content_drift";

  /** Evidently's text test above 1000 reference rows: AUC above 0.55. */
  public static final String ABS_TEXT = "abs_text_content_drift";

  /** The domain classifier on embeddings, percentile mode. */
  public static final String EMBEDDING_CLASSIFIER = "embedding_classifier";

  /** The kernel two-sample test on embeddings. */
  public static final String EMBEDDING_MMD = "embedding_mmd";

  private static final Map<String, StatTest> BY_NAME = new LinkedHashMap<>();

  static {
    Set<ColumnType> text = Set.of(ColumnType.TEXT);
    DomainClassifier classifier = DomainClassifier.DEFAULTS;
    List<StatTest> all =
        List.of(
            new DomainClassifierTest(
                PERC_TEXT, DomainClassifierTest.Mode.PERCENTILE, text, classifier),
            new DomainClassifierTest(
                ABS_TEXT, DomainClassifierTest.Mode.ABSOLUTE, text, classifier),
            new DomainClassifierTest(
                EMBEDDING_CLASSIFIER,
                DomainClassifierTest.Mode.PERCENTILE,
                Set.of(ColumnType.EMBEDDING),
                classifier),
            new EmbeddingMmdTest(KernelTwoSample.DEFAULTS));
    for (StatTest t : all) {
      BY_NAME.put(t.name(), t);
    }
  }

  private ClassifierTests() {}

  /** The test with this name, or empty. */
  public static Optional<StatTest> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Their names, in a stable order. */
  public static List<String> names() {
    return new ArrayList<>(BY_NAME.keySet());
  }

  /** The tests, in the order of {@link #names()}. */
  public static List<StatTest> all() {
    return List.copyOf(BY_NAME.values());
  }

  /**
   * Evidently's default for a text column: {@code abs_text_content_drift} when the reference has more than 1000
   * values, else {@code perc_text_content_drift}.
   */
  public static StatTest textDefault(long referenceValues) {
    return BY_NAME.get(
        referenceValues > DefaultTestRule.SMALL_SAMPLE_MAX_ROWS ? ABS_TEXT : PERC_TEXT);
  }

  /**
   * The default for an embedding column at any size: {@code embedding_classifier}, the random-labelling percentile.
   * (Evidently's embeddings metric compares the AUC with a fixed 0.55 from 1000 reference rows on; a percentile
   * holds its false-alarm rate at every size.)
   */
  public static StatTest embeddingDefault() {
    return BY_NAME.get(EMBEDDING_CLASSIFIER);
  }
}
