package dev.shadowpipeline.shadow.labels;

import dev.shadowpipeline.shadow.quality.ClassificationComparison;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricInterval;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.quality.RegressionComparison;
import dev.shadowpipeline.shadow.quality.Task;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Both models' quality against ground truth on the same inputs: what {@code quality.json}, the report's quality
 * sections and the gate's non-inferiority checks are made of.
 *
 * @param task what was compared, or {@code null} when it could not be told (no prediction in the records)
 * @param counts what happened to every record and label
 * @param join the join as it was done: the settings with the positive class and the prediction paths resolved
 * @param bootstrap the resampling behind the intervals
 * @param classification the comparison of a classification with labelled pairs, else {@code null}
 * @param regression the comparison of a regression with labelled pairs, else {@code null}
 * @param primaryIntervals the primary's metrics with 95% intervals (empty without a comparison)
 * @param shadowIntervals the shadow's metrics with 95% intervals
 * @param flips classification: the pairs of different labels, most frequent first, with who was right
 * @param closeness regression: on how many inputs each model was closer to the truth, else {@code null}
 * @param examples a few inputs per category ({@link #ONLY_PRIMARY_RIGHT}, {@link #ONLY_SHADOW_RIGHT},
 *     {@link #BOTH_WRONG}; for a regression {@link #PRIMARY_CLOSER}, {@link #SHADOW_CLOSER})
 * @param notes what the reader should know: data left out, paths not used, why nothing could be compared
 */
public record QualityResult(
    Task task,
    JoinCounts counts,
    LabelJoin join,
    PairedBootstrap bootstrap,
    ClassificationComparison classification,
    RegressionComparison regression,
    Map<Metric, MetricInterval> primaryIntervals,
    Map<Metric, MetricInterval> shadowIntervals,
    List<Flip> flips,
    Closeness closeness,
    Map<String, List<Example>> examples,
    List<String> notes) {

  /** Category of inputs only the primary labelled correctly. */
  public static final String ONLY_PRIMARY_RIGHT = "only_primary_right";

  /** Category of inputs only the shadow labelled correctly. */
  public static final String ONLY_SHADOW_RIGHT = "only_shadow_right";

  /** Category of inputs both labelled wrongly. */
  public static final String BOTH_WRONG = "both_wrong";

  /** Category of a regression's inputs where the primary was closer to the truth. */
  public static final String PRIMARY_CLOSER = "primary_closer";

  /** Category of a regression's inputs where the shadow was closer to the truth. */
  public static final String SHADOW_CLOSER = "shadow_closer";

  /**
   * On how many inputs each regressor was closer to the truth.
   *
   * @param primary the primary's absolute error was smaller
   * @param shadow the shadow's was smaller
   * @param ties both the same
   */
  public record Closeness(long primary, long shadow, long ties) {}

  /** Copies the collections. */
  public QualityResult {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(bootstrap, "bootstrap");
    primaryIntervals = copy(primaryIntervals);
    shadowIntervals = copy(shadowIntervals);
    flips = List.copyOf(flips);
    Map<String, List<Example>> e = new LinkedHashMap<>();
    examples.forEach((k, v) -> e.put(k, List.copyOf(v)));
    examples = Collections.unmodifiableMap(e);
    notes = List.copyOf(notes);
  }

  private static Map<Metric, MetricInterval> copy(Map<Metric, MetricInterval> map) {
    EnumMap<Metric, MetricInterval> copy = new EnumMap<>(Metric.class);
    copy.putAll(map);
    return Collections.unmodifiableMap(copy);
  }

  /** True when there were labelled pairs to compare. */
  public boolean compared() {
    return classification != null || regression != null;
  }
}
