package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.ClassifierTests;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.DefaultTestRule;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evidently 0.7's versions of the tests ({@link StatTests#findEvidently}) and its default-test rule, for {@link
 * Compat#EVIDENTLY}. Each test's {@link StatTest#supportedTypes()} are the column types Evidently's registry accepts it
 * for. Text and embedding columns take the domain-classifier tests ({@link ClassifierTests}) under Evidently's names
 * and rule; their model is a logistic regression, not Evidently's SGD classifier, so their AUCs are close to
 * Evidently's but not bit for bit.
 */
final class EvidentlyCatalog implements TestCatalog {

  static final EvidentlyCatalog INSTANCE = new EvidentlyCatalog();

  private EvidentlyCatalog() {}

  @Override
  public Optional<StatTest> byName(String name) {
    return StatTests.findEvidently(name).or(() -> ClassifierTests.find(name));
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>(StatTests.names());
    names.addAll(ClassifierTests.names());
    return names;
  }

  @Override
  public StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues) {
    return byName(DefaultTestRule.defaultTestName(type, referenceValues, distinctValues))
        .orElseThrow();
  }
}
