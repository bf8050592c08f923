package dev.shadowpipeline.shadow.labels;

import com.fasterxml.jackson.core.JsonPointer;
import dev.shadowpipeline.shadow.quality.Task;
import java.util.Objects;

/**
 * How labels meet records, and what is compared: immutable, configured with {@code with...}.
 *
 * <p>The predictions come by default from the comparison the records were judged with: the label comparator's path
 * gives each side's label (from the record's label observation), the score comparator's path each side's score (from
 * its answer body). {@link #labelPointer} and {@link #scorePointer} override them. For classification the score is
 * read as the probability of the positive class.
 *
 * @param key where a record's join key is
 * @param labelKey the labels' field holding the join key (default: {@link JoinKey#defaultLabelKey()})
 * @param truth the labels' field holding the true outcome (default {@value #DEFAULT_TRUTH})
 * @param positive the label of the positive class, or {@code null} for {@code true} or {@code 1} when the labels are
 *     booleans or 0/1 (as scikit-learn's {@code pos_label=1}); needed for precision, recall, F1 and the scored metrics
 * @param truthPositive the truth value that means the positive class, when the truth is written differently from the
 *     labels (e.g. {@code false} for "did not default" when the positive label is {@code approve}); default
 *     {@link #positive}
 * @param task classification or regression, or {@code null} to infer it: classification when the records carry
 *     labels, regression when they carry a score only
 * @param labelPointer where each answer's label is, or {@code null} for the label comparator's path
 * @param scorePointer where each answer's score (or, for regression, its prediction) is, or {@code null} for the
 *     score comparator's path
 */
public record LabelJoin(
    JoinKey key,
    String labelKey,
    String truth,
    String positive,
    String truthPositive,
    Task task,
    String labelPointer,
    String scorePointer) {

  /** The truth field when none is named. */
  public static final String DEFAULT_TRUTH = "label";

  /**
   * Fills in the defaults and checks the pointers.
   *
   * @throws IllegalArgumentException if a name is blank or a pointer is not a JSON Pointer
   */
  public LabelJoin {
    Objects.requireNonNull(key, "key");
    labelKey = labelKey == null ? key.defaultLabelKey() : requireName("label key", labelKey);
    truth = truth == null ? DEFAULT_TRUTH : requireName("truth field", truth);
    positive = positive == null ? null : ScalarText.canonical(requireName("positive", positive));
    truthPositive =
        truthPositive == null
            ? null
            : ScalarText.canonical(requireName("truth positive", truthPositive));
    requirePointer("label pointer", labelPointer);
    requirePointer("score pointer", scorePointer);
  }

  /** Labels joined by {@code key}, everything else by default. */
  public static LabelJoin of(JoinKey key) {
    return new LabelJoin(key, null, null, null, null, null, null, null);
  }

  /** A copy whose labels hold the join key in field {@code name}. */
  public LabelJoin withLabelKey(String name) {
    return new LabelJoin(
        key, name, truth, positive, truthPositive, task, labelPointer, scorePointer);
  }

  /** A copy whose labels hold the truth in field {@code name}. */
  public LabelJoin withTruth(String name) {
    return new LabelJoin(
        key, labelKey, name, positive, truthPositive, task, labelPointer, scorePointer);
  }

  /** A copy with this positive class. */
  public LabelJoin withPositive(String value) {
    return new LabelJoin(
        key, labelKey, truth, value, truthPositive, task, labelPointer, scorePointer);
  }

  /** A copy in which the truth {@code value} means the positive class. */
  public LabelJoin withTruthPositive(String value) {
    return new LabelJoin(key, labelKey, truth, positive, value, task, labelPointer, scorePointer);
  }

  /** A copy with this task ({@code null}: infer it). */
  public LabelJoin withTask(Task value) {
    return new LabelJoin(
        key, labelKey, truth, positive, truthPositive, value, labelPointer, scorePointer);
  }

  /** A copy reading each answer's label at {@code pointer} ({@code null}: the label comparator's path). */
  public LabelJoin withLabelPointer(String pointer) {
    return new LabelJoin(
        key, labelKey, truth, positive, truthPositive, task, pointer, scorePointer);
  }

  /** A copy reading each answer's score at {@code pointer} ({@code null}: the score comparator's path). */
  public LabelJoin withScorePointer(String pointer) {
    return new LabelJoin(
        key, labelKey, truth, positive, truthPositive, task, labelPointer, pointer);
  }

  /** The truth value of the positive class: {@link #truthPositive}, else {@link #positive}. */
  public String effectiveTruthPositive() {
    return truthPositive != null ? truthPositive : positive;
  }

  private static String requireName(String what, String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("the " + what + " must not be blank");
    }
    return name;
  }

  private static void requirePointer(String what, String pointer) {
    if (pointer == null) {
      return;
    }
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the " + what + " must be a JSON Pointer such as /decision: " + pointer, e);
    }
  }
}
