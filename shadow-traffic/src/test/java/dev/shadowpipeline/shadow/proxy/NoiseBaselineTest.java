package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.route.PathPattern;
import dev.shadowpipeline.shadow.compare.route.Route;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.suite.SuiteEntry;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The noise baseline end to end through the proxy, with real models on loopback whose behaviour is planted: the
 * primary and the secondary are one model (same decision and score for an input; a fresh random trace id and one of
 * four paraphrases of its explanation on every instance), and the candidate is that model with a known set of flipped
 * decisions. The trace and the wording must come out as noise, the flips as real, and agreement on real differences
 * must be exactly (n − flipped) / n.
 */
class NoiseBaselineTest {

  static final int INPUTS = 200;
  static final String[] PARAPHRASES = {
    "income covers the loan",
    "the loan is covered by income",
    "income is enough for the loan",
    "the applicant's income covers it"
  };

  private Vertx vertx;
  private LoopbackCaller caller;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    caller = new LoopbackCaller(vertx, 4);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * The loan model, one instance of it. The decision and score depend on the input alone (flipped where
   * {@code flipped} says); the trace is random; the paraphrase is picked by a hash of the instance's seed and the
   * input, so two instances word about three answers in four differently, always the same ones.
   */
  static TestUpstream.Responder loanModel(long seed, IntPredicate flipped) {
    return (req, body) -> {
      int id = new JsonObject(body).getInteger("id");
      String decision = id % 3 == 0 ? "reject" : "approve";
      if (flipped.test(id)) {
        decision = decision.equals("reject") ? "approve" : "reject";
      }
      JsonObject answer =
          new JsonObject()
              .put("decision", decision)
              .put("score", (id % 100) / 100.0)
              .put("trace", UUID.randomUUID().toString())
              .put("text", PARAPHRASES[(int) Math.floorMod(mix(seed * 1_000_003L + id), 4L)]);
      req.response().putHeader("Content-Type", "application/json").end(answer.encode());
    };
  }

  // SplitMix64's finalizer: neighbouring inputs get unrelated paraphrases
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Every flip of /decision is critical; the whole body is also compared as JSON. */
  static CaptureSettings loanRules() {
    RouteTable table =
        RouteTable.framed(
            List.of(
                new Route(
                    PathPattern.parse("/predict"),
                    Set.of("POST"),
                    List.of(
                        new LabelComparator(
                            LabelComparator.Spec.of("/decision")
                                .withDefaultSeverity(Severity.CRITICAL)),
                        JsonComparator.bodiesOnly(NumericTolerance.relative(1e-6), List.of())))),
            JsonComparator.bodiesOnly(NumericTolerance.relative(1e-6), List.of()),
            new ErrorComparator(ErrorComparator.Spec.defaults()),
            new LatencyComparator(LatencyComparator.Spec.defaults()));
    return new CaptureSettings(
        table,
        List.of(),
        BodyRedactor.NONE,
        CaptureSettings.DEFAULT_SUITE_MAX,
        MemoryDefaults.suiteBytes(),
        Duration.ofSeconds(5));
  }

  /** What one run through the proxy left behind. */
  record Run(
      List<JsonNode> records,
      ComparisonSummary summary,
      Set<Integer> suiteInputs,
      TestUpstream.Received[] shadowSaw,
      TestUpstream.Received[] secondarySaw) {}

  private Run run(IntPredicate flipped) throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, loanModel(1, i -> false));
        TestUpstream secondary = TestUpstream.start(vertx, loanModel(2, i -> false));
        TestUpstream shadow = TestUpstream.start(vertx, loanModel(3, flipped))) {
      ShadowProxy proxy =
          ShadowProxy.builder(
                  ProxyConfig.builder(primary.url(), shadow.url())
                      .secondary(secondary.url())
                      .host("127.0.0.1")
                      .port(0)
                      .adminPort(-1)
                      .outDir(out)
                      .eventLoops(2)
                      .build())
              .capture(loanRules())
              .start();
      try {
        for (int i = 0; i < INPUTS; i++) {
          RequestOptions options =
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setHost("127.0.0.1")
                  .setPort(proxy.port())
                  .setURI("/predict")
                  .putHeader("Content-Type", "application/json");
          LoopbackCaller.Answer answer = caller.call(options, "{\"id\":" + i + "}");
          assertThat(answer.status()).isEqualTo(200);
        }
      } finally {
        proxy.close();
      }
      RegressionSuite suite =
          RegressionSuite.read(out.resolve(RegressionSuite.FILE), 10_000, new ObjectMapper());
      Set<Integer> suiteInputs = new TreeSet<>();
      for (SuiteEntry e : suite.entries()) {
        suiteInputs.add(e.request().at("/body/id").asInt());
      }
      return new Run(
          ProxyHarness.readRecords(proxy.recordsFile()),
          proxy.summary(),
          suiteInputs,
          shadow.received().toArray(new TestUpstream.Received[0]),
          secondary.received().toArray(new TestUpstream.Received[0]));
    }
  }

  @Test
  void theTraceAndTheWordingAreNoiseTheFlipsAreRealAndAgreementCountsOnlyThem() throws Exception {
    IntPredicate flipped = id -> id % 20 == 0;
    int flips = (int) java.util.stream.IntStream.range(0, INPUTS).filter(flipped).count();
    Run run = run(flipped);

    // every record has the secondary's answer and the primary's disagreement with it
    assertThat(run.records()).hasSize(INPUTS);
    for (JsonNode r : run.records()) {
      assertThat(r.at("/secondary/status").asInt()).isEqualTo(200);
      assertThat(r.at("/noise/match").asBoolean()).isFalse(); // the trace always differs
      assertThat(r.at("/noise/differences"))
          .extracting(d -> d.get("kind").asText() + " " + d.get("path").asText())
          .contains("value_changed /trace")
          .doesNotContain("label_flip /decision", "value_changed /decision");
    }
    // the secondary got the very copies the shadow got, request ids included
    assertThat(
            java.util.Arrays.stream(run.secondarySaw())
                .map(r -> r.header(MirroredExchange.REQUEST_ID_HEADER))
                .collect(Collectors.toSet()))
        .hasSize(INPUTS)
        .isEqualTo(
            java.util.Arrays.stream(run.shadowSaw())
                .map(r -> r.header(MirroredExchange.REQUEST_ID_HEADER))
                .collect(Collectors.toSet()));

    ComparisonSummary s = run.summary();
    ComparisonSummary.Noise noise = s.noise();
    assertThat(noise.pairs()).isEqualTo(INPUTS);
    assertThat(noise.entries())
        .extracting(
            ComparisonSummary.NoiseField::kind,
            ComparisonSummary.NoiseField::path,
            ComparisonSummary.NoiseField::verdict)
        .contains(
            tuple("label_flip", "/decision", "real"),
            tuple("value_changed", "/decision", "real"),
            tuple("value_changed", "/trace", "noise"),
            tuple("value_changed", "/text", "noise"));
    ComparisonSummary.NoiseField text =
        noise.entries().stream().filter(f -> f.path().equals("/text")).findFirst().orElseThrow();
    // the wording differs on most pairs, for the secondary as for the shadow: with seeds 1, 2 and 3
    // the secondary words 152 of the 200 answers differently, the shadow 159 (p = 0.20, scipy
    // 1.17.1)
    assertThat(text.noiseCount()).isEqualTo(152);
    assertThat(text.candidateCount()).isEqualTo(159);

    // agreement on real differences, exactly: every unflipped input agrees, every flip does not
    assertThat(s.matches()).isEqualTo(INPUTS - flips);
    assertThat(s.agreement().proportion()).isEqualTo((double) (INPUTS - flips) / INPUTS);
    assertThat(s.severity("critical")).isEqualTo(flips);
    // with the noise counted, nothing agrees: the trace differs on every pair
    assertThat(noise.rawAgreement().proportion()).isLessThan(0.01);

    // the suite holds exactly the flipped inputs
    assertThat(run.suiteInputs())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, INPUTS)
                .filter(flipped)
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new)));

    GateResult gate = Gate.evaluate(s, new GateCriteria(0.8, 0, 1_000, 0.01, 1));
    assertThat(gate.passed()).isFalse();
    assertThat(gate.checks())
        .filteredOn(c -> c.name().equals("critical divergences"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.passed()).isFalse();
              assertThat(c.actual()).isEqualTo(Integer.toString(flips));
              assertThat(c.detail()).contains("real critical");
            });
  }

  @Test
  void withoutFlipsTheGatePassesThoughEveryAnswerDiffersFromThePrimarys() throws Exception {
    Run run = run(id -> false);
    ComparisonSummary s = run.summary();

    assertThat(s.matches()).isEqualTo(INPUTS);
    assertThat(s.severity("critical")).isZero();
    assertThat(s.noise().rawAgreement().proportion()).isLessThan(0.01);
    assertThat(run.suiteInputs()).isEmpty();
    GateResult gate = Gate.evaluate(s, new GateCriteria(0.95, 0, 1_000, 0.01, 1));
    assertThat(gate.checks()).allSatisfy(c -> assertThat(c.passed()).as(c.name()).isTrue());
    assertThat(gate.passed()).isTrue();
    // the same gate on the raw figures would have failed: that is what the baseline is for
    assertThat(s.noise().rawSeverity("warning")).isEqualTo(INPUTS);
  }
}
