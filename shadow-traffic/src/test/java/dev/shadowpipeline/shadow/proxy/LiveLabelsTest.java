package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.Label;
import dev.shadowpipeline.shadow.labels.LabelIndex;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.labels.RecordJoin;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.record.RecordsFile;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground truth posted to a running proxy ({@code POST /labels}): joined with the predictions the proxy kept, and the
 * quality {@code /summary} shows and {@code quality.json} holds at close equal to what the offline join ({@code
 * shadow labels}: {@link RecordJoin} over the records file) computes from the same records and labels.
 */
class LiveLabelsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TOKEN = "labels-token";
  // fewer replicates than the default 2000 keep the test quick; live and offline use the same
  private static final PairedBootstrap BOOTSTRAP =
      PairedBootstrap.defaults().withReplicates(300).withSeed(7);
  private static final LabelJoin JOIN =
      LabelJoin.of(JoinKey.requestField("/applicant_id"))
          .withTruth("repaid")
          .withPositive("approve")
          .withTruthPositive("true");

  private Vertx vertx;
  private TestUpstream primary;
  private TestUpstream shadow;
  private LoopbackCaller caller;
  @TempDir Path out;

  /** A loan model: the score is a fixed function of the applicant id, approve from 0.5. */
  private static TestUpstream.Responder model(java.util.function.LongToDoubleFunction scores) {
    return (req, body) -> {
      long id = new io.vertx.core.json.JsonObject(body).getLong("applicant_id");
      double score = scores.applyAsDouble(id);
      req.response()
          .putHeader("Content-Type", "application/json")
          .end(
              "{\"decision\":\""
                  + (score >= 0.5 ? "approve" : "reject")
                  + "\",\"score\":"
                  + score
                  + "}");
    };
  }

  // the primary's score knows nothing of the outcome
  private static double primaryScore(long id) {
    return (id * 37 % 100) / 100.0;
  }

  // the shadow's leans towards the outcome: it is right more often
  private static double shadowScore(long id) {
    return 0.6 * ((id * 53 % 100) / 100.0) + (repaid(id) ? 0.3 : 0.05);
  }

  // the outcome: repaid for about 60% of applicants, unrelated to either model's formula
  private static boolean repaid(long id) {
    return id * 29 % 10 < 6;
  }

  private static String label(long id) {
    return "{\"applicant_id\":" + id + ",\"repaid\":" + repaid(id) + "}";
  }

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    primary = TestUpstream.start(vertx, model(LiveLabelsTest::primaryScore));
    shadow = TestUpstream.start(vertx, model(LiveLabelsTest::shadowScore));
    caller = new LoopbackCaller(vertx, 4);
  }

  @AfterEach
  void tearDown() throws Exception {
    primary.close();
    shadow.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CaptureSettings loanComparison() {
    RouteTable table =
        new RouteTable(
            List.of(),
            List.of(
                new ErrorComparator(ErrorComparator.Spec.defaults()),
                new LabelComparator(LabelComparator.Spec.of("/decision")),
                new ScoreComparator(ScoreComparator.Spec.of("/score").withTolerance(0.01, 0))));
    return new CaptureSettings(
        table, List.of(), BodyRedactor.NONE, 10_000, 1 << 20, Duration.ofSeconds(5));
  }

  private ProxyHarness start(LiveQuality live, String token) throws ProxyStartException {
    return new ProxyHarness(
        primary.url(),
        shadow.url(),
        out,
        b -> token == null ? b : b.adminToken(token),
        b -> {
          b.capture(loanComparison());
          return live == null ? b : b.labels(live);
        });
  }

  // one request at a time, each recorded before the next: the records file then lists the
  // applicants in order, as the labels are posted, so both joins see the pairs in one order
  private void predict(ProxyHarness proxy, LiveQuality live, long from, int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      long id = from + i;
      LoopbackCaller.Answer answer =
          caller.call(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setHost("127.0.0.1")
                  .setPort(proxy.proxy.port())
                  .setURI("/predict")
                  .putHeader("Content-Type", "application/json"),
              "{\"applicant_id\":" + id + "}");
      assertThat(answer.status()).isEqualTo(200);
      long seen = i + 1L;
      await().atMost(10, TimeUnit.SECONDS).until(() -> live.store().seen() == seen);
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return MAPPER.readTree(response.body());
  }

  @Test
  void postedLabelsGiveTheQualityTheOfflineJoinComputes() throws Exception {
    LiveQuality live = new LiveQuality(JOIN, 1 << 20, 1 << 20, BOOTSTRAP);
    List<String> batch1 = new ArrayList<>();
    List<String> batch2 = new ArrayList<>();
    String liveSummary;
    ProxyHarness proxy = start(live, TOKEN);
    try {
      predict(proxy, live, 1000, 120);

      // 100 of the 120 applicants get an outcome, in two batches; two labels have no applicant, and
      // two repeat an earlier one (a retry: the same outcome)
      for (long id = 1000; id < 1060; id++) {
        batch1.add(label(id));
      }
      batch1.add(label(5555));
      for (long id = 1060; id < 1100; id++) {
        batch2.add(label(id));
      }
      batch2.add(label(1000));
      batch2.add(label(1065));
      batch2.add("");
      batch2.add(label(5556));

      JsonNode first = json(proxy.admin("POST", "/labels", String.join("\n", batch1), TOKEN));
      assertThat(first.get("received").asLong()).isEqualTo(61);
      assertThat(first.get("matched").asLong()).isEqualTo(60);
      assertThat(first.get("unmatched").asLong()).isEqualTo(1);
      assertThat(first.get("duplicates").asLong()).isZero();
      assertThat(first.get("predictions_kept").asLong()).isEqualTo(120);
      assertThat(first.get("predictions_evicted").asLong()).isZero();

      HttpResponse<String> second =
          proxy.admin("POST", "/labels", String.join("\r\n", batch2) + "\n", TOKEN);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(json(second).get("received").asLong()).isEqualTo(43);
      assertThat(json(second).get("matched").asLong()).isEqualTo(40);
      assertThat(json(second).get("unmatched").asLong()).isEqualTo(1);
      assertThat(json(second).get("duplicates").asLong()).isEqualTo(2);

      // computed in the background after each batch; /summary shows it once it is done
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> {
                JsonNode s = json(proxy.admin("GET", "/summary", null, null));
                return s.path("quality_labels_pending").asLong(-1) == 0
                    && s.path("quality").isObject();
              });
      JsonNode summary = json(proxy.admin("GET", "/summary", null, null));
      JsonNode quality = summary.get("quality");
      liveSummary = MAPPER.writeValueAsString(quality);
      assertThat(quality.has("examples")).isFalse();
      assertThat(quality.get("n_joined").asLong()).isEqualTo(100);
      assertThat(quality.get("n_labels").asLong()).isEqualTo(102);
      assertThat(quality.get("n_unmatched_labels").asLong()).isEqualTo(2);
      assertThat(quality.get("n_duplicate_labels").asLong()).isEqualTo(2);
      assertThat(quality.get("n_unlabelled_records").asLong()).isEqualTo(20);
      // the accuracy counted here from the models' formulas, independently of the join
      int primaryRight = 0;
      int shadowRight = 0;
      for (long id = 1000; id < 1100; id++) {
        primaryRight += (primaryScore(id) >= 0.5) == repaid(id) ? 1 : 0;
        shadowRight += (shadowScore(id) >= 0.5) == repaid(id) ? 1 : 0;
      }
      assertThat(quality.at("/primary/accuracy").asDouble()).isEqualTo(primaryRight / 100.0);
      assertThat(quality.at("/shadow/accuracy").asDouble()).isEqualTo(shadowRight / 100.0);
      assertThat(shadowRight).isGreaterThan(primaryRight + 10);
      assertThat(quality.at("/paired/mcnemar_p").asDouble()).isLessThan(0.05);
      assertThat(quality.at("/paired/auc_diff_ci95/0").isNumber()).isTrue();
    } finally {
      proxy.close(); // the path SIGTERM takes: quality.json is written beside the records
    }

    // the offline join of the same records and the same labels, as shadow labels does it
    Path labelsFile = out.resolve("labels.jsonl");
    List<String> all = new ArrayList<>(batch1);
    all.addAll(batch2);
    Files.write(labelsFile, all, StandardCharsets.UTF_8);
    LabelIndex index = new LabelIndex(LabelIndex.defaultMaxBytes());
    long line = 0;
    for (String text : Files.readAllLines(labelsFile, StandardCharsets.UTF_8)) {
      line++;
      if (!text.isBlank()) {
        assertThat(index.put(Label.fromJson(MAPPER.readTree(text), JOIN, line))).isTrue();
      }
    }
    RecordJoin offline = new RecordJoin(JOIN, index);
    RecordsFile.read(proxy.proxy.recordsFile(), MAPPER, offline);
    ObjectNode expected =
        QualityJson.summaryJson(QualityJson.toJson(offline.finish(BOOTSTRAP), MAPPER));

    // numbers compared as JSON text: a tree read back holds 2 as an int, the written one as a long
    JsonNode written = MAPPER.readTree(out.resolve(QualityJson.FILE).toFile());
    assertThat(MAPPER.writeValueAsString(QualityJson.summaryJson(written)))
        .isEqualTo(MAPPER.writeValueAsString(expected));
    assertThat(liveSummary).isEqualTo(MAPPER.writeValueAsString(expected));
    assertThat(proxy.proxy.quality()).isNotNull();
    assertThat(QualityJson.summaryJson(proxy.proxy.quality())).isEqualTo(expected);
    // live examples carry the predictions, not the bodies (the store keeps no bodies)
    assertThat(written.at("/examples/only_shadow_right/0/request").isNull()).isTrue();
    assertThat(written.at("/examples/only_shadow_right/0/key").asText()).startsWith("1");
    // written after the records were closed: the gate sees these very records as the joined ones
    assertThat(RecordsFingerprint.readFrom(written))
        .contains(RecordsFingerprint.of(proxy.proxy.recordsFile()));
  }

  @Test
  void theSummaryShowsTheQualityOfEveryLabelPosted() throws Exception {
    LiveQuality live = new LiveQuality(JOIN, 1 << 20, 1 << 20, BOOTSTRAP);
    try (ProxyHarness proxy = start(live, TOKEN)) {
      predict(proxy, live, 1000, 30);
      JsonNode before = json(proxy.admin("GET", "/summary", null, null));
      assertThat(before.has("quality")).isFalse(); // no label yet: nothing to show
      proxy.admin("POST", "/labels", label(1000) + "\n" + label(1001), TOKEN);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> live.latest() != null && live.latest().labels() == 2);
      StringBuilder rest = new StringBuilder();
      for (long id = 1002; id < 1030; id++) {
        rest.append(label(id)).append('\n');
      }
      proxy.admin("POST", "/labels", rest.toString(), TOKEN);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  json(proxy.admin("GET", "/summary", null, null)).at("/quality/n_joined").asLong()
                      == 30);
    }
  }

  @Test
  void labelsNeedTheTokenAndAWellFormedBatch() throws Exception {
    LiveQuality live = new LiveQuality(JOIN, 1 << 20, 1 << 20, BOOTSTRAP);
    try (ProxyHarness proxy = start(live, TOKEN)) {
      predict(proxy, live, 1000, 3);
      String good = label(1000);

      HttpResponse<String> none = proxy.admin("POST", "/labels", good, null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(proxy.admin("POST", "/labels", good, "wrong").statusCode()).isEqualTo(401);
      assertThat(proxy.admin("GET", "/labels", null, TOKEN).statusCode()).isEqualTo(405);

      // line 3 is not JSON: the whole batch is refused, line 1 and 2 included
      HttpResponse<String> badJson =
          proxy.admin("POST", "/labels", good + "\n" + label(1001) + "\n{oops\n", TOKEN);
      assertThat(badJson.statusCode()).isEqualTo(400);
      assertThat(json(badJson).get("error").asText()).contains("line 3").contains("none taken");
      HttpResponse<String> noTruth =
          proxy.admin("POST", "/labels", "\n{\"applicant_id\":1002}", TOKEN);
      assertThat(noTruth.statusCode()).isEqualTo(400);
      assertThat(json(noTruth).get("error").asText())
          .contains("line 2")
          .contains("no field 'repaid'");
      HttpResponse<String> notObject = proxy.admin("POST", "/labels", "[1,2]", TOKEN);
      assertThat(notObject.statusCode()).isEqualTo(400);
      assertThat(json(notObject).get("error").asText()).contains("line 1");
      assertThat(live.labelsReceived()).isZero();

      // over 8 MiB: refused whole, never held
      String line = label(1000) + "\n";
      String large = line.repeat(AdminApi.MAX_LABELS_BODY_BYTES / line.length() + 1);
      HttpResponse<String> tooLarge = proxy.admin("POST", "/labels", large, TOKEN);
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(live.labelsReceived()).isZero();

      assertThat(proxy.admin("POST", "/labels", good, TOKEN).statusCode()).isEqualTo(200);
      assertThat(live.labelsReceived()).isEqualTo(1);
    }
  }

  @Test
  void withoutATokenLabelsAreRefusedAndWithoutLiveLabelsThereIsNoEndpoint() throws Exception {
    LiveQuality live = new LiveQuality(JOIN, 1 << 20, 1 << 20, BOOTSTRAP);
    try (ProxyHarness readOnly = start(live, null)) {
      HttpResponse<String> refused = readOnly.admin("POST", "/labels", label(1000), null);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(json(refused).get("error").asText()).contains("read-only");
    }
    try (ProxyHarness noLabels = start(null, TOKEN)) {
      HttpResponse<String> missing = noLabels.admin("POST", "/labels", label(1000), TOKEN);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(json(missing).get("error").asText()).contains("--labels-join");
      assertThat(json(noLabels.admin("GET", "/summary", null, null)).has("quality")).isFalse();
    }
  }

  @Test
  void aTinyStoreEvictsTheOldestPredictionsAndCountsThem() throws Exception {
    // room for a few predictions only (each is estimated at 200 bytes plus its text)
    LiveQuality live = new LiveQuality(JOIN, 1500, 1 << 20, BOOTSTRAP);
    try (ProxyHarness proxy = start(live, TOKEN)) {
      predict(proxy, live, 1000, 20);
      int kept = live.store().size();
      assertThat(kept).isBetween(1, 10);
      assertThat(live.store().bytes()).isLessThanOrEqualTo(1500);
      assertThat(live.store().evicted()).isEqualTo(20 - kept);

      StringBuilder all = new StringBuilder();
      for (long id = 1000; id < 1020; id++) {
        all.append(label(id)).append('\n');
      }
      JsonNode batch = json(proxy.admin("POST", "/labels", all.toString(), TOKEN));
      // only the most recent predictions are still there to meet their label
      assertThat(batch.get("matched").asLong()).isEqualTo(kept);
      assertThat(batch.get("unmatched").asLong()).isEqualTo(20 - kept);
      assertThat(batch.get("predictions_evicted").asLong()).isEqualTo(20 - kept);
      assertThat(batch.get("predictions_evicted_unlabelled").asLong()).isEqualTo(20 - kept);

      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  json(proxy.admin("GET", "/summary", null, null))
                          .path("quality_labels_pending")
                          .asLong(-1)
                      == 0);
      JsonNode quality = json(proxy.admin("GET", "/summary", null, null)).get("quality");
      assertThat(quality.get("n_evicted_predictions").asLong()).isEqualTo(20 - kept);
      assertThat(quality.get("n_unmatched_labels").asLong()).isEqualTo(20 - kept);
      assertThat(quality.get("n_joined").asLong()).isEqualTo(kept);
    }
  }
}
