package dev.shadowpipeline.drift.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.drift.data.VectorColumn;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Embedding columns: the domain classifier and the kernel two-sample test, through the engine. */
class EmbeddingDriftTest {

  private static ColumnDrift compare(float[][] ref, float[][] cur, String test) {
    DriftOptions options = DriftOptions.DEFAULTS;
    if (test != null) {
      options =
          options.withColumnTests(
              Map.of(
                  "emb",
                  TestSelection.resolve(test, StandardCatalog.INSTANCE)
                      .orElseThrow(IllegalArgumentException::new)));
    }
    return DriftEngine.standard(options)
        .compare(
            Corpora.dataset(
                "ref", ref.length, new VectorColumn("emb", ref[0].length, ref, ref.length, 0)),
            Corpora.dataset(
                "cur", cur.length, new VectorColumn("emb", cur[0].length, cur, cur.length, 0)))
        .columns()
        .get(0);
  }

  @Test
  void aShiftInAFewDimensionsIsDetectedByBothTests() {
    SplittableRandom random = new SplittableRandom(21);
    float[][] ref = Corpora.vectors(300, 16, 0, 0, random);
    float[][] cur = Corpora.vectors(300, 16, 3, 0.5, random);
    ColumnDrift byDefault = compare(ref, cur, null);
    assertThat(byDefault.type()).isEqualTo(ColumnType.EMBEDDING);
    assertThat(byDefault.typeReason()).isEqualTo("lists of 16 numbers");
    StatTestResult classifier = byDefault.result();
    assertThat(classifier.test()).isEqualTo("embedding_classifier");
    assertThat(classifier.drifted()).isTrue();
    // the shifted dimensions point to the current side
    assertThat(classifier.classifier().orElseThrow().currentFeatures().subList(0, 3))
        .extracting(DomainClassification.WeightedFeature::name)
        .containsExactlyInAnyOrder("dim 0", "dim 1", "dim 2");
    StatTestResult mmd = compare(ref, cur, "embedding_mmd").result();
    assertThat(mmd.drifted()).isTrue();
    assertThat(mmd.score()).isLessThan(0.01);
    assertThat(byDefault.histogram().isEmpty()).isFalse(); // the vectors' lengths, for reports
  }

  @Test
  void unchangedEmbeddingsDoNotDrift() {
    SplittableRandom random = new SplittableRandom(22);
    float[][] ref = Corpora.vectors(300, 16, 0, 0, random);
    float[][] cur = Corpora.vectors(300, 16, 0, 0, random);
    assertThat(compare(ref, cur, null).result().drifted()).isFalse();
    assertThat(compare(ref, cur, "embedding_mmd").result().drifted()).isFalse();
  }

  @Test
  void vectorsOfDifferentLengthsAreAnErrorNamingBoth() {
    SplittableRandom random = new SplittableRandom(23);
    ColumnDrift c =
        compare(Corpora.vectors(20, 4, 0, 0, random), Corpora.vectors(20, 5, 0, 0, random), null);
    assertThat(c.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(c.detail()).isEqualTo("reference vectors have 4 numbers, current vectors 5");
  }

  @Test
  void numericTestsDoNotApplyToEmbeddings() {
    SplittableRandom random = new SplittableRandom(24);
    ColumnDrift c =
        compare(Corpora.vectors(20, 4, 0, 0, random), Corpora.vectors(20, 4, 0, 0, random), "ks");
    assertThat(c.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(c.detail()).isEqualTo("test 'ks' does not apply to embedding columns");
  }

  /**
   * MMD&sup2;<sub>u</sub> and the median-heuristic bandwidth against numpy 2.4.6 / scipy 1.17.1:
   *
   * <pre>
   * rs = np.random.RandomState(11)
   * x = rs.normal(0, 1, (6, 3)).round(3); y = rs.normal(0.5, 1, (5, 3)).round(3)
   * z = np.vstack([x, y]); sigma2 = np.median(pdist(z, 'sqeuclidean'))
   * K = np.exp(-cdist(z, z, 'sqeuclidean') / (2 * sigma2)); m, n = 6, 5
   * mmd2u = (K[:m,:m].sum() - m) / (m*(m-1)) + (K[m:,m:].sum() - n) / (n*(n-1)) - 2 * K[:m,m:].sum() / (m*n)
   * </pre>
   */
  @Test
  void mmdMatchesTheFormulaComputedWithNumpy() {
    float[][] x = {
      {1.749f, -0.286f, -0.485f}, {-2.653f, -0.008f, -0.32f}, {-0.537f, 0.315f, 0.421f},
      {-1.066f, -0.886f, -0.476f}, {0.69f, 0.561f, -1.306f}, {-1.119f, 0.737f, 1.575f}
    };
    float[][] y = {
      {0.469f, -0.183f, 1.596f},
      {0.19f, 1.226f, 2.049f},
      {1.13f, 0.573f, 1.232f},
      {-0.143f, 0.322f, -0.074f},
      {0.296f, 0.014f, 0.314f}
    };
    KernelTwoSample.Result r = KernelTwoSample.DEFAULTS.test(x, y);
    // floats hold the inputs to ~1e-7 relative
    assertThat(r.sigma()).isCloseTo(2.029346939288598, within(1e-6));
    assertThat(r.mmd2()).isCloseTo(0.15332103579052414, within(1e-6));
    assertThat(r.referenceVectors()).isEqualTo(6);
    assertThat(r.pValue()).isGreaterThan(0).isLessThanOrEqualTo(1);
  }

  /**
   * False alarms over 200 seeded no-drift runs, for both tests, 50 vectors of 8 numbers a side: the classifier's
   * percentile rule alarms with probability at most 50/1001 per run, MMD's p &lt; 0.05 with (1 + b)/(1 + 500) &lt;
   * 0.05, i.e. b &le; 24, probability 25/501; more than 18 alarms in 200 runs has probability 0.0058 when the true rate is 5% (scipy 1.17.1:
   * binom.sf(18, 200, 0.05)), so the assertion is a one-sided binomial test at 1% that the rate is not above the
   * nominal level. The seeded runs raise 7 and 6 alarms (3.5%, 3.0%).
   */
  @Test
  void falseAlarmRatesStayAtTheirLevel() {
    int classifierAlarms = 0;
    int mmdAlarms = 0;
    for (int run = 0; run < 200; run++) {
      SplittableRandom random = new SplittableRandom(5000 + run);
      float[][] ref = Corpora.vectors(50, 8, 0, 0, random);
      float[][] cur = Corpora.vectors(50, 8, 0, 0, random);
      if (DomainClassifier.DEFAULTS
          .withSeed(run)
          .classify(new VectorRows(8, ref, cur), 0.95)
          .aboveRandom()) {
        classifierAlarms++;
      }
      if (new KernelTwoSample(500, 500, run).test(ref, cur).pValue() < 0.05) {
        mmdAlarms++;
      }
    }
    assertThat(classifierAlarms).isLessThanOrEqualTo(18);
    assertThat(mmdAlarms).isLessThanOrEqualTo(18);
  }
}
