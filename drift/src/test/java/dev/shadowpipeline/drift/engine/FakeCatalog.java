package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.stattest.CategoricalPair;
import dev.shadowpipeline.drift.stattest.ColumnPair;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two simple distances, enough to test the engine without the real test package: {@code w1} (Wasserstein-1 over the
 * reference's standard deviation) for numeric columns and {@code tvd} (total variation) for categorical ones.
 */
final class FakeCatalog implements TestCatalog {

  static final StatTest W1 =
      new Distance("w1", Set.of(ColumnType.NUMERIC)) {
        @Override
        double distance(ColumnPair data) {
          NumericPair p = (NumericPair) data;
          double[] a = p.reference().clone();
          double[] b = p.current().clone();
          Arrays.sort(a);
          Arrays.sort(b);
          // integral of |F_a - F_b| over the merged support
          double area = 0;
          int i = 0;
          int j = 0;
          double prev = Math.min(a[0], b[0]);
          while (i < a.length || j < b.length) {
            double x = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i] : b[j];
            area += Math.abs((double) i / a.length - (double) j / b.length) * (x - prev);
            prev = x;
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
              i++;
            } else {
              j++;
            }
          }
          double mean = Arrays.stream(a).average().orElse(0);
          double sd =
              Math.sqrt(Arrays.stream(a).map(v -> (v - mean) * (v - mean)).sum() / a.length);
          return area / Math.max(sd, 0.001);
        }
      };

  static final StatTest TVD =
      new Distance("tvd", Set.of(ColumnType.CATEGORICAL)) {
        @Override
        double distance(ColumnPair data) {
          CategoricalPair p = (CategoricalPair) data;
          double sum = 0;
          for (int i = 0; i < p.categories().size(); i++) {
            sum +=
                Math.abs(
                    (double) p.reference()[i] / p.referenceSize()
                        - (double) p.current()[i] / p.currentSize());
          }
          return sum / 2;
        }
      };

  static final StatTest BROKEN =
      new Distance("broken", Set.of(ColumnType.NUMERIC)) {
        @Override
        double distance(ColumnPair data) {
          throw new ArithmeticException("boom");
        }
      };

  @Override
  public Optional<StatTest> byName(String name) {
    return List.of(W1, TVD, BROKEN).stream().filter(t -> t.name().equals(name)).findFirst();
  }

  @Override
  public List<String> names() {
    return List.of("w1", "tvd", "broken");
  }

  @Override
  public StatTest defaultTest(ColumnType type, long referenceValues, long distinctValues) {
    return type == ColumnType.NUMERIC ? W1 : TVD;
  }

  private abstract static class Distance implements StatTest {
    private final String name;
    private final Set<ColumnType> types;

    Distance(String name, Set<ColumnType> types) {
      this.name = name;
      this.types = types;
    }

    abstract double distance(ColumnPair data);

    @Override
    public String name() {
      return name;
    }

    @Override
    public TestKind kind() {
      return TestKind.DISTANCE;
    }

    @Override
    public double defaultThreshold() {
      return 0.1;
    }

    @Override
    public Set<ColumnType> supportedTypes() {
      return types;
    }

    @Override
    public StatTestResult test(ColumnPair data, double threshold) {
      double d = distance(data);
      return new StatTestResult(name, TestKind.DISTANCE, d, d, threshold, d >= threshold);
    }
  }
}
