package dev.shadowpipeline.drift.stattest;

import dev.shadowpipeline.drift.classifier.KernelTwoSample;
import java.util.Objects;
import java.util.Set;

/**
 * {@code embedding_mmd}: the kernel two-sample test on an embedding column's vectors ({@link KernelTwoSample}:
 * Gaussian kernel with the median heuristic, unbiased MMD&sup2;, seeded permutation p-value). Drift when p &lt;
 * threshold (default 0.05). The statistic is MMD&sup2;<sub>u</sub>.
 *
 * <p>Evidently's embeddings {@code mmd} method compares MMD&sup2; with a fixed 0.015, or with a bootstrap of the
 * reference against itself; a permutation p-value needs no such constant and holds its level at every size.
 */
final class EmbeddingMmdTest implements StatTest {

  private final KernelTwoSample kernel;

  EmbeddingMmdTest(KernelTwoSample kernel) {
    this.kernel = Objects.requireNonNull(kernel, "kernel");
  }

  @Override
  public String name() {
    return "embedding_mmd";
  }

  @Override
  public TestKind kind() {
    return TestKind.P_VALUE;
  }

  @Override
  public double defaultThreshold() {
    return 0.05;
  }

  @Override
  public Set<ColumnType> supportedTypes() {
    return Set.of(ColumnType.EMBEDDING);
  }

  /**
   * Runs the test.
   *
   * @throws IllegalArgumentException for data other than vectors, fewer than two vectors a side, or a threshold
   *     outside [0, 1]
   */
  @Override
  public StatTestResult test(ColumnPair data, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "embedding_mmd: threshold must be a p-value between 0 and 1: " + threshold);
    }
    if (!(data instanceof VectorPair v)) {
      throw new IllegalArgumentException("embedding_mmd needs embeddings (vectors)");
    }
    KernelTwoSample.Result r = kernel.test(v.reference(), v.current());
    return new StatTestResult(
        name(), TestKind.P_VALUE, r.mmd2(), r.pValue(), threshold, r.pValue() < threshold);
  }

  @Override
  public String toString() {
    return name();
  }
}
