package dev.shadowpipeline.app.drift;

import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The drift options as {@code shadow drift} and the Spark job take them: texts from flags, made into
 * {@link DriftOptions}. One place, so that both engines read {@code --stattest psi:0.2} or {@code --column-type
 * clicks=categorical} alike.
 *
 * @param driftShare {@code --drift-share}
 * @param stattest {@code --stattest NAME[:THRESHOLD]}, or null
 * @param threshold {@code --threshold}, or null
 * @param typeTests {@code --type-test TYPE=NAME[:THRESHOLD]}, or null
 * @param columnTests {@code --column-test COLUMN=NAME[:THRESHOLD]}, or null
 * @param columnTypes {@code --column-type COLUMN=TYPE}, or null
 * @param missingShareThreshold {@code --missing-share-threshold}
 */
public record DriftSettings(
    double driftShare,
    String stattest,
    Double threshold,
    Map<String, String> typeTests,
    Map<String, String> columnTests,
    Map<String, String> columnTypes,
    OptionalDouble missingShareThreshold) {

  /**
   * The options these texts stand for.
   *
   * @throws IllegalArgumentException with one line naming the flag and the bad value
   */
  public DriftOptions toOptions() {
    if (!(driftShare >= 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("--drift-share must be between 0 and 1: " + driftShare);
    }
    TestSelection global =
        stattest == null ? TestSelection.NONE : selection("--stattest", stattest);
    if (threshold != null) {
      if (!(threshold >= 0)) {
        throw new IllegalArgumentException("--threshold must be a number >= 0: " + threshold);
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
    return DriftOptions.DEFAULTS
        .withDriftShare(driftShare)
        .withGlobalTest(global)
        .withTypeTests(byType)
        .withColumnTests(byColumn)
        .withColumnTypes(types)
        .withMissingShareThreshold(missingShareThreshold);
  }

  private static TestSelection selection(String option, String text) {
    return TestSelection.resolve(text, StandardCatalog.INSTANCE)
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
