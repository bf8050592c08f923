package dev.shadowpipeline.shadow.summary;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.timeout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.quality.WilsonInterval;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.summary.ComparisonSummary.Instance;
import dev.shadowpipeline.shadow.summary.ComparisonSummary.InstanceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-instance counts: each replica's records counted apart, exactly, and bounded in the number of replicas. */
class InstanceCountsTest {

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);

  private ObjectNode pair(int i, String instance, boolean agree, boolean shadowFails) {
    ObjectNode r =
        records.record(
            request("r" + i, T0.plusSeconds(i), "/p", "{\"i\":" + i + "}"),
            ok("{\"y\":1}", 10),
            shadowFails ? timeout(5000) : ok(agree ? "{\"y\":1}" : "{\"y\":2}", 12));
    if (instance != null) {
      r.put("instance_id", instance);
    }
    return r;
  }

  @Test
  void eachInstanceIsCountedApartAndTheCountsAddUpToTheWhole() {
    ComparisonAggregator agg = new ComparisonAggregator();
    // a: 30 pairs, every 5th diverges; b: 20 pairs, every shadow copy times out; 4 older records
    for (int i = 0; i < 30; i++) {
      agg.accept(pair(i, "a", i % 5 != 0, false));
    }
    for (int i = 30; i < 50; i++) {
      agg.accept(pair(i, "b", true, true));
    }
    for (int i = 50; i < 54; i++) {
      agg.accept(pair(i, null, true, false));
    }
    ComparisonSummary s = agg.summary();
    assertThat(s.instances()).extracting(Instance::instanceId).containsExactly("a", "b", null);
    Instance a = s.instances().get(0);
    assertThat(a.pairs()).isEqualTo(30);
    assertThat(a.matches()).isEqualTo(24);
    assertThat(a.agreement()).isEqualTo(WilsonInterval.of(24, 30));
    assertThat(a.severity("warning") + a.severity("critical") + a.severity("info")).isEqualTo(6);
    assertThat(a.shadowErrors()).isZero();
    assertThat(a.status()).isEqualTo(InstanceStatus.OK);
    assertThat(a.first()).isEqualTo(T0);
    assertThat(a.last()).isEqualTo(T0.plusSeconds(29));
    Instance b = s.instances().get(1);
    assertThat(b.pairs()).isEqualTo(20);
    assertThat(b.shadowErrors()).isEqualTo(20);
    assertThat(b.shadowTimeouts()).isEqualTo(20);
    assertThat(b.shadowErrorRate()).isEqualTo(1.0);
    assertThat(b.status()).isEqualTo(InstanceStatus.SHADOW_FAILING);
    assertThat(s.failingInstances()).containsExactly(b);
    Instance older = s.instances().get(2);
    assertThat(older.pairs()).isEqualTo(4);
    assertThat(older.drops()).isNull();
    // the fleet's figures are the sums of the instances'
    assertThat(s.instances().stream().mapToLong(Instance::pairs).sum()).isEqualTo(s.requests());
    assertThat(s.instances().stream().mapToLong(Instance::matches).sum()).isEqualTo(s.matches());
    assertThat(s.instances().stream().mapToLong(Instance::shadowErrors).sum())
        .isEqualTo(s.shadowErrors());
  }

  @Test
  void oneShadowCopyAnsweredIsNotAllFailing() {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < 9; i++) {
      agg.accept(pair(i, "a", true, true));
    }
    agg.accept(pair(9, "a", true, false));
    assertThat(agg.summary().instances().get(0).status()).isEqualTo(InstanceStatus.OK);
    assertThat(agg.summary().failingInstances()).isEmpty();
  }

  @Test
  void anInstanceIdOfAnotherTypeReadsAsAbsentNeverAsAnError() {
    ComparisonAggregator agg = new ComparisonAggregator();
    ObjectNode r = pair(0, null, true, false);
    r.put("instance_id", 42);
    agg.accept(r);
    assertThat(agg.summary().instances())
        .extracting(Instance::instanceId)
        .containsExactly((String) null);
  }

  @Test
  void pastTheBoundFurtherInstancesAreCountedTogether() {
    ComparisonAggregator agg = new ComparisonAggregator();
    int n = ComparisonAggregator.MAX_INSTANCES + 5;
    for (int i = 0; i < n; i++) {
      agg.accept(pair(i, String.format("replica-%05d", i), true, false));
    }
    List<Instance> instances = agg.summary().instances();
    assertThat(instances).hasSize(ComparisonAggregator.MAX_INSTANCES + 1);
    Instance other =
        instances.stream()
            .filter(i -> ComparisonAggregator.OTHER.equals(i.instanceId()))
            .findFirst()
            .orElseThrow();
    assertThat(other.pairs()).isEqualTo(5);
    assertThat(instances.stream().mapToLong(Instance::pairs).sum()).isEqualTo(n);
  }

  @Test
  void aRunningProxyAddsItsDropsToItsOwnRowEvenBeforeItsFirstRecord() {
    ComparisonAggregator agg = new ComparisonAggregator();
    ComparisonSummary empty =
        agg.summary().withInstanceDrops("me:8080", new ComparisonSummary.Drops(7, 2, 3));
    assertThat(empty.instances()).hasSize(1);
    Instance me = empty.instances().get(0);
    assertThat(me.status()).isEqualTo(InstanceStatus.NO_PAIRS);
    assertThat(me.drops()).isEqualTo(new ComparisonSummary.Drops(7, 2, 3));

    agg.accept(pair(0, "me:8080", true, false));
    ComparisonSummary one =
        agg.summary().withInstanceDrops("me:8080", new ComparisonSummary.Drops(7, 2, 3));
    assertThat(one.instances()).hasSize(1);
    assertThat(one.instances().get(0).pairs()).isEqualTo(1);
    JsonNode json = SummaryJson.toJson(one, RecordFixtures.MAPPER).path("instances").get(0);
    assertThat(json.path("status").asText()).isEqualTo("ok");
    assertThat(json.at("/drops/copies").asLong()).isEqualTo(7);
    assertThat(json.at("/drops/records").asLong()).isEqualTo(2);
    assertThat(json.at("/drops/shed").asLong()).isEqualTo(3);
  }
}
