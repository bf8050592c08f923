package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.DefaultTestRule;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.List;
import java.util.Optional;

/**
 * Evidently 0.7's versions of the tests ({@link StatTests#findEvidently}) and its default-test rule, for {@link
 * Compat#EVIDENTLY}. Each test's {@link StatTest#supportedTypes()} are the column types Evidently's registry accepts it
 * for.
 */
final class EvidentlyCatalog implements TestCatalog {

  static final EvidentlyCatalog INSTANCE = new EvidentlyCatalog();

  private EvidentlyCatalog() {}

  @Override
  public Optional<StatTest> byName(String name) {
    return StatTests.findEvidently(name);
  }

  @Override
  public List<String> names() {
    return StatTests.names();
  }

  @Override
  public StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues) {
    return StatTests.findEvidently(
            DefaultTestRule.defaultTestName(type, referenceValues, distinctValues))
        .orElseThrow();
  }
}
