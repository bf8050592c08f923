package dev.shadowpipeline.app.drift;

import dev.shadowpipeline.drift.engine.Compat;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTest;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The drift options as {@code shadow drift} and the Spark job take them: texts from flags, made into
 * {@link DriftOptions}. One place, so that both engines read {@code --stattest psi:0.2} or {@code --column-type
 * clicks=categorical} alike.
 *
 * @param driftShare {@code --drift-share}, or null for the mode's default (0.1 native, 0.5 Evidently)
 * @param stattest {@code --stattest NAME[:THRESHOLD]}, or null
 * @param threshold {@code --threshold}, or null
 * @param typeTests {@code --type-test TYPE=NAME[:THRESHOLD]}, or null
 * @param columnTests {@code --column-test COLUMN=NAME[:THRESHOLD]}, or null
 * @param columnTypes {@code --column-type COLUMN=TYPE}, or null
 * @param missingShareThreshold {@code --missing-share-threshold} (empty: off), or null for the mode's default (0.1
 *     native, off Evidently)
 * @param compat {@code --compat}: whose tests and defaults ({@link Compat})
 */
public record DriftSettings(
    Double driftShare,
    String stattest,
    Double threshold,
    Map<String, String> typeTests,
    Map<String, String> columnTests,
    Map<String, String> columnTypes,
    OptionalDouble missingShareThreshold,
    Compat compat) {

  /** Settings in native mode, every value given. */
  public DriftSettings(
      double driftShare,
      String stattest,
      Double threshold,
      Map<String, String> typeTests,
      Map<String, String> columnTests,
      Map<String, String> columnTypes,
      OptionalDouble missingShareThreshold) {
    this(
        (Double) driftShare,
        stattest,
        threshold,
        typeTests,
        columnTests,
        columnTypes,
        missingShareThreshold,
        Compat.NATIVE);
  }

  /**
   * Checks that a mode is given.
   *
   * @throws NullPointerException when {@code compat} is null
   */
  public DriftSettings {
    Objects.requireNonNull(compat, "compat");
  }

  /**
   * The options these texts stand for.
   *
   * @throws IllegalArgumentException with one line naming the flag and the bad value
   */
  public DriftOptions toOptions() {
    double share = driftShare != null ? driftShare : compat.defaultDriftShare();
    if (!DriftOptions.validDriftShare(share)) {
      throw new IllegalArgumentException("--drift-share must be a number in (0, 1]: " + share);
    }
    TestSelection global =
        stattest == null ? TestSelection.NONE : selection("--stattest", stattest);
    if (threshold != null) {
      if (!(threshold > 0 && threshold < Double.POSITIVE_INFINITY)) { // NaN fails too
        throw new IllegalArgumentException(
            "--threshold must be a number above 0 and finite: " + threshold);
      }
      global = global.withThreshold(threshold);
    }
    Map<ColumnType, TestSelection> byType = new EnumMap<>(ColumnType.class);
    if (typeTests != null) {
      typeTests.forEach(
          (type, test) ->
              byType.put(type("--type-test", type), selection("--type-test " + type, test)));
    }
    Map<String, TestSelection> byColumn = new LinkedHashMap<>();
    if (columnTests != null) {
      columnTests.forEach(
          (column, test) ->
              byColumn.put(column.strip(), selection("--column-test " + column, test)));
    }
    Map<String, ColumnType> types = new LinkedHashMap<>();
    if (columnTypes != null) {
      columnTypes.forEach(
          (column, type) -> types.put(column.strip(), type("--column-type " + column, type)));
    }
    checkThresholds(global, byType, byColumn, types);
    return compat
        .defaults()
        .withDriftShare(share)
        .withGlobalTest(global)
        .withTypeTests(byType)
        .withColumnTests(byColumn)
        .withColumnTypes(types)
        .withMissingShareThreshold(
            missingShareThreshold != null
                ? missingShareThreshold
                : compat.defaultMissingShareThreshold());
  }

  /**
   * Each threshold against the tests it may meet: its own level's test, else the ones less specific levels may hand
   * down (a column of unknown type may meet any type's). Only then is a threshold given without a test known to fit.
   */
  private void checkThresholds(
      TestSelection global,
      Map<ColumnType, TestSelection> byType,
      Map<String, TestSelection> byColumn,
      Map<String, ColumnType> types) {
    global
        .thresholdMisfit(Optional.empty())
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(
                  (threshold != null ? "--threshold" : "--stattest") + ": " + why);
            });
    byType.forEach(
        (type, selection) ->
            selection
                .thresholdMisfit(global.test())
                .ifPresent(
                    why -> {
                      throw new IllegalArgumentException(
                          "--type-test " + type.name().toLowerCase(Locale.ROOT) + ": " + why);
                    }));
    byColumn.forEach(
        (column, selection) -> {
          ColumnType type = types.get(column);
          Set<Optional<StatTest>> inherited = new LinkedHashSet<>();
          for (ColumnType t : type != null ? List.of(type) : List.of(ColumnType.values())) {
            inherited.add(byType.getOrDefault(t, TestSelection.NONE).test().or(global::test));
          }
          for (Optional<StatTest> test : inherited) {
            selection
                .thresholdMisfit(test)
                .ifPresent(
                    why -> {
                      throw new IllegalArgumentException("--column-test " + column + ": " + why);
                    });
          }
        });
  }

  private TestSelection selection(String option, String text) {
    return TestSelection.resolve(text, compat.catalog())
        .orElseThrow(message -> new IllegalArgumentException(option + ": " + message));
  }

  private static ColumnType type(String option, String text) {
    try {
      return ColumnType.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + ": unknown type '" + text.strip() + "' (known: numeric, categorical, text)", e);
    }
  }
}
