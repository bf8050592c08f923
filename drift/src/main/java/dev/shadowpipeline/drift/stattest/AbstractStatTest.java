package dev.shadowpipeline.drift.stattest;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The parts every test shares: its name, kind, default threshold, column types and the drift decision. */
abstract class AbstractStatTest implements StatTest {

  /** How the score is compared with the threshold; Evidently is not uniform about it. */
  enum Decision {
    /** Drift when score &lt; threshold (most p-value tests). */
    BELOW,
    /** Drift when score &lt;= threshold ({@code ks}, {@code cramer_von_mises}). */
    AT_OR_BELOW,
    /** Drift when score &gt;= threshold (most distances). */
    AT_OR_ABOVE,
    /** Drift when score &gt; threshold ({@code energy_distance}). */
    ABOVE
  }

  private final String name;
  private final TestKind kind;
  private final double defaultThreshold;
  private final Set<ColumnType> types;
  private final Decision decision;

  AbstractStatTest(
      String name,
      TestKind kind,
      double defaultThreshold,
      Decision decision,
      ColumnType first,
      ColumnType... rest) {
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.defaultThreshold = defaultThreshold;
    this.decision = Objects.requireNonNull(decision);
    this.types = Set.copyOf(EnumSet.of(first, rest));
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final TestKind kind() {
    return kind;
  }

  @Override
  public final double defaultThreshold() {
    return defaultThreshold;
  }

  @Override
  public final String driftOperator() {
    return switch (decision) {
      case BELOW -> "<";
      case AT_OR_BELOW -> "<=";
      case AT_OR_ABOVE -> ">=";
      case ABOVE -> ">";
    };
  }

  @Override
  public final Set<ColumnType> supportedTypes() {
    return types;
  }

  @Override
  public final StatTestResult test(ColumnPair data, double threshold) {
    Objects.requireNonNull(data, "data");
    if (!(threshold >= 0)) { // negative, or NaN
      throw new IllegalArgumentException(
          name + ": threshold must be a non-negative number: " + threshold);
    }
    if (data.referenceSize() == 0 || data.currentSize() == 0) {
      throw new IllegalArgumentException(
          name
              + ": reference and current must both be non-empty, got "
              + data.referenceSize()
              + " reference and "
              + data.currentSize()
              + " current values");
    }
    if (data instanceof CategoricalPair && !types.contains(ColumnType.CATEGORICAL)) {
      throw new IllegalArgumentException(
          name + " needs numeric values; it does not apply to categorical counts");
    }
    if (data instanceof VectorPair) {
      throw new IllegalArgumentException(name + " does not apply to embeddings (vectors)");
    }
    if (data instanceof NumericPair numbers) {
      Samples.requireAtLeast(name, minimumValues(), numbers);
    }
    return compute(data, threshold);
  }

  /**
   * The fewest values a side needs for this test to judge a numeric column; with fewer, its answer would be a
   * placeholder (NaN, or p = 1) that reads as "no drift", so the column is refused. Engines that work from summaries
   * refuse by the same number ({@link SummaryTests#requireJudgeable}).
   */
  int minimumValues() {
    return 1;
  }

  /** Runs the test on non-empty data. */
  abstract StatTestResult compute(ColumnPair data, double threshold);

  final StatTestResult result(double statistic, double score, double threshold) {
    return new StatTestResult(name, kind, statistic, score, threshold, drifted(score, threshold));
  }

  final boolean drifted(double score, double threshold) {
    if (Double.isNaN(score)) {
      return false;
    }
    return switch (decision) {
      case BELOW -> score < threshold;
      case AT_OR_BELOW -> score <= threshold;
      case AT_OR_ABOVE -> score >= threshold;
      case ABOVE -> score > threshold;
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
