package dev.shadowpipeline.shadow.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.gate.GateCheck;
import dev.shadowpipeline.shadow.gate.QualityCriterion;
import dev.shadowpipeline.shadow.gate.QualityGate;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate's quality checks on a {@code quality.json} of {@code regression(2, 150)}: the shadow's MAE difference is
 * [−0.2398, −0.1349] with an improvement lower bound of 0.1436 (reference_values.py, numpy 2.4.6). For an error
 * metric the improvement is primary − shadow, so a smaller MAE passes.
 */
class QualityGateTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode quality(boolean swap) {
    LabelledRecords.Data d = LabelledRecords.regression(2, 150);
    if (swap) {
      d =
          new LabelledRecords.Data(
              null, d.truthValue(), /* primary= */ d.shadow(), /* shadow= */ d.primary());
    }
    LabelJoin join = LabelJoin.of(JoinKey.recordId()).withTruth("price");
    LabelIndex index = new LabelIndex(1 << 20);
    for (int i = 0; i < d.size(); i++) {
      index.put(new Label("r" + i, Double.toString(d.truthValue()[i]), i + 1));
    }
    RecordJoin records = new RecordJoin(join, index);
    LabelledRecords.priceRecords(d).forEach(records::accept);
    return QualityJson.toJson(records.finish(PairedBootstrap.defaults()), MAPPER);
  }

  private static QualityGate.Outcome gate(ObjectNode quality, String... specs) {
    List<QualityCriterion> criteria = new ArrayList<>();
    for (String spec : specs) {
      criteria.add(
          spec.contains(":")
              ? QualityCriterion.nonInferior(spec)
              : QualityCriterion.superior(spec));
    }
    return QualityGate.evaluate(quality, criteria);
  }

  @Test
  void aSmallerErrorPassesAndALargerOneFailsBeyondTheMargin() {
    QualityGate.Outcome better = gate(quality(false), "mae:0", "rmse");
    assertThat(better.passed()).isTrue();
    GateCheck mae = better.checks().get(0);
    assertThat(mae.name()).isEqualTo("mae non-inferior");
    assertThat(mae.actual()).isEqualTo("+0.1436");
    assertThat(mae.limit()).isEqualTo("> 0");
    assertThat(mae.detail())
        .contains(
            "primary − shadow (mae: lower is better)",
            "shadow − primary = -0.1881",
            "[-0.2398, -0.1349]");

    // the same models the other way round: the shadow is worse by about 0.19
    ObjectNode worse = quality(true);
    assertThat(gate(worse, "mae:0.3").passed()).isTrue();
    QualityGate.Outcome inferior = gate(worse, "mae:0.1", "mae");
    assertThat(inferior.passed()).isFalse();
    assertThat(inferior.undecided()).isEmpty();
    assertThat(inferior.checks()).extracting(GateCheck::passed).containsExactly(false, false);
  }

  @Test
  void withoutLabelsOrWithAnotherTaskNothingIsDecided() {
    QualityGate.Outcome none = gate(null, "accuracy:0.02");
    assertThat(none.passed()).isFalse();
    assertThat(none.undecided())
        .containsExactly(
            "--non-inferior accuracy:0.02: no labels (no quality.json; run 'shadow labels' first)");
    assertThat(none.checks().get(0).actual()).isEqualTo("n/a");

    ObjectNode empty = quality(false);
    empty.put("n_joined", 0);
    assertThat(gate(empty, "mae:1").undecided())
        .containsExactly("--non-inferior mae:1: no labelled pair (quality.json has n_joined = 0)");

    assertThat(gate(quality(false), "auc").undecided())
        .containsExactly(
            "--superior roc_auc: roc_auc is a classification metric, but the labels are a regression");
    assertThatThrownBy(() -> QualityCriterion.nonInferior("accuracy"))
        .hasMessageContaining("METRIC:MARGIN");
    assertThatThrownBy(() -> QualityCriterion.nonInferior("accuracy:-1"))
        .hasMessageContaining("must be a number >= 0");
  }

  @Test
  void anInfiniteValueInQualityJsonDecidesNothing() {
    // JSON has no infinity, but a hand-edited or damaged 1e999 reads as one: +Infinity would pass
    // any margin, -Infinity fail any, neither measured anything
    for (double infinite : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      ObjectNode corrupt = quality(false);
      ((ObjectNode) corrupt.at("/paired/differences/mae")).put("improvement_lower_95", infinite);
      QualityGate.Outcome outcome = gate(corrupt, "mae:0.01", "mae");
      assertThat(outcome.passed()).isFalse();
      String value = infinite > 0 ? "Infinity" : "-Infinity";
      assertThat(outcome.undecided())
          .containsExactly(
              "--non-inferior mae:0.01: quality.json's mae difference has improvement_lower_95 = "
                  + value
                  + ", not a finite number; run 'shadow labels' again",
              "--superior mae: quality.json's mae difference has improvement_lower_95 = "
                  + value
                  + ", not a finite number; run 'shadow labels' again");
      assertThat(outcome.checks()).extracting(GateCheck::actual).containsExactly("n/a", "n/a");
      assertThat(outcome.checks()).extracting(GateCheck::passed).containsExactly(false, false);
    }
    // the bound finite but another value of the difference not: the entry is damaged all the same
    ObjectNode corrupt = quality(false);
    ((ObjectNode) corrupt.at("/paired/differences/mae")).put("shadow", Double.POSITIVE_INFINITY);
    assertThat(gate(corrupt, "mae:0.01").undecided())
        .containsExactly(
            "--non-inferior mae:0.01: quality.json's mae difference has shadow = Infinity, not a"
                + " finite number; run 'shadow labels' again");
  }
}
