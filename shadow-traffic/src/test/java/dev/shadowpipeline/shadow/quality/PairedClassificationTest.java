package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values from {@code reference_values.py} (scipy 1.17.1, scikit-learn 1.9.1) on {@code classification(1, 200)}. */
class PairedClassificationTest {

  @Test
  void whoIsRightAndMcNemar() {
    // "discordance: both right 137 only primary 13 only shadow 44"; binomtest(13, 57, 0.5).pvalue
    ClassificationComparison c =
        TestData.classification(1, 200)
            .paired()
            .compare(PairedBootstrap.defaults().withReplicates(1));
    assertThat(c.discordance()).isEqualTo(new Discordance(137, 13, 44, 6));
    assertThat(c.mcnemarP())
        .isCloseTo(4.7104376093953786e-05, within(1e-9 * 4.7104376093953786e-05));
    assertThat(c.primary().accuracy()).isEqualTo(0.75);
    assertThat(c.shadow().accuracy()).isEqualTo(0.905);
    assertThat(c.difference(Metric.ACCURACY).difference()).isCloseTo(0.155, within(1e-15));
  }

  @Test
  void inputsAreCopied() {
    boolean[] truth = {true, false, true};
    boolean[] primary = {true, false, false};
    boolean[] shadow = {true, false, true};
    PairedClassification data = PairedClassification.of(truth, primary, shadow);
    primary[2] = true;
    assertThat(data.primaryQuality().accuracy()).isCloseTo(2 / 3.0, within(1e-15));
    assertThat(data.compare(PairedBootstrap.defaults().withReplicates(5)).primary().correct())
        .isEqualTo(2);
  }

  @Test
  void lengthsMustAgree() {
    assertThatThrownBy(
            () -> PairedClassification.of(new boolean[2], new boolean[2], new boolean[3]))
        .hasMessage("truth and shadow predicted labels must have the same length: 2 and 3");
    assertThatThrownBy(
            () ->
                PairedClassification.of(
                    new boolean[2],
                    new boolean[2],
                    new boolean[2],
                    new double[] {0.1, 0.2},
                    new double[] {0.3}))
        .hasMessage("truth and shadow scores must have the same length: 2 and 1");
    assertThatThrownBy(() -> PairedRegression.of(new double[0], new double[0], new double[0]))
        .hasMessage("no labelled inputs: quality needs at least one");
  }
}
