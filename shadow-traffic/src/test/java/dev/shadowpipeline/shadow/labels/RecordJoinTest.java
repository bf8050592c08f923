package dev.shadowpipeline.shadow.labels;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.timeout;
import static dev.shadowpipeline.shadow.labels.LabelledRecords.LOAN;
import static dev.shadowpipeline.shadow.labels.LabelledRecords.decision;
import static dev.shadowpipeline.shadow.labels.LabelledRecords.loanAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.quality.ClassificationComparison;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricDifference;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.quality.RegressionComparison;
import dev.shadowpipeline.shadow.quality.Task;
import dev.shadowpipeline.shadow.record.RecordsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels joined with records made the way the proxy makes them. The expected numbers are scikit-learn 1.9.1's and
 * scipy 1.17.1's on the same data, from {@code labels_reference.py} (test resources), which quotes each block's
 * title; intervals are the transcription's, compared exactly.
 */
class RecordJoinTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final PairedBootstrap BOOTSTRAP = PairedBootstrap.defaults();

  @TempDir Path dir;

  private static ObjectNode line(String keyField, Object key, String truthField, Object truth) {
    ObjectNode n = MAPPER.createObjectNode();
    n.set(keyField, MAPPER.valueToTree(key));
    n.set(truthField, MAPPER.valueToTree(truth));
    return n;
  }

  private static LabelIndex index(LabelJoin join, List<ObjectNode> lines) {
    LabelIndex index = new LabelIndex(LabelIndex.defaultMaxBytes());
    long number = 1;
    for (ObjectNode line : lines) {
      assertThat(index.put(Label.fromJson(line, join, number++))).isTrue();
    }
    return index;
  }

  @Test
  void byRecordIdTheMetricsAndMcNemarAreScikitLearnsAndScipys() throws Exception {
    LabelledRecords.Data d = LabelledRecords.classification(1, 200);
    LabelJoin join = LabelJoin.of(JoinKey.recordId()).withPositive("approve");
    List<ObjectNode> lines = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      lines.add(line("id", "r" + i, "label", d.truth()[i] ? "approve" : "reject"));
    }
    RecordJoin records = new RecordJoin(join, index(join, lines));
    // through the records file, as the command reads it
    RecordsFile.read(
        LabelledRecords.write(dir.resolve("records.jsonl"), LabelledRecords.loanRecords(d)),
        MAPPER,
        records);
    QualityResult q = records.finish(BOOTSTRAP);

    assertThat(q.task()).isEqualTo(Task.CLASSIFICATION);
    assertThat(q.counts().joined()).isEqualTo(200);
    assertThat(q.counts().unmatchedLabels()).isZero();
    assertThat(q.counts().unlabelledRecords()).isZero();
    assertThat(q.join().labelPointer()).isEqualTo("/decision");
    assertThat(q.join().scorePointer()).isEqualTo("/score");
    ClassificationComparison c = q.classification();
    // "# classification(1, 200) n = 200", sklearn per model
    assertThat(c.primary().accuracy()).isEqualTo(0.75);
    assertThat(c.primary().precision()).isCloseTo(0.6989247311827957, within(1e-15));
    assertThat(c.primary().recall()).isCloseTo(0.7471264367816092, within(1e-15));
    assertThat(c.primary().f1()).isCloseTo(0.7222222222222222, within(1e-15));
    assertThat(c.primary().rocAuc()).isCloseTo(0.8810904282372088, within(1e-15));
    assertThat(c.primary().brier()).isCloseTo(0.14966250000000003, within(1e-15));
    assertThat(c.primary().logLoss()).isCloseTo(0.4576110571786257, within(1e-14));
    assertThat(c.shadow().accuracy()).isEqualTo(0.905);
    assertThat(c.shadow().rocAuc()).isCloseTo(0.9840301088393857, within(1e-15));
    assertThat(c.shadow().logLoss()).isCloseTo(0.32554701386186635, within(1e-14));
    // "discordance: both right 137 only primary 13 only shadow 44 both wrong 6 mcnemar p ..."
    assertThat(c.discordance().onlyPrimaryRight()).isEqualTo(13);
    assertThat(c.discordance().onlyShadowRight()).isEqualTo(44);
    assertThat(c.discordance().bothWrong()).isEqualTo(6);
    assertThat(c.mcnemarP()).isCloseTo(4.7104376093953786e-05, within(1e-9 * 4.71e-05));
    MetricDifference accuracy = c.difference(Metric.ACCURACY);
    assertThat(accuracy.lower()).isEqualTo(0.08000000000000007);
    assertThat(accuracy.upper()).isEqualTo(0.22999999999999998);
    assertThat(c.difference(Metric.ROC_AUC).lower()).isEqualTo(0.06031899420682855);
    // "primary wilson accuracy", "primary bootstrap interval"
    assertThat(q.primaryIntervals().get(Metric.ACCURACY).lower())
        .isCloseTo(0.6856590168795417, within(1e-12));
    assertThat(q.primaryIntervals().get(Metric.ROC_AUC).upper()).isEqualTo(0.9222939598511244);

    // the flips: each pair of labels with who was right; the shadow's and primary's wins add up
    long onlyPrimary = q.flips().stream().mapToLong(Flip::primaryRight).sum();
    long onlyShadow = q.flips().stream().mapToLong(Flip::shadowRight).sum();
    assertThat(onlyPrimary).isEqualTo(13);
    assertThat(onlyShadow).isEqualTo(44);
    // the examples are what their category says
    for (Example e : q.examples().get(QualityResult.ONLY_PRIMARY_RIGHT)) {
      assertThat(e.primary()).isEqualTo(e.truth());
      assertThat(e.shadow()).isNotEqualTo(e.truth());
      assertThat(e.request()).contains("applicant_id");
      assertThat(e.primaryAnswer()).contains("\"decision\" : \"" + e.primary() + "\"");
    }
    assertThat(q.examples().get(QualityResult.ONLY_SHADOW_RIGHT)).hasSize(10);
    assertThat(q.examples().get(QualityResult.BOTH_WRONG)).hasSize(6);
    for (Example e : q.examples().get(QualityResult.BOTH_WRONG)) {
      assertThat(e.primary()).isEqualTo(e.shadow()).isNotEqualTo(e.truth());
    }
  }

  @Test
  void byRequestFieldEveryRecordAndLabelIsCounted() {
    LabelledRecords.Data d = LabelledRecords.classification(1, 200);
    LabelJoin join = LabelJoin.of(JoinKey.requestField("/applicant_id")).withPositive("approve");
    assertThat(join.labelKey()).isEqualTo("applicant_id");
    List<ObjectNode> lines = new java.util.ArrayList<>();
    lines.add(line("applicant_id", 1003, "label", d.truth()[3] ? "reject" : "approve")); // replaced
    for (int i = 0; i < 150; i++) {
      lines.add(line("applicant_id", 1000 + i, "label", d.truth()[i] ? "approve" : "reject"));
    }
    for (int i = 0; i < 10; i++) {
      lines.add(line("applicant_id", "9" + i, "label", "reject")); // no such applicant
    }
    lines.add(line("applicant_id", "5000", "label", "reject"));
    RecordJoin records = new RecordJoin(join, index(join, lines));
    LabelledRecords.loanRecords(d).forEach(records::accept);
    // labelled, but the shadow timed out: left out of the comparison, counted
    records.accept(
        LOAN.record(
            request("x1", T0, "/predict", "{\"applicant_id\":5000}"),
            loanAnswer(0.3),
            timeout(2000)));
    // no applicant_id: no key
    records.accept(
        LOAN.record(
            request("x2", T0, "/predict", "{\"other\":1}"), loanAnswer(0.3), loanAnswer(0.3)));
    QualityResult q = records.finish(BOOTSTRAP);

    JoinCounts c = q.counts();
    assertThat(c.records()).isEqualTo(202);
    assertThat(c.labels()).isEqualTo(161);
    assertThat(c.duplicateLabels()).isEqualTo(1);
    assertThat(c.matchedRecords()).isEqualTo(151);
    assertThat(c.excludedFailed()).isEqualTo(1);
    assertThat(c.joined()).isEqualTo(150);
    assertThat(c.unmatchedLabels()).isEqualTo(10);
    assertThat(c.unlabelledRecords()).isEqualTo(51);
    assertThat(c.recordsWithoutKey()).isEqualTo(1);
    // "# classification(1, 200), first 150 n = 150"
    ClassificationComparison cmp = q.classification();
    assertThat(cmp.primary().accuracy()).isCloseTo(0.7466666666666667, within(1e-15));
    assertThat(cmp.shadow().accuracy()).isCloseTo(0.9066666666666666, within(1e-15));
    assertThat(cmp.shadow().rocAuc()).isCloseTo(0.9829864253393665, within(1e-15));
    assertThat(cmp.primary().brier()).isCloseTo(0.15003333333333335, within(1e-15));
    assertThat(cmp.mcnemarP()).isCloseTo(0.00038813090293388086, within(1e-9 * 3.9e-4));
    assertThat(cmp.difference(Metric.ACCURACY).lower()).isEqualTo(0.07999999999999996);
    assertThat(cmp.difference(Metric.ACCURACY).upper()).isEqualTo(0.2466666666666666);
    assertThat(cmp.difference(Metric.ACCURACY).improvementLowerBound())
        .isEqualTo(0.09299999999999996);
    assertThat(cmp.difference(Metric.LOG_LOSS).improvementLowerBound())
        .isEqualTo(0.09170689139458561);
  }

  @Test
  void aTruthWrittenDifferentlyFromTheLabelsMeetsThemThroughTruthPositive() {
    // the outcome "defaulted": false means approving was right
    LabelledRecords.Data d = LabelledRecords.classification(1, 200);
    LabelJoin join =
        LabelJoin.of(JoinKey.recordId())
            .withTruth("defaulted")
            .withPositive("approve")
            .withTruthPositive("false");
    List<ObjectNode> lines = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      lines.add(line("id", "r" + i, "defaulted", !d.truth()[i]));
    }
    RecordJoin records = new RecordJoin(join, index(join, lines));
    LabelledRecords.loanRecords(d).forEach(records::accept);
    QualityResult q = records.finish(BOOTSTRAP);
    assertThat(q.classification().primary().accuracy()).isEqualTo(0.75);
    assertThat(q.classification().shadow().precision())
        .isCloseTo(0.8953488372093024, within(1e-15));
    assertThat(q.join().effectiveTruthPositive()).isEqualTo("false");
  }

  @Test
  void aRegressionIsInferredFromAScoreWithoutLabels() {
    LabelledRecords.Data d = LabelledRecords.regression(2, 150);
    LabelJoin join = LabelJoin.of(JoinKey.recordId()).withTruth("price");
    List<ObjectNode> lines = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      lines.add(line("id", "r" + i, "price", d.truthValue()[i]));
    }
    RecordJoin records = new RecordJoin(join, index(join, lines));
    LabelledRecords.priceRecords(d).forEach(records::accept);
    QualityResult q = records.finish(BOOTSTRAP);
    assertThat(q.task()).isEqualTo(Task.REGRESSION);
    assertThat(q.join().scorePointer()).isEqualTo("/prediction");
    RegressionComparison r = q.regression();
    // "# regression(2, 150)", sklearn per model; bootstrap from reference_values.py
    assertThat(r.primary().mae()).isCloseTo(0.5302384033358716, within(1e-15));
    assertThat(r.primary().rmse()).isCloseTo(0.6001163384116343, within(1e-15));
    assertThat(r.shadow().r2()).isCloseTo(0.9785487136873086, within(1e-15));
    assertThat(r.difference(Metric.MAE).lower()).isEqualTo(-0.2397659236043532);
    assertThat(r.difference(Metric.MAE).upper()).isEqualTo(-0.13493032125362095);
    assertThat(r.difference(Metric.MAE).improvementLowerBound()).isEqualTo(0.14360408875857308);
    assertThat(q.shadowIntervals().get(Metric.MAE).lower()).isEqualTo(0.3106470598181961);
    // "closer: primary 44 shadow 106"
    assertThat(q.closeness()).isEqualTo(new QualityResult.Closeness(44, 106, 0));
    List<Example> shadowCloser = q.examples().get(QualityResult.SHADOW_CLOSER);
    assertThat(shadowCloser).hasSize(10);
    double previous = Double.POSITIVE_INFINITY;
    for (Example e : shadowCloser) {
      double t = Double.parseDouble(e.truth());
      double gap =
          Math.abs(t - Double.parseDouble(e.primary()))
              - Math.abs(t - Double.parseDouble(e.shadow()));
      assertThat(gap).isPositive().isLessThanOrEqualTo(previous);
      previous = gap;
    }
  }

  @Test
  void labelsThatCannotBeUsedAreRefusedNamingTheLine() {
    LabelledRecords.Data d = LabelledRecords.classification(1, 20);
    LabelJoin noPositive = LabelJoin.of(JoinKey.recordId());
    List<ObjectNode> lines = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      lines.add(line("id", "r" + i, "label", d.truth()[i] ? "approve" : "reject"));
    }
    RecordJoin a = new RecordJoin(noPositive, index(noPositive, lines));
    LabelledRecords.loanRecords(d).forEach(a::accept);
    assertThatThrownBy(() -> a.finish(BOOTSTRAP))
        .hasMessageContaining("say which label is the positive class with --positive")
        .hasMessageContaining("approve, reject");

    LabelJoin join = noPositive.withPositive("approve");
    lines.set(7, line("id", "r7", "label", "maybe"));
    RecordJoin b = new RecordJoin(join, index(join, lines));
    LabelledRecords.loanRecords(d).forEach(b::accept);
    assertThatThrownBy(() -> b.finish(BOOTSTRAP))
        .hasMessageStartingWith("line 8: a classification is binary")
        .hasMessageContaining("3 values");

    LabelJoin regression = join.withTask(Task.REGRESSION);
    RecordJoin r = new RecordJoin(regression, index(regression, lines));
    LabelledRecords.loanRecords(d).forEach(r::accept);
    assertThatThrownBy(() -> r.finish(BOOTSTRAP))
        .hasMessageStartingWith("line 1: '")
        .hasMessageContaining("a regression needs numeric truths in 'label'");
  }

  @Test
  void labelLinesSayWhatIsWrong() {
    LabelJoin join = LabelJoin.of(JoinKey.requestField("/applicant/id")).withTruth("/outcome/ok");
    assertThat(join.labelKey()).isEqualTo("id");
    JsonNode good =
        MAPPER
            .createObjectNode()
            .put("id", 17.0)
            .set("outcome", MAPPER.createObjectNode().put("ok", true));
    assertThat(Label.fromJson(good, join, 3)).isEqualTo(new Label("17", "true", 3));
    assertThatThrownBy(() -> Label.fromJson(MAPPER.createObjectNode().put("id", 1), join, 1))
        .hasMessage("no field '/outcome/ok' (the truth)");
    assertThatThrownBy(() -> Label.fromJson(MAPPER.createArrayNode(), join, 1))
        .hasMessageStartingWith("a label must be a JSON object");
    assertThatThrownBy(
            () -> Label.fromJson(MAPPER.createObjectNode().putNull("id").put("x", 1), join, 1))
        .hasMessage("'id' (the join key) must be a string, number or boolean, not null");
    assertThat(Label.fromCells(" 17.0 ", "approve", join, 2))
        .isEqualTo(new Label("17", "approve", 2));
    assertThatThrownBy(() -> Label.fromCells("1", " ", join, 2))
        .hasMessage("'/outcome/ok' (the truth) is empty");
    assertThatThrownBy(() -> JoinKey.parse("applicant_id"))
        .hasMessageContaining("record-id or a JSON Pointer");
  }

  @Test
  void noMatchSaysWhatTheKeysLookLike() {
    LabelledRecords.Data d = LabelledRecords.classification(1, 5);
    LabelJoin join = LabelJoin.of(JoinKey.recordId()).withPositive("approve");
    RecordJoin records =
        new RecordJoin(join, index(join, List.of(line("id", 1000, "label", "approve"))));
    LabelledRecords.loanRecords(d).forEach(records::accept);
    QualityResult q = records.finish(BOOTSTRAP);
    assertThat(q.compared()).isFalse();
    assertThat(q.counts().joined()).isZero();
    assertThat(q.counts().unmatchedLabels()).isEqualTo(1);
    assertThat(q.notes().get(0))
        .isEqualTo(
            "no label matched a record: record keys (record-id) look like 'r0', label keys ('id') like '1000'");
    assertThat(decision(0.5)).isEqualTo("approve");
  }

  @Test
  void theLabelsAreBoundedInBytes() {
    LabelIndex index = new LabelIndex(1_000);
    LabelJoin join = LabelJoin.of(JoinKey.recordId());
    int put = 0;
    while (index.put(new Label("key-" + put, "approve", put + 1))) {
      put++;
    }
    assertThat(put).isBetween(5, 8);
    assertThat(index.bytes()).isLessThanOrEqualTo(1_000);
    assertThat(join.labelKey()).isEqualTo("id");
    Map<Metric, MetricDifference> none = QualityJson.differences(MAPPER.createObjectNode());
    assertThat(none).isEmpty();
  }

  @Test
  void qualityJsonHasTheIssuesFieldsAndTheGatesBounds() {
    LabelledRecords.Data d = LabelledRecords.classification(1, 200);
    LabelJoin join = LabelJoin.of(JoinKey.recordId()).withPositive("approve");
    List<ObjectNode> lines = new java.util.ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      lines.add(line("id", "r" + i, "label", d.truth()[i] ? "approve" : "reject"));
    }
    RecordJoin records = new RecordJoin(join, index(join, lines));
    LabelledRecords.loanRecords(d).forEach(records::accept);
    ObjectNode json = QualityJson.toJson(records.finish(BOOTSTRAP), MAPPER);

    assertThat(json.get("task").asText()).isEqualTo("classification");
    for (String field :
        List.of(
            "n_joined",
            "n_unmatched_labels",
            "n_unlabelled_records",
            "primary",
            "shadow",
            "paired")) {
      assertThat(json.has(field)).as(field).isTrue();
    }
    for (String metric :
        List.of("accuracy", "precision", "recall", "f1", "roc_auc", "brier", "log_loss")) {
      assertThat(json.at("/primary/" + metric).isNumber()).as(metric).isTrue();
      assertThat(json.at("/shadow/" + metric + "_ci95")).as(metric).hasSize(2);
    }
    assertThat(json.at("/paired/discordant/primary_right").asLong()).isEqualTo(13);
    assertThat(json.at("/paired/discordant/shadow_right").asLong()).isEqualTo(44);
    // binomtest(13, 57, 0.5).pvalue, scipy 1.17.1
    assertThat(json.at("/paired/mcnemar_p").asDouble())
        .isCloseTo(4.7104376093953786e-05, within(1e-9 * 4.71e-05));
    assertThat(json.at("/paired/accuracy_diff").asDouble()).isCloseTo(0.155, within(1e-15));
    assertThat(json.at("/paired/accuracy_diff_ci95/0").asDouble()).isEqualTo(0.08000000000000007);
    assertThat(json.at("/paired/auc_diff_ci95/1").asDouble()).isEqualTo(0.15473946709772363);
    assertThat(json.at("/bootstrap/seed").asLong()).isZero();
    assertThat(json.at("/bootstrap/replicates").asInt()).isEqualTo(2000);
    assertThat(json.at("/join/by").asText()).isEqualTo("record-id");

    // what the gate reads back is the bootstrap's own difference
    Map<Metric, MetricDifference> back = QualityJson.differences(json);
    MetricDifference accuracy = back.get(Metric.ACCURACY);
    assertThat(accuracy.improvementLowerBound()).isEqualTo(0.09499999999999997);
    assertThat(accuracy.nonInferior(0)).isTrue();
    assertThat(accuracy.superior()).isTrue();
    // log loss: smaller is better, so the improvement is primary − shadow
    assertThat(back.get(Metric.LOG_LOSS).improvementLowerBound()).isEqualTo(0.09386384462354831);
    assertThat(back.get(Metric.LOG_LOSS).difference()).isNegative();
  }
}
