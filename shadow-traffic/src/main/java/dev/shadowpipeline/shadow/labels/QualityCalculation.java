package dev.shadowpipeline.shadow.labels;

import dev.shadowpipeline.shadow.quality.ClassificationComparison;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricInterval;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.quality.PairedClassification;
import dev.shadowpipeline.shadow.quality.PairedRegression;
import dev.shadowpipeline.shadow.quality.RegressionComparison;
import dev.shadowpipeline.shadow.quality.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns joined pairs into a {@link QualityResult}: decides the task and the positive class, leaves out (and counts)
 * the pairs without a prediction, and runs the paired comparison of {@code shadow.quality}.
 */
final class QualityCalculation {

  /** Label pairs listed among the flips. */
  static final int MAX_FLIPS = 20;

  private static final Map<Set<String>, String> CONVENTIONAL_POSITIVES =
      Map.of(
          Set.of("true", "false"), "true",
          Set.of("0", "1"), "1",
          Set.of("-1", "1"), "1");

  private QualityCalculation() {}

  /**
   * The quality of the joined pairs.
   *
   * @param counts the counts so far; the pairs compared and those without a prediction are filled in here
   * @throws IllegalArgumentException when the labels cannot be used as the task needs, naming the first bad line:
   *     a regression truth that is not a number, more than two truths in a classification, no way to tell the
   *     positive class
   */
  static QualityResult compute(
      JoinedPairs pairs,
      LabelJoin join,
      PredictionReader reader,
      JoinCounts counts,
      PairedBootstrap bootstrap) {
    List<String> notes = new ArrayList<>();
    if (!reader.otherLabelPaths().isEmpty()) {
      notes.add(
          "the records also have labels at "
              + String.join(", ", reader.otherLabelPaths())
              + "; these results use "
              + reader.labelPath()
              + " (choose with --label-pointer)");
    }
    LabelJoin resolved =
        join.withLabelPointer(reader.labelPath()).withScorePointer(reader.scorePath());
    Task task =
        join.task() != null
            ? join.task()
            : reader.labelPath() != null
                ? Task.CLASSIFICATION
                : reader.scorePath() != null ? Task.REGRESSION : null;
    if (task == null) {
      if (pairs.size() > 0) {
        notes.add(
            "no prediction to compare: the records carry no label or score comparison; name where the answers "
                + "hold the prediction with --label-pointer or --score-pointer");
      }
      return empty(null, counts.withJoined(0, pairs.size()), resolved, bootstrap, notes);
    }
    return task == Task.CLASSIFICATION
        ? classification(pairs, resolved, counts, bootstrap, notes)
        : regression(pairs, resolved, counts, bootstrap, notes);
  }

  private static QualityResult empty(
      Task task, JoinCounts counts, LabelJoin join, PairedBootstrap bootstrap, List<String> notes) {
    return new QualityResult(
        task, counts, join, bootstrap, null, null, Map.of(), Map.of(), List.of(), null, Map.of(),
        notes);
  }

  private static QualityResult classification(
      JoinedPairs pairs,
      LabelJoin join,
      JoinCounts counts,
      PairedBootstrap bootstrap,
      List<String> notes) {
    JoinedPairs.Dictionary truths = pairs.truths;
    JoinedPairs.Dictionary labels = pairs.labels;
    int n = 0;
    Set<Integer> truthIds = new LinkedHashSet<>();
    Set<Integer> labelIds = new LinkedHashSet<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.primaryLabel(i) != JoinedPairs.NONE && pairs.shadowLabel(i) != JoinedPairs.NONE) {
        n++;
        truthIds.add(pairs.truth(i));
        labelIds.add(pairs.primaryLabel(i));
        labelIds.add(pairs.shadowLabel(i));
      }
    }
    if (join.labelPointer() == null) {
      notes.add(
          "no label to compare: the records carry no label comparison; name where the answers hold the label "
              + "with --label-pointer");
    }
    JoinCounts filled = counts.withJoined(n, pairs.size() - n);
    if (n == 0) {
      return empty(Task.CLASSIFICATION, filled, join, bootstrap, notes);
    }
    if (truthIds.contains(JoinedPairs.OTHER)) {
      throw new IllegalArgumentException(
          "a classification needs two truth values, but the labels have more than "
              + JoinedPairs.MAX_DISTINCT
              + " (is the task regression? say so with --task regression)");
    }
    String positive = join.positive();
    if (positive == null) {
      positive = conventionalPositive(truths, truthIds, labels, labelIds);
    }
    String truthPositive = join.truthPositive() != null ? join.truthPositive() : positive;
    checkTruths(truths, truthIds, truthPositive, join);
    if (labelIds.contains(JoinedPairs.OTHER)) {
      notes.add(
          "the answers have more than "
              + JoinedPairs.MAX_DISTINCT
              + " distinct labels; every label but '"
              + positive
              + "' counts as the negative class");
    }
    LabelJoin resolved = join.withPositive(positive).withTruthPositive(truthPositive);

    boolean[] truth = new boolean[n];
    boolean[] primary = new boolean[n];
    boolean[] shadow = new boolean[n];
    double[] primaryScores = new double[n];
    double[] shadowScores = new double[n];
    boolean primaryScored = join.scorePointer() != null;
    boolean shadowScored = primaryScored;
    long primaryUnscored = 0;
    long shadowUnscored = 0;
    Map<List<Integer>, long[]> flips = new LinkedHashMap<>();
    boolean[] positiveTruth = positives(truths, truthPositive);
    boolean[] positiveLabel = positives(labels, positive);
    int k = 0;
    for (int i = 0; i < pairs.size(); i++) {
      int p = pairs.primaryLabel(i);
      int s = pairs.shadowLabel(i);
      if (p == JoinedPairs.NONE || s == JoinedPairs.NONE) {
        continue;
      }
      truth[k] = positiveTruth[pairs.truth(i) + 1];
      primary[k] = positiveLabel[p + 1];
      shadow[k] = positiveLabel[s + 1];
      primaryScores[k] = pairs.primaryScore(i);
      shadowScores[k] = pairs.shadowScore(i);
      if (!probability(primaryScores[k])) {
        primaryUnscored++;
      }
      if (!probability(shadowScores[k])) {
        shadowUnscored++;
      }
      if (p != s) {
        long[] c = flips.computeIfAbsent(List.of(p, s), key -> new long[3]);
        c[0]++;
        boolean primaryRight = primary[k] == truth[k];
        c[primaryRight ? 1 : 2]++;
      }
      k++;
    }
    if (primaryScored && (primaryUnscored > 0 || shadowUnscored > 0)) {
      notes.add(
          "scores left out: "
              + unscored("primary", primaryUnscored, n)
              + (primaryUnscored > 0 && shadowUnscored > 0 ? " and " : "")
              + unscored("shadow", shadowUnscored, n)
              + " at "
              + join.scorePointer()
              + " (a score must be the probability of '"
              + positive
              + "', in [0, 1])");
      primaryScored = primaryUnscored == 0;
      shadowScored = shadowUnscored == 0;
    }
    PairedClassification data =
        PairedClassification.of(
            truth,
            primary,
            shadow,
            primaryScored ? primaryScores : null,
            shadowScored ? shadowScores : null);
    ClassificationComparison comparison = data.compare(bootstrap);
    Map<Metric, MetricInterval> primaryIntervals = data.primaryIntervals(bootstrap);
    Map<Metric, MetricInterval> shadowIntervals = data.shadowIntervals(bootstrap);

    List<Flip> flipList = new ArrayList<>();
    flips.forEach(
        (key, c) ->
            flipList.add(
                new Flip(labels.text(key.get(0)), labels.text(key.get(1)), c[0], c[1], c[2])));
    flipList.sort(Comparator.comparingLong(Flip::count).reversed());
    List<Flip> topFlips = flipList.subList(0, Math.min(MAX_FLIPS, flipList.size()));

    Map<String, TreeMap<Integer, Example>> byCategory = new LinkedHashMap<>();
    for (String c :
        List.of(
            QualityResult.ONLY_PRIMARY_RIGHT,
            QualityResult.ONLY_SHADOW_RIGHT,
            QualityResult.BOTH_WRONG)) {
      byCategory.put(c, new TreeMap<>());
    }
    for (List<JoinedPairs.Kept> group : pairs.classificationExamples()) {
      for (JoinedPairs.Kept kept : group) {
        int row = kept.row();
        boolean t = positiveTruth[pairs.truth(row) + 1];
        boolean primaryRight = positiveLabel[pairs.primaryLabel(row) + 1] == t;
        boolean shadowRight = positiveLabel[pairs.shadowLabel(row) + 1] == t;
        String category =
            primaryRight && shadowRight
                ? null
                : primaryRight
                    ? QualityResult.ONLY_PRIMARY_RIGHT
                    : shadowRight ? QualityResult.ONLY_SHADOW_RIGHT : QualityResult.BOTH_WRONG;
        if (category != null) {
          byCategory.get(category).put(row, kept.example());
        }
      }
    }
    Map<String, List<Example>> examples = new LinkedHashMap<>();
    byCategory.forEach(
        (c, rows) -> examples.put(c, rows.values().stream().limit(JoinedPairs.EXAMPLES).toList()));
    return new QualityResult(
        Task.CLASSIFICATION,
        filled,
        resolved,
        bootstrap,
        comparison,
        null,
        primaryIntervals,
        shadowIntervals,
        topFlips,
        null,
        examples,
        notes);
  }

  private static String unscored(String side, long count, int n) {
    return count == 0 ? "" : count + " of " + n + " " + side + " answers had no score in [0, 1]";
  }

  private static boolean probability(double s) {
    return s >= 0 && s <= 1; // false for NaN
  }

  /** For each index + 1 of the dictionary (OTHER at 0), whether the text is the positive one. */
  private static boolean[] positives(JoinedPairs.Dictionary dictionary, String positive) {
    boolean[] result = new boolean[dictionary.size() + 1];
    Integer id = dictionary.find(positive);
    if (id != null) {
      result[id + 1] = true;
    }
    return result;
  }

  // scikit-learn's pos_label=1 applies to labels {0, 1} and {-1, 1}; booleans are the same with
  // true
  private static String conventionalPositive(
      JoinedPairs.Dictionary truths,
      Set<Integer> truthIds,
      JoinedPairs.Dictionary labels,
      Set<Integer> labelIds) {
    Set<String> truthValues = texts(truths, truthIds);
    Set<String> labelValues = texts(labels, labelIds);
    for (Map.Entry<Set<String>, String> convention : CONVENTIONAL_POSITIVES.entrySet()) {
      if (convention.getKey().containsAll(truthValues)
          && convention.getKey().containsAll(labelValues)) {
        return convention.getValue();
      }
    }
    throw new IllegalArgumentException(
        "say which label is the positive class with --positive (precision, recall and the scores are about it): "
            + "the answers' labels are "
            + String.join(", ", labelValues)
            + " and the truths "
            + String.join(", ", truthValues));
  }

  private static void checkTruths(
      JoinedPairs.Dictionary truths, Set<Integer> ids, String truthPositive, LabelJoin join) {
    if (ids.size() > 2) {
      List<Integer> sorted = new ArrayList<>(ids);
      int third = sorted.get(2);
      throw new IllegalArgumentException(
          "line "
              + truths.firstLine(third)
              + ": a classification is binary, but the truth '"
              + join.truth()
              + "' has "
              + ids.size()
              + " values: "
              + String.join(", ", texts(truths, ids))
              + " (is the task regression? say so with --task regression)");
    }
    if (ids.size() == 2 && !texts(truths, ids).contains(truthPositive)) {
      throw new IllegalArgumentException(
          "no truth value is the positive class '"
              + truthPositive
              + "': the truths are "
              + String.join(", ", texts(truths, ids))
              + "; say which one means '"
              + join.positive()
              + "' with --truth-positive");
    }
  }

  // sorted, so that messages read the same whatever order the values came in
  private static Set<String> texts(JoinedPairs.Dictionary dictionary, Set<Integer> ids) {
    Set<String> texts = new TreeSet<>();
    ids.forEach(id -> texts.add(dictionary.text(id)));
    return texts;
  }

  private static QualityResult regression(
      JoinedPairs pairs,
      LabelJoin join,
      JoinCounts counts,
      PairedBootstrap bootstrap,
      List<String> notes) {
    if (join.scorePointer() == null) {
      notes.add(
          "no prediction to compare: the records carry no score comparison; name where the answers hold the "
              + "predicted number with --score-pointer");
    }
    int n = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (Double.isFinite(pairs.primaryScore(i)) && Double.isFinite(pairs.shadowScore(i))) {
        n++;
      }
    }
    JoinCounts filled = counts.withJoined(n, pairs.size() - n);
    if (n == 0) {
      return empty(Task.REGRESSION, filled, join, bootstrap, notes);
    }
    String bad = pairs.firstNonNumeric();
    if (bad != null) {
      throw new IllegalArgumentException(
          bad + ": a regression needs numeric truths in '" + join.truth() + "'");
    }
    double[] truth = new double[n];
    double[] primary = new double[n];
    double[] shadow = new double[n];
    long primaryCloser = 0;
    long shadowCloser = 0;
    long ties = 0;
    int k = 0;
    for (int i = 0; i < pairs.size(); i++) {
      double p = pairs.primaryScore(i);
      double s = pairs.shadowScore(i);
      if (!Double.isFinite(p) || !Double.isFinite(s)) {
        continue;
      }
      truth[k] = pairs.truthValue(i);
      primary[k] = p;
      shadow[k] = s;
      double gap = Math.abs(truth[k] - p) - Math.abs(truth[k] - s);
      if (gap > 0) {
        shadowCloser++;
      } else if (gap < 0) {
        primaryCloser++;
      } else {
        ties++;
      }
      k++;
    }
    PairedRegression data = PairedRegression.of(truth, primary, shadow);
    RegressionComparison comparison = data.compare(bootstrap);
    Map<String, List<Example>> examples = new LinkedHashMap<>();
    examples.put(
        QualityResult.PRIMARY_CLOSER,
        pairs.closer(false).stream().map(JoinedPairs.Kept::example).toList());
    examples.put(
        QualityResult.SHADOW_CLOSER,
        pairs.closer(true).stream().map(JoinedPairs.Kept::example).toList());
    return new QualityResult(
        Task.REGRESSION,
        filled,
        join,
        bootstrap,
        null,
        comparison,
        data.primaryIntervals(bootstrap),
        data.shadowIntervals(bootstrap),
        List.of(),
        new QualityResult.Closeness(primaryCloser, shadowCloser, ties),
        examples,
        notes);
  }
}
