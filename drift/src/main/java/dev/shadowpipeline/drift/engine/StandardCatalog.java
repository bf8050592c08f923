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
 * The built-in tests ({@link StatTests}, and {@link ClassifierTests} for text and embeddings) and Evidently's
 * default-test rule ({@link DefaultTestRule}).
 */
public final class StandardCatalog implements TestCatalog {

  /** The one instance; it holds no state. */
  public static final StandardCatalog INSTANCE = new StandardCatalog();

  private StandardCatalog() {}

  @Override
  public Optional<StatTest> byName(String name) {
    return StatTests.find(name).or(() -> ClassifierTests.find(name));
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>(StatTests.names());
    names.addAll(ClassifierTests.names());
    return names;
  }

  @Override
  public StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues) {
    return DefaultTestRule.defaultTest(type, referenceValues, distinctValues);
  }
}
