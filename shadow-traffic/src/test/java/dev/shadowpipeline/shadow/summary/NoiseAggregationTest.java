package dev.shadowpipeline.shadow.summary;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The noise baseline in the aggregates: per-key classification from the records' {@code noise} and {@code verdict}
 * differences, agreement evaluated from per-pair signatures at summary time, and the bounds that keep it conservative.
 */
class NoiseAggregationTest {

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);

  private static String body(String d, String t, int s) {
    return "{\"d\":\"" + d + "\",\"t\":\"" + t + "\",\"s\":" + s + "}";
  }

  /**
   * 100 pairs, all three answering. /t differs on every pair for the secondary and the shadow alike (a generated id);
   * /s differs for the secondary on 3 pairs and for the shadow on 10 (more, but not significantly at α = 0.01);
   * /d differs for the shadow alone, on every tenth pair (a planted flip).
   */
  private ComparisonAggregator planted() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 100; i++) {
      agg.accept(
          records.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{\"i\":" + i + "}"),
              ok(body("a", "p" + i, 0), 10),
              ok(body(i % 10 == 0 ? "b" : "a", "c" + i, i % 10 == 5 ? 1 : 0), 12),
              ok(body("a", "n" + i, i < 3 ? 1 : 0), 11)));
    }
    return agg;
  }

  @Test
  void differencesThePrimaryHasWithItselfAreNoiseAndAgreementCountsOnlyRealOnes() {
    ComparisonSummary s = planted().summary();

    assertThat(s.requests()).isEqualTo(100);
    // real: only the ten flips of /d; every pair differs at /t, so nothing agrees raw
    assertThat(s.matches()).isEqualTo(90);
    assertThat(s.agreement().proportion()).isEqualTo(0.9);
    assertThat(s.severity("warning")).isEqualTo(10);
    ComparisonSummary.Noise n = s.noise();
    assertThat(n).isNotNull();
    assertThat(n.pairs()).isEqualTo(100);
    assertThat(n.secondaryErrors()).isZero();
    assertThat(n.rawMatches()).isZero();
    assertThat(n.rawAgreement().proportion()).isEqualTo(0.0);
    assertThat(n.rawSeverity("warning")).isEqualTo(100);
    assertThat(n.alpha()).isEqualTo(0.01);
    assertThat(n.overflowPairs()).isZero();

    // real ones first, then by the shadow's count
    assertThat(n.entries())
        .extracting(ComparisonSummary.NoiseField::path, ComparisonSummary.NoiseField::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/d", "real"),
            org.assertj.core.groups.Tuple.tuple("/t", "noise"),
            org.assertj.core.groups.Tuple.tuple("/s", "noise"));
    ComparisonSummary.NoiseField d = n.entries().get(0);
    assertThat(d.noiseCount()).isZero();
    assertThat(d.candidateCount()).isEqualTo(10);
    assertThat(d.candidateRate()).isEqualTo(0.1);
    // p-values: the pooled z-test by hand with scipy 1.17.1, norm.sf((p1 - p0) /
    // sqrt(p(1-p)(2/100)))
    assertThat(d.pValue()).isCloseTo(0.0005884329553123689, within(1e-12));
    ComparisonSummary.NoiseField t = n.entries().get(1);
    assertThat(t.noiseRate()).isEqualTo(1.0);
    assertThat(t.candidateRate()).isEqualTo(1.0);
    assertThat(t.pValue()).isEqualTo(0.5); // both rates 1: equal rates, z taken as 0
    ComparisonSummary.NoiseField sField = n.entries().get(2);
    assertThat(sField.noiseCount()).isEqualTo(3);
    assertThat(sField.candidateCount()).isEqualTo(10);
    assertThat(sField.pValue()).isCloseTo(0.022332247756385662, within(1e-12));
    assertThat(s.noisy("value_changed", "/t")).isTrue();
    assertThat(s.noisy("value_changed", "/d")).isFalse();

    // the flipped pairs lead the top divergences, and their /t reason is marked noise
    ComparisonSummary.Divergence top = s.topDivergences().get(0);
    assertThat(top.reasons()).hasSize(top.noisyReasons().size());
    for (int i = 0; i < top.reasons().size(); i++) {
      assertThat(top.noisyReasons().get(i)).isEqualTo(top.reasons().get(i).contains("/t"));
    }
  }

  @Test
  void summaryJsonKeepsTheRawFiguresBesideTheRealOnes() {
    ComparisonSummary s = planted().summary();
    ObjectNode json = SummaryJson.toJson(s, RecordFixtures.MAPPER);

    assertThat(json.at("/agreement/rate").asDouble()).isEqualTo(0.9);
    assertThat(json.at("/agreement_raw/rate").asDouble()).isEqualTo(0.0);
    assertThat(json.at("/matches").asLong()).isEqualTo(90);
    assertThat(json.at("/matches_raw").asLong()).isZero();
    assertThat(json.at("/divergences_by_severity/warning").asLong()).isEqualTo(10);
    assertThat(json.at("/divergences_by_severity_raw/warning").asLong()).isEqualTo(100);
    JsonNode noise = json.get("noise");
    assertThat(noise.get("pairs").asLong()).isEqualTo(100);
    assertThat(noise.get("secondary_errors").asLong()).isZero();
    assertThat(noise.get("alpha").asDouble()).isEqualTo(0.01);
    assertThat(noise.get("absolute_floor").asDouble()).isEqualTo(0.005);
    assertThat(noise.get("relative_floor").asDouble()).isEqualTo(0.1);
    JsonNode first = noise.get("entries").get(0);
    assertThat(first.get("kind").asText()).isEqualTo("value_changed");
    assertThat(first.get("path").asText()).isEqualTo("/d");
    assertThat(first.get("noise_count").asLong()).isZero();
    assertThat(first.get("noise_rate").asDouble()).isZero();
    assertThat(first.get("candidate_count").asLong()).isEqualTo(10);
    assertThat(first.get("candidate_rate").asDouble()).isEqualTo(0.1);
    assertThat(first.get("p_value").asDouble()).isCloseTo(0.0005884329553123689, within(1e-12));
    assertThat(first.get("verdict").asText()).isEqualTo("real");
  }

  @Test
  void theGateDecidesOnRealDifferencesAndSaysSo() {
    ComparisonSummary s = planted().summary();
    GateResult result = Gate.evaluate(s, new GateCriteria(0.8, 0, 200, 0.01, 1));
    // 90 of 100 real agreement: Wilson lower bound 0.82563 (the Wilson formula with z = 1.95996,
    // evaluated in Python 3), above 0.8; raw agreement would be 0 and fail
    assertThat(result.passed()).isTrue();
    GateCheckView agreement = GateCheckView.of(result, "agreement");
    assertThat(agreement.actual()).isEqualTo("0.8256");
    assertThat(agreement.detail()).contains("on real differences", "observed 90 of 100");
    assertThat(agreement.detail()).contains("raw agreement 0.0000");
  }

  /** A tiny view so the test reads the check it means. */
  private record GateCheckView(String actual, String detail) {
    static GateCheckView of(GateResult r, String name) {
      return r.checks().stream()
          .filter(c -> c.name().equals(name))
          .map(c -> new GateCheckView(c.actual(), c.detail()))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void withoutASecondaryEverythingIsAsBefore() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 10; i++) {
      agg.accept(
          records.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{}"),
              ok(body("a", "p" + i, 0), 10),
              ok(body("a", "c" + i, 0), 12)));
    }
    ComparisonSummary s = agg.summary();
    assertThat(s.noise()).isNull();
    assertThat(s.matches()).isZero();
    assertThat(s.noisy("value_changed", "/t")).isFalse();
    ObjectNode json = SummaryJson.toJson(s, RecordFixtures.MAPPER);
    assertThat(json.has("noise")).isFalse();
    assertThat(json.has("agreement_raw")).isFalse();
    assertThat(s.topDivergences().get(0).noisyReasons()).containsOnly(false);
  }

  @Test
  void keysNeverMeasuredAgainstAnAnsweringSecondaryAreReal() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 10; i++) {
      agg.accept(
          records.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{}"),
              ok(body("a", "p", 0), 10),
              ok(body("a", "c" + i, 0), 12),
              timeout(5000)));
    }
    ComparisonSummary s = agg.summary();
    assertThat(s.noise().pairs()).isZero();
    assertThat(s.noise().secondaryErrors()).isEqualTo(10);
    assertThat(s.noise().entries()).isEmpty();
    assertThat(s.matches()).isZero(); // /t was never measured against the primary's own noise
    assertThat(s.severity("warning")).isEqualTo(10);
  }

  @Test
  void aPairWithUnlistedDifferencesKeepsItsRawSeverity() {
    // lists one difference per pair: /t (noise) is listed first, the /x that also differs is not
    RecordFixtures oneListed =
        new RecordFixtures(
            new JsonComparator(NumericTolerance.EXACT, List.of(), 1), BodyRedactor.NONE);
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 100; i++) {
      agg.accept(
          oneListed.record(
              request("r" + i, T0.plusSeconds(i), "/p", "{}"),
              ok("{\"t\":\"p" + i + "\",\"x\":1}", 10),
              ok("{\"t\":\"c" + i + "\",\"x\":" + (i == 0 ? 2 : 1) + "}", 12),
              ok("{\"t\":\"n" + i + "\",\"x\":1}", 11)));
    }
    ComparisonSummary s = agg.summary();
    assertThat(s.noisy("value_changed", "/t")).isTrue();
    assertThat(s.matches()).isEqualTo(99);
    assertThat(s.severity("warning")).isEqualTo(1);
  }

  @Test
  void signaturesPastTheBoundCountAsDisagreeingAndKeysPastTheirsAsReal() {
    // every pair differs at its own field, and the secondary differs there too: each key is seen
    // once on each side, equal rates, so noise — for the keys that are tracked; the 2,000-key bound
    // leaves the later ones untracked (real), and the 4,096 signature bound leaves the last 904
    // pairs out of the count (disagreeing)
    int pairs = 5_000;
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < pairs; i++) {
      String field = "\"f" + i + "\":";
      agg.accept(
          records.record(
              request("r" + i, T0.plusMillis(i), "/p", "{}"),
              ok("{" + field + "1}", 10),
              ok("{" + field + "2}", 12),
              ok("{" + field + "3}", 11)));
    }
    ComparisonSummary s = agg.summary();
    assertThat(NoiseBaseline.MAX_KEYS).isEqualTo(2_000);
    assertThat(NoiseBaseline.MAX_SIGNATURES).isEqualTo(4_096);
    assertThat(s.noise().keysClassified()).isEqualTo(2_000);
    assertThat(s.noise().overflowPairs()).isEqualTo(pairs - 4_096);
    assertThat(s.matches()).isEqualTo(2_000);
    assertThat(s.severity("warning")).isEqualTo(pairs - 2_000);
    assertThat(s.noise().entries()).hasSize(NoiseBaseline.MAX_ENTRIES);
    assertThat(
            SummaryJson.toJson(s, RecordFixtures.MAPPER)
                .at("/noise/signature_overflow_pairs")
                .asLong())
        .isEqualTo(904);
  }
}
