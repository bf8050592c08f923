package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How the engine decides drift. Immutable; change with the {@code with...} methods.
 *
 * <p>The test for a column is chosen, most specific first: {@code byColumn}, then {@code byType}, then
 * {@code global}, then Evidently's default rule. Test and threshold are resolved separately, so a column can keep
 * its default test with its own threshold. The tests are resolved already ({@link TestSelection#resolve}): a name
 * that matches no test is an error when the configuration is read, not a column error at compare time.
 *
 * @param driftShare the dataset drifts when at least this share of counted columns drift, in (0, 1] (default 0.1): at
 *     0 a dataset with no drifted column would drift
 * @param global a test/threshold for every column
 * @param byType a test/threshold per column type
 * @param byColumn a test/threshold per column name
 * @param columnTypes column types given by the user, overriding inference
 * @param histogramBins bins of the numeric histograms in results (reports draw them)
 * @param maxCategories categories shown per categorical histogram; the rest are summed as "other"
 * @param missingShareThreshold a column drifts when its share of missing values moves by at least this much
 *     (absolute, {@code |current - reference|}, in (0, 1]; default 0.1), whatever its test says; empty: rule off
 * @param multivariate whether to run the dataset-level multivariate check (a domain classifier over the tested
 *     columns together, on the readers' row samples; {@link DriftResult#multivariate()}); off by default
 * @param compat whose tests and type guards are used ({@link Compat}); the other defaults of a mode are in {@link
 *     Compat#defaults()}
 */
public record DriftOptions(
    double driftShare,
    TestSelection global,
    Map<ColumnType, TestSelection> byType,
    Map<String, TestSelection> byColumn,
    Map<String, ColumnType> columnTypes,
    int histogramBins,
    int maxCategories,
    OptionalDouble missingShareThreshold,
    boolean multivariate,
    Compat compat) {

  /** The default of {@link #missingShareThreshold}: a move of 10 percentage points. */
  public static final double DEFAULT_MISSING_SHARE_THRESHOLD = 0.1;

  /**
   * The seed's choice: drift when 10% of the columns drift; Evidently's default tests; a column whose missing share
   * moves by 10 points drifts.
   */
  public static final DriftOptions DEFAULTS =
      new DriftOptions(
          0.1,
          TestSelection.NONE,
          Map.of(),
          Map.of(),
          Map.of(),
          20,
          20,
          OptionalDouble.of(DEFAULT_MISSING_SHARE_THRESHOLD),
          false,
          Compat.NATIVE);

  public DriftOptions {
    if (!validDriftShare(driftShare)) {
      throw new IllegalArgumentException("drift share must be in (0, 1]: " + driftShare);
    }
    Objects.requireNonNull(global, "global");
    byType = Map.copyOf(byType);
    byColumn = Map.copyOf(byColumn);
    columnTypes = Map.copyOf(columnTypes);
    if (!(histogramBins >= 1 && maxCategories >= 1)) {
      throw new IllegalArgumentException(
          "histogramBins and maxCategories must be >= 1: " + histogramBins + ", " + maxCategories);
    }
    Objects.requireNonNull(missingShareThreshold, "missingShareThreshold");
    if (missingShareThreshold.isPresent()) {
      double t = missingShareThreshold.getAsDouble();
      // 0 would flag every column, unchanged ones included; written so that NaN fails
      if (!(t > 0 && t <= 1)) {
        throw new IllegalArgumentException("missing share threshold must be in (0, 1]: " + t);
      }
    }
    Objects.requireNonNull(compat, "compat");
  }

  public DriftOptions withDriftShare(double share) {
    return toBuilder().driftShare(share).build();
  }

  /** The test and/or threshold for every column, unless its type or name has its own. */
  public DriftOptions withGlobalTest(TestSelection selection) {
    return toBuilder().global(selection).build();
  }

  /** A test and/or threshold per column type, unless the column's name has its own. */
  public DriftOptions withTypeTests(Map<ColumnType, TestSelection> selections) {
    return toBuilder().byType(selections).build();
  }

  /** A test and/or threshold per column name. */
  public DriftOptions withColumnTests(Map<String, TestSelection> selections) {
    return toBuilder().byColumn(selections).build();
  }

  public DriftOptions withColumnTypes(Map<String, ColumnType> types) {
    return toBuilder().columnTypes(types).build();
  }

  /**
   * The missing-share rule with this threshold, or off when empty.
   *
   * @throws IllegalArgumentException when the threshold is not in (0, 1]
   */
  public DriftOptions withMissingShareThreshold(OptionalDouble threshold) {
    return toBuilder().missingShareThreshold(threshold).build();
  }

  /** The same options with the multivariate check on or off. */
  public DriftOptions withMultivariate(boolean on) {
    return toBuilder().multivariate(on).build();
  }

  /**
   * The same options in another mode. Only the tests change: the mode's other defaults (drift share, missing-share
   * rule) are {@link Compat#defaults()}.
   */
  public DriftOptions withCompat(Compat mode) {
    return toBuilder().compat(mode).build();
  }

  /**
   * Whether a configured test needs the order of categorical columns' rows ({@link
   * dev.shadowpipeline.drift.stattest.StatTest#needsRowOrder()}), so that readers should keep it.
   */
  public boolean needsRowOrder() {
    if (needsRowOrder(global)) {
      return true;
    }
    for (TestSelection s : byType.values()) {
      if (needsRowOrder(s)) {
        return true;
      }
    }
    for (TestSelection s : byColumn.values()) {
      if (needsRowOrder(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean needsRowOrder(TestSelection selection) {
    return selection.test().map(t -> t.needsRowOrder()).orElse(false);
  }

  /**
   * Parses a missing-share threshold as users write it: a number in (0, 1], or {@code off} for no rule. {@code false}
   * means off too: YAML 1.1 reads an unquoted {@code off} (or {@code no}) as the boolean false.
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  public static OptionalDouble parseMissingShareThreshold(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("off") || t.equalsIgnoreCase("false")) {
      return OptionalDouble.empty();
    }
    double value;
    try {
      value = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is neither a number in (0, 1] nor 'off'");
    }
    if (!(value > 0 && value <= 1)) { // NaN fails too
      throw new IllegalArgumentException("must be a number in (0, 1] or 'off': " + t);
    }
    return OptionalDouble.of(value);
  }

  /**
   * Whether a drift share can decide: in (0, 1]. Evidently compares {@code share >= drift_share} too, so at 0 every
   * dataset drifts, none of its columns drifting included; NaN fails.
   */
  public static boolean validDriftShare(double share) {
    return share > 0 && share <= 1;
  }

  /**
   * Parses a drift share as users write it: a number in (0, 1].
   *
   * @throws IllegalArgumentException naming the text when it is not one
   */
  public static double parseDriftShare(String text) {
    double value;
    try {
      value = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number in (0, 1]: '" + text + "'", e);
    }
    if (!validDriftShare(value)) {
      throw new IllegalArgumentException("must be a number in (0, 1]: " + text.strip());
    }
    return value;
  }

  /** Far below one row in any dataset that fits in memory, far above the rounding error of a share. */
  private static final double SHARE_TOLERANCE = 1e-12;

  /**
   * Whether a column's share of missing values moved by at least {@link #missingShareThreshold()}: drift on its own,
   * judged from the counts alone. Evidently cannot see a column going blank: its test drops the missing values and
   * compares what is left, or fails when nothing is left. False when the rule is off and for columns without rows on
   * both sides.
   *
   * @param status the column's status
   * @param ref the reference side's rows and missing values
   * @param cur the current side's rows and missing values
   */
  public boolean missingShareMoved(ColumnStatus status, SideStats ref, SideStats cur) {
    if (missingShareThreshold.isEmpty()
        || status == ColumnStatus.ONLY_IN_REFERENCE
        || status == ColumnStatus.ONLY_IN_CURRENT
        || status == ColumnStatus.EMPTY) {
      return false;
    }
    // shares are ratios of counts: 3/10 - 2/10 is 0.09999999999999998 in binary, and a threshold of
    // 0.1 means that such a 10-point move is enough
    return Math.abs(cur.missingShare() - ref.missingShare())
        >= missingShareThreshold.getAsDouble() - SHARE_TOLERANCE;
  }

  /** The test/threshold configured for a column, most specific level first; parts may be left open. */
  public TestSelection selectionFor(String column, ColumnType type) {
    return byColumn
        .getOrDefault(column, TestSelection.NONE)
        .orElse(byType.getOrDefault(type, TestSelection.NONE))
        .orElse(global);
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable copy of some options, so that each {@code with...} method names only what it changes. */
  private static final class Builder {
    private double driftShare;
    private TestSelection global;
    private Map<ColumnType, TestSelection> byType;
    private Map<String, TestSelection> byColumn;
    private Map<String, ColumnType> columnTypes;
    private final int histogramBins;
    private final int maxCategories;
    private OptionalDouble missingShareThreshold;
    private boolean multivariate;
    private Compat compat;

    Builder(DriftOptions o) {
      driftShare = o.driftShare;
      global = o.global;
      byType = o.byType;
      byColumn = o.byColumn;
      columnTypes = o.columnTypes;
      histogramBins = o.histogramBins;
      maxCategories = o.maxCategories;
      missingShareThreshold = o.missingShareThreshold;
      multivariate = o.multivariate;
      compat = o.compat;
    }

    Builder driftShare(double driftShare) {
      this.driftShare = driftShare;
      return this;
    }

    Builder global(TestSelection global) {
      this.global = global;
      return this;
    }

    Builder byType(Map<ColumnType, TestSelection> byType) {
      this.byType = byType;
      return this;
    }

    Builder byColumn(Map<String, TestSelection> byColumn) {
      this.byColumn = byColumn;
      return this;
    }

    Builder columnTypes(Map<String, ColumnType> columnTypes) {
      this.columnTypes = columnTypes;
      return this;
    }

    Builder missingShareThreshold(OptionalDouble missingShareThreshold) {
      this.missingShareThreshold = missingShareThreshold;
      return this;
    }

    Builder multivariate(boolean multivariate) {
      this.multivariate = multivariate;
      return this;
    }

    Builder compat(Compat compat) {
      this.compat = compat;
      return this;
    }

    DriftOptions build() {
      return new DriftOptions(
          driftShare,
          global,
          byType,
          byColumn,
          columnTypes,
          histogramBins,
          maxCategories,
          missingShareThreshold,
          multivariate,
          compat);
    }
  }
}
