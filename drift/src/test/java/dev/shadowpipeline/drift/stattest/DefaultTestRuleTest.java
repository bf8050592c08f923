package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evidently's {@code _get_default_stattest} (legacy/calculations/stattests/registry.py) on a table of cases. */
class DefaultTestRuleTest {

  @ParameterizedTest(name = "{0} n={1} distinct={2} -> {3}")
  @CsvSource({
    // small samples, n <= 1000
    "NUMERIC, 1, 1, z",
    "NUMERIC, 1000, 2, z",
    "NUMERIC, 1000, 3, chisquare",
    "NUMERIC, 500, 5, chisquare",
    "NUMERIC, 500, 6, ks",
    "NUMERIC, 1000, 1000, ks",
    "CATEGORICAL, 10, 1, z",
    "CATEGORICAL, 1000, 2, z",
    "CATEGORICAL, 1000, 3, chisquare",
    "CATEGORICAL, 200, 150, chisquare",
    // large samples, n > 1000
    "NUMERIC, 1001, 2, jensenshannon",
    "NUMERIC, 1001, 5, jensenshannon",
    "NUMERIC, 1001, 6, wasserstein",
    "NUMERIC, 1000000, 999999, wasserstein",
    "CATEGORICAL, 1001, 2, jensenshannon",
    "CATEGORICAL, 50000, 40, jensenshannon",
    // text: Evidently's domain classifier, percentile up to 1000 reference rows, absolute AUC above
    "TEXT, 10, 10, perc_text_content_drift",
    "TEXT, 1000, 900, perc_text_content_drift",
    "TEXT, 1001, 900, abs_text_content_drift",
    "TEXT, 5000, 4000, abs_text_content_drift",
    // embeddings (not in Evidently's column rule): the classifier's percentile at any size
    "EMBEDDING, 10, 10, embedding_classifier",
    "EMBEDDING, 50000, 50000, embedding_classifier"
  })
  void followsEvidentlysRule(ColumnType type, long n, long distinct, String expected) {
    assertThat(DefaultTestRule.defaultTestName(type, n, distinct)).isEqualTo(expected);
    assertThat(DefaultTestRule.defaultTest(type, n, distinct).name()).isEqualTo(expected);
  }

  @Test
  void countsDistinctValuesOverReferenceAndCurrent() {
    // 3 distinct in the reference, 6 over both sides, n = 3 -> ks
    NumericPair pair = new NumericPair(new double[] {1, 2, 3}, new double[] {4, 5, 6, 6});
    assertThat(DefaultTestRule.defaultTest(ColumnType.NUMERIC, pair).name()).isEqualTo("ks");
    NumericPair few = new NumericPair(new double[] {1, 2, 3}, new double[] {1, 2});
    assertThat(DefaultTestRule.defaultTest(ColumnType.NUMERIC, few).name()).isEqualTo("chisquare");
  }
}
