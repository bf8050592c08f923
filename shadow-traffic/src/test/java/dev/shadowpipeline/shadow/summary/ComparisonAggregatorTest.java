package dev.shadowpipeline.shadow.summary;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.status;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonAggregatorTest {

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);

  @Test
  void countsAgreementErrorsFieldsAndLatency() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 90; i++) { // agree, shadow 5 ms slower
      agg.accept(
          records.record(
              request("m" + i, T0.plusSeconds(i), "/p", "{\"i\":" + i + "}"),
              ok("{\"d\":1}", 10),
              ok("{\"d\":1}", 15)));
    }
    for (int i = 0; i < 8; i++) { // a value differs at /d
      agg.accept(
          records.record(
              request("v" + i, T0.plusSeconds(i), "/p", "{\"v\":" + i + "}"),
              ok("{\"d\":1}", 10),
              ok("{\"d\":2}", 15)));
    }
    agg.accept(records.record(request("t", T0, "/p", "{}"), ok("{\"d\":1}", 10), timeout(5000)));
    agg.accept(
        records.record(request("s", T0, "/p", "{}"), ok("{\"d\":1}", 10), status(503, "{}", 3)));

    ComparisonSummary s = agg.summary();
    assertThat(s.requests()).isEqualTo(100);
    assertThat(s.matches()).isEqualTo(90);
    assertThat(s.agreement().proportion()).isEqualTo(0.9);
    assertThat(s.shadowErrors()).isEqualTo(1);
    assertThat(s.shadowTimeouts()).isEqualTo(1);
    assertThat(s.statusClassMismatches()).isEqualTo(1);
    assertThat(s.severity("warning")).isEqualTo(10);
    assertThat(s.fields().get(0).path()).isEqualTo("/d");
    assertThat(s.fields().get(0).kind()).isEqualTo("value_changed");
    assertThat(s.fields().get(0).count()).isEqualTo(8);
    // 98 pairs 5 ms slower, 1 pair 7 ms faster (503 in 3 ms): the median delta is +5 ms
    assertThat(s.latencyDelta().count()).isEqualTo(99);
    assertThat(s.latencyDelta().p50Millis()).isCloseTo(5.0, within(0.01));
    assertThat(s.topDivergences()).hasSizeLessThanOrEqualTo(ComparisonAggregator.TOP_DIVERGENCES);
    assertThat(s.timeline()).isNotEmpty();
    assertThat(s.timeline().stream().mapToLong(ComparisonSummary.TimeBucket::requests).sum())
        .isEqualTo(100);
  }

  @Test
  void measurementsThatCouldNotBeTakenAreCountedApartNeverAsNumbers() {
    // a comparator like the semantic one: measured when the model had room, else why not
    ResponseComparator semantic =
        new ResponseComparator() {
          @Override
          public String name() {
            return "semantic";
          }

          @Override
          public Verdict compare(Answer primary, Answer shadow) {
            boolean measured =
                new String(primary.body().bytes(), StandardCharsets.UTF_8).contains("\"m\"");
            return Verdict.of(
                "semantic",
                List.of(),
                List.of(
                    measured
                        ? Observation.measure("semantic", "", "semantic_cosine", 0.9)
                        : Observation.unmeasured("semantic", "", "semantic_cosine", "queue_full")));
          }
        };
    RecordFixtures fixtures = new RecordFixtures(semantic, BodyRedactor.NONE);
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 5; i++) {
      String body = i < 3 ? "{\"m\":1}" : "{\"u\":1}";
      agg.accept(
          fixtures.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{}"), ok(body, 1), ok(body, 1)));
    }
    ComparisonSummary.MetricSummary m = agg.summary().metrics().get(0);
    assertThat(m.metric()).isEqualTo("semantic_cosine");
    assertThat(m.count()).isEqualTo(3);
    assertThat(m.unmeasured()).isEqualTo(2);
    assertThat(m.mean()).isCloseTo(0.9, within(1e-12));
    com.fasterxml.jackson.databind.JsonNode json =
        SummaryJson.toJson(agg.summary(), RecordFixtures.MAPPER).path("metrics").get(0);
    assertThat(json.path("count").asLong()).isEqualTo(3);
    assertThat(json.path("unmeasured").asLong()).isEqualTo(2);
  }

  @Test
  void theTrendFlagsAgreementThatFallsLateInTheRun() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 4000; i++) {
      boolean late = i >= 3000;
      boolean diverge = late ? i % 5 == 0 : i % 100 == 0; // 99% early, 80% late
      agg.accept(
          records.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{\"i\":" + i + "}"),
              ok("{\"d\":1}", 10),
              ok(diverge ? "{\"d\":2}" : "{\"d\":1}", 12)));
    }
    ComparisonSummary.Trend t = agg.summary().trend();
    assertThat(t.assessed()).isTrue();
    assertThat(t.agreementFalling()).isTrue();
    assertThat(t.latencyRising()).isFalse();
    assertThat(t.baselineAgreement()).isGreaterThan(0.97);
    assertThat(t.recentAgreement()).isLessThan(0.85);
  }

  @Test
  void aSteadyRunHasNoTrend() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 2000; i++) {
      agg.accept(
          records.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{\"i\":" + i + "}"),
              ok("{\"d\":1}", 10),
              ok(i % 50 == 0 ? "{\"d\":2}" : "{\"d\":1}", 12)));
    }
    assertThat(agg.summary().trend().drifted()).isFalse();
  }

  @Test
  void theGateJudgesAgreementByItsWilsonLowerBound() {
    ComparisonAggregator three = new ComparisonAggregator();
    for (int i = 0; i < 3; i++) {
      three.accept(
          records.record(
              request("r" + i, T0, "/p", "{\"i\":" + i + "}"), ok("{}", 1), ok("{}", 1)));
    }
    GateResult result = Gate.evaluate(three.summary(), GateCriteria.DEFAULTS);
    assertThat(result.passed()).isFalse();
    assertThat(result.checks())
        .filteredOn(c -> c.name().equals("agreement"))
        .singleElement()
        .satisfies(c -> assertThat(c.passed()).isFalse());

    GateResult lenient = Gate.evaluate(three.summary(), new GateCriteria(0.4, 0, 200, 0.01, 1));
    assertThat(lenient.passed()).isTrue();
  }

  @Test
  void theGateFailsOnSlowOrFailingShadows() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 1000; i++) {
      agg.accept(
          records.record(
              request("r" + i, T0, "/p", "{\"i\":" + i + "}"), ok("{}", 1), ok("{}", 400)));
    }
    GateResult result = Gate.evaluate(agg.summary(), GateCriteria.DEFAULTS);
    assertThat(result.checks())
        .filteredOn(c -> c.name().equals("latency delta p99"))
        .singleElement()
        .satisfies(c -> assertThat(c.passed()).isFalse());
    assertThat(result.checks())
        .filteredOn(c -> c.name().equals("agreement"))
        .singleElement()
        .satisfies(c -> assertThat(c.passed()).isTrue());
  }
}
