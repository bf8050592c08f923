package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTest;
import java.util.List;
import java.util.Optional;

/**
 * The statistical tests the engine may use, and the rule for the default one. Names are looked up once, when the
 * configuration is read ({@link TestSelection#resolve(String, TestCatalog)}); the engine itself only asks for the
 * default test.
 */
public interface TestCatalog {

  /** The test with this name (or alias), or empty when there is none. */
  Optional<StatTest> byName(String name);

  /** Every test's name, for messages. */
  List<String> names();

  /**
   * The default test for a column (Evidently's rule).
   *
   * @param type the column's type
   * @param referenceValues non-missing reference values
   * @param distinctValues distinct values in reference and current together; the engine counts numeric columns' only
   *     up to {@link dev.shadowpipeline.drift.stattest.DefaultTestRule#DISTINCT_VALUES_COUNTED}, as far as Evidently's
   *     rule reads them
   */
  StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues);
}
