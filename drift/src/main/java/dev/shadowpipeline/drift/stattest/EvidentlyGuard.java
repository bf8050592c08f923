package dev.shadowpipeline.drift.stattest;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A test as Evidently 0.7's registry declares it: the column types its registry accepts it for, and the data on which
 * Evidently's own code raises instead of answering. Computes with the test it wraps.
 *
 * <p>Evidently fails its whole report when a test raises; here the column gets an error status naming the reason,
 * and the other columns are still judged.
 */
final class EvidentlyGuard implements StatTest {

  private final StatTest delegate;
  private final Set<ColumnType> registryTypes;
  private final Function<ColumnPair, String> refusal;

  /**
   * @param delegate the test that computes
   * @param registryTypes the column types Evidently's registry accepts the test for
   * @param refusal why Evidently raises on this data, or null when it does not
   */
  EvidentlyGuard(
      StatTest delegate, Set<ColumnType> registryTypes, Function<ColumnPair, String> refusal) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registryTypes = Set.copyOf(registryTypes);
    this.refusal = Objects.requireNonNull(refusal, "refusal");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public TestKind kind() {
    return delegate.kind();
  }

  @Override
  public double defaultThreshold() {
    return delegate.defaultThreshold();
  }

  @Override
  public String driftOperator() {
    return delegate.driftOperator();
  }

  /** Evidently's registry types, narrower than what the wrapped test can compute. */
  @Override
  public Set<ColumnType> supportedTypes() {
    return registryTypes;
  }

  @Override
  public boolean statisticMayBeUndefined() {
    return delegate.statisticMayBeUndefined();
  }

  @Override
  public boolean needsRowOrder() {
    return delegate.needsRowOrder();
  }

  /**
   * Runs the wrapped test.
   *
   * @throws IllegalArgumentException naming Evidently's failure when Evidently 0.7 raises on this data
   */
  @Override
  public StatTestResult test(ColumnPair data, double threshold) {
    String why = refusal.apply(Objects.requireNonNull(data, "data"));
    if (why != null) {
      throw new IllegalArgumentException(
          "Evidently 0.7's " + delegate.name() + " raises on this data: " + why);
    }
    return delegate.test(data, threshold);
  }

  @Override
  public String toString() {
    return delegate.name();
  }
}
