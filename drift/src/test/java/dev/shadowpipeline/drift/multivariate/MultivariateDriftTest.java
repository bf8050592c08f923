package dev.shadowpipeline.drift.multivariate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.classifier.Corpora;
import dev.shadowpipeline.drift.classifier.DomainClassifier;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift.ColumnImportance;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The multivariate check: joint drift that no column shows alone, and its false-alarm rate. */
class MultivariateDriftTest {

  private static final String[] REGIONS = {"north", "south", "east", "west"};

  /** x and y standard normal with correlation {@code rho}, z independent noise, region uniform. */
  private static void writeCsv(Path file, int n, double rho, SplittableRandom random)
      throws IOException {
    StringBuilder b = new StringBuilder("x,y,z,region\n");
    for (int i = 0; i < n; i++) {
      double x = Corpora.gaussian(random);
      double y = rho * x + Math.sqrt(1 - rho * rho) * Corpora.gaussian(random);
      double z = Corpora.gaussian(random);
      b.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,", x, y, z))
          .append(REGIONS[random.nextInt(4)])
          .append('\n');
    }
    Files.writeString(file, b.toString());
  }

  @Test
  void aCorrelationThatFlipsSignIsCaughtWhileEveryColumnStaysQuiet(@TempDir Path dir)
      throws Exception {
    SplittableRandom random = new SplittableRandom(31);
    writeCsv(dir.resolve("ref.csv"), 3000, 0.8, random);
    writeCsv(dir.resolve("cur.csv"), 3000, -0.8, random);
    DatasetPair data =
        DatasetReader.readPair(
            dir.resolve("ref.csv"), dir.resolve("cur.csv"), ReadOptions.DEFAULTS);
    DriftResult result =
        DriftEngine.standard(DriftOptions.DEFAULTS.withMultivariate(true)).compare(data);
    // every marginal is unchanged: no column drifts by its own test (wasserstein, jensenshannon)
    for (ColumnDrift c : result.columns()) {
      assertThat(c.drifted()).as(c.name() + " " + c.result()).isFalse();
    }
    assertThat(result.drift()).isFalse();
    MultivariateDrift m = result.multivariate().orElseThrow();
    assertThat(m.ran()).isTrue();
    assertThat(m.drift()).isTrue();
    assertThat(m.rocAuc()).isGreaterThan(0.8).isGreaterThan(m.randomAucPercentile());
    assertThat(m.referenceRows()).isEqualTo(3000);
    assertThat(m.testRows()).isEqualTo(3000);
    // x, y, z: 2 features each (value, missing), 6 products; region: 4 categories, other, missing
    assertThat(m.features()).isEqualTo(6 + 6 + 6);
    // x and y drive it; z and region do not
    assertThat(m.columns().subList(0, 2))
        .extracting(ColumnImportance::column)
        .containsExactlyInAnyOrder("x", "y");
    assertThat(m.columns().get(0).importance()).isGreaterThan(0.2);
    assertThat(m.columns().subList(2, 4))
        .allMatch(c -> Math.abs(c.importance()) < 0.02, "z and region barely matter");
    assertThat(m.leftOut()).isEmpty();
  }

  @Test
  void offByDefault(@TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(32);
    writeCsv(dir.resolve("ref.csv"), 50, 0.8, random);
    writeCsv(dir.resolve("cur.csv"), 50, 0.8, random);
    DatasetPair data =
        DatasetReader.readPair(
            dir.resolve("ref.csv"), dir.resolve("cur.csv"), ReadOptions.DEFAULTS);
    assertThat(DriftEngine.standard(DriftOptions.DEFAULTS).compare(data).multivariate()).isEmpty();
  }

  @Test
  void withoutARowSampleItSaysItDidNotRun(@TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(33);
    writeCsv(dir.resolve("ref.csv"), 50, 0.8, random);
    writeCsv(dir.resolve("cur.csv"), 50, 0.8, random);
    DatasetPair data =
        DatasetReader.readPair(
            dir.resolve("ref.csv"), dir.resolve("cur.csv"), ReadOptions.DEFAULTS.withRowSample(0));
    MultivariateDrift m =
        DriftEngine.standard(DriftOptions.DEFAULTS.withMultivariate(true))
            .compare(data)
            .multivariate()
            .orElseThrow();
    assertThat(m.ran()).isFalse();
    assertThat(m.drift()).isFalse();
    assertThat(m.detail()).contains("no row sample");
    assertThat(m.rocAuc()).isNaN();
  }

  private static RowSample sample(int n, double rho, SplittableRandom random) {
    double[] x = new double[n];
    double[] y = new double[n];
    String[] region = new String[n];
    for (int i = 0; i < n; i++) {
      x[i] = Corpora.gaussian(random);
      y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * Corpora.gaussian(random);
      region[i] = random.nextInt(10) == 0 ? null : REGIONS[random.nextInt(4)];
    }
    return new RowSample(
        n,
        List.of(
            new RowSample.Numbers("x", x),
            new RowSample.Numbers("y", y),
            new RowSample.Labels("region", region)));
  }

  /**
   * 200 seeded no-drift runs of 100 rows a side (x, y correlated 0.5 on both sides, a region with missing values):
   * each alarms with probability at most 50/1001; more than 18 alarms in 200 runs has probability 0.0058 when the true rate is 5% (scipy 1.17.1:
   * binom.sf(18, 200, 0.05)), so the assertion is a one-sided binomial test at 1% that the rate is not above the
   * nominal level. The seeded runs raise 16 alarms (8.0%), a high
   * draw: the same check over 2000 seeded runs (7000 to 8999) raised 107 (5.35%, Wilson 95% interval 4.4% to 6.4%),
   * in line with the 4.995% bound.
   */
  @Test
  void falseAlarmRateStaysAtItsLevel() {
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    columns.put("x", ColumnType.NUMERIC);
    columns.put("y", ColumnType.NUMERIC);
    columns.put("region", ColumnType.CATEGORICAL);
    int alarms = 0;
    for (int run = 0; run < 200; run++) {
      SplittableRandom random = new SplittableRandom(7000 + run);
      MultivariateCheck check =
          new MultivariateCheck(DomainClassifier.DEFAULTS.withSeed(run), 0.95);
      MultivariateDrift m =
          check.run(sample(100, 0.5, random), sample(100, 0.5, random), columns, List.of());
      if (m.drift()) {
        alarms++;
      }
    }
    assertThat(alarms).isLessThanOrEqualTo(18);
  }
}
