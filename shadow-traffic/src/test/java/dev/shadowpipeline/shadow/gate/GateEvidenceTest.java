package dev.shadowpipeline.shadow.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import org.junit.jupiter.api.Test;

/** The gate's verdict rests on pairs where both models answered, and on latencies it could read. */
class GateEvidenceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ANSWER = "{\"status\":200,\"latency_ms\":10,\"body\":{\"d\":1}}";
  private static final String AGREED = "{\"match\":true}";
  // as the error comparator grades a primary failure by default: info, not the candidate's fault
  private static final String PRIMARY_FAILED =
      "{\"match\":false,\"severity\":\"info\",\"differences\":[{\"kind\":\"primary_error\","
          + "\"path\":\"\",\"severity\":\"info\"}]}";
  private static final String REFUSED = "{\"error\":{\"kind\":\"connection_refused\"}}";

  @Test
  void aRunInWhichThePrimaryNeverAnsweredFailsOnEveryCheckItCouldNotRun() throws Exception {
    ComparisonAggregator agg = new ComparisonAggregator();
    add(agg, 400, REFUSED, ANSWER, PRIMARY_FAILED);
    GateResult result = Gate.evaluate(agg.summary(), GateCriteria.DEFAULTS);
    assertThat(result.passed()).isFalse();
    assertThat(check(result, "pairs compared").detail())
        .isEqualTo("0 of 400 pairs where both models answered");
    assertThat(check(result, "pairs compared").passed()).isFalse();
    assertThat(check(result, "agreement").actual()).isEqualTo("n/a");
    assertThat(check(result, "agreement").passed()).isFalse();
    assertThat(check(result, "latency delta p99").passed()).isFalse();
    assertThat(check(result, "latency delta p99").detail()).contains("no pair where both answered");
  }

  @Test
  void agreementIsBoundedOverThePairsThatWereComparedOnly() throws Exception {
    // 20 agreeing pairs are thin evidence however many pairs the primary failed on beside them
    ComparisonAggregator agg = new ComparisonAggregator();
    add(agg, 20, ANSWER, ANSWER, AGREED);
    add(agg, 980, REFUSED, ANSWER, PRIMARY_FAILED);
    GateResult result = Gate.evaluate(agg.summary(), GateCriteria.DEFAULTS);
    GateCheck agreement = check(result, "agreement");
    assertThat(agreement.passed()).isFalse();
    assertThat(agreement.actual()).isEqualTo("0.8389"); // Wilson lower bound of 20 of 20
    assertThat(agreement.detail())
        .contains("observed 20 of 20", "980 pairs where a side gave no answer left out");
    assertThat(check(result, "pairs compared").passed()).isTrue();
    // summary.json and the report give the same agreement as the gate: 20 of 20, 980 left out
    assertThat(agg.summary().agreement().lower()).isCloseTo(0.8389, within(5e-5));
    assertThat(agg.summary().agreementPairs()).isEqualTo(20);
    assertThat(agg.summary().agreementLeftOut()).isEqualTo(980);

    // enough compared pairs still pass, the few the primary failed on left aside
    ComparisonAggregator enough = new ComparisonAggregator();
    add(enough, 1000, ANSWER, ANSWER, AGREED);
    add(enough, 5, REFUSED, ANSWER, PRIMARY_FAILED);
    assertThat(Gate.evaluate(enough.summary(), GateCriteria.DEFAULTS).passed()).isTrue();
  }

  @Test
  void oneUnreadableLatencyFailsTheLatencyCheckRatherThanLeavingThePairOut() throws Exception {
    for (String latency : new String[] {"1e400", "\"n/a\"", "true", "-3", "\"12\""}) {
      ComparisonAggregator agg = new ComparisonAggregator();
      add(agg, 99, ANSWER, ANSWER, AGREED);
      add(agg, 1, ANSWER, "{\"status\":200,\"latency_ms\":" + latency + ",\"body\":{}}", AGREED);
      GateCheck check =
          check(Gate.evaluate(agg.summary(), GateCriteria.DEFAULTS), "latency delta p99");
      assertThat(check.passed()).as(latency).isFalse();
      assertThat(check.detail())
          .as(latency)
          .startsWith(
              "not measured: 1 of 100 pairs where both answered have an unreadable latency_ms");
    }
  }

  private static void add(
      ComparisonAggregator agg, int n, String primary, String shadow, String verdict)
      throws Exception {
    for (int i = 0; i < n; i++) {
      agg.accept(
          (ObjectNode)
              MAPPER.readTree(
                  "{\"id\":\"r"
                      + i
                      + "\",\"method\":\"POST\",\"path\":\"/p\",\"request\":{\"body\":{\"i\":"
                      + i
                      + "}},\"primary\":"
                      + primary
                      + ",\"shadow\":"
                      + shadow
                      + ",\"verdict\":"
                      + verdict
                      + "}"));
    }
  }

  private static GateCheck check(GateResult result, String name) {
    return result.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
