package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.simulate.Simulation;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed scenario with the real tests and Evidently's default rule. */
class StandardEngineTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 7, 42, 99, 1234, 20240101})
  void salaryDriftsAndNothingElseAtTheSeedsSize(long seed) {
    DriftResult result =
        DriftEngine.standard(DriftOptions.DEFAULTS)
            .compare(new Simulation(1000, seed, Map.of(), Map.of()).generate());
    assertThat(result.driftedColumns()).containsExactly("salary");
    // 1000 reference rows, many distinct values: Evidently's small-sample rule picks ks
    assertThat(result.columns()).allSatisfy(c -> assertThat(c.result().test()).isEqualTo("ks"));
    assertThat(result.drift()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42})
  void largerSamplesUseNormedWasserstein(long seed) {
    DriftResult result =
        DriftEngine.standard(DriftOptions.DEFAULTS)
            .compare(new Simulation(20_000, seed, Map.of(), Map.of()).generate());
    assertThat(result.driftedColumns()).containsExactly("salary");
    assertThat(result.columns())
        .allSatisfy(c -> assertThat(c.result().test()).isEqualTo("wasserstein"));
  }
}
