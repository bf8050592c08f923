package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow replay --secondary} with planted models on loopback: the primary and the secondary are one loan model
 * that answers with a random trace id and one of several wordings; the candidate is the same with every 20th decision
 * flipped. The noise analysis must come out of the records exactly as through the proxy, and {@code gate} and
 * {@code report} must rebuild it from the records.
 */
class NoiseBaselineReplayTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int INPUTS = 200;
  private static final String[] WORDINGS = {
    "income covers the loan", "the loan is covered by income", "income is enough for the loan"
  };

  private Vertx vertx;
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** One instance of the loan model: decision by input; random trace; wording by a hash of seed and input. */
  private String model(long seed, IntPredicate flipped) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              int id = new JsonObject(body).getInteger("id");
                              boolean reject = id % 3 == 0;
                              if (flipped.test(id)) {
                                reject = !reject;
                              }
                              JsonObject answer =
                                  new JsonObject()
                                      .put("decision", reject ? "reject" : "approve")
                                      .put("score", (id % 100) / 100.0)
                                      .put("trace", UUID.randomUUID().toString())
                                      .put(
                                          "text",
                                          WORDINGS[
                                              (int)
                                                  Math.floorMod(mix(seed * 1_000_003L + id), 3L)]);
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(answer.encode());
                            }));
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + server.actualPort();
  }

  // SplitMix64's finalizer: neighbouring inputs get unrelated wordings (with seeds 1, 2 and 3 the
  // secondary words 134 of the 200 answers differently from the primary, the candidate 124)
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private Path inputs() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      lines.add("{\"id\":" + i + "}");
    }
    Path file = dir.resolve("inputs.jsonl");
    Files.write(file, lines);
    return file;
  }

  private CliRun replay(Path out, IntPredicate flipped, boolean withSecondary) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--input",
                inputs().toString(),
                "--primary",
                model(1, i -> false),
                "--shadow",
                model(3, flipped),
                "--out",
                out.toString(),
                "--config",
                rules().toString(),
                "--concurrency",
                "8"));
    if (withSecondary) {
      args.addAll(List.of("--secondary", model(2, i -> false)));
    }
    return CliRun.run(args.toArray(new String[0]));
  }

  /** Every flip of /decision is critical, and the whole answer is compared as JSON too. */
  private Path rules() throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        """
        compare:
          routes:
            - path: /predict
              comparators:
                - type: label
                  pointer: /decision
                  severity: critical
                - type: json
        """);
    return file;
  }

  private static Set<Integer> suiteInputs(Path out) throws Exception {
    JsonNode suite = MAPPER.readTree(out.resolve("regression_suite.json").toFile());
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode e : suite.get("entries")) {
      ids.add(e.at("/request/body/id").asInt());
    }
    assertThat(suite.get("entries_count").asInt()).isEqualTo(ids.size());
    return ids;
  }

  private static JsonNode entry(JsonNode summary, String kind, String path) {
    for (JsonNode e : summary.at("/noise/entries")) {
      if (e.get("kind").asText().equals(kind) && e.get("path").asText().equals(path)) {
        return e;
      }
    }
    throw new AssertionError(
        "no noise entry for " + kind + " " + path + " in " + summary.get("noise"));
  }

  @Test
  void replayWithASecondaryClassifiesTheNoiseAndGateAndReportRebuildIt() throws Exception {
    IntPredicate flipped = id -> id % 20 == 0;
    Set<Integer> flips =
        IntStream.range(0, INPUTS)
            .filter(flipped)
            .boxed()
            .collect(Collectors.toCollection(TreeSet::new));
    Path out = dir.resolve("out");
    CliRun run = replay(out, flipped, true);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "as the secondary (noise baseline)",
            "noise baseline     200 pairs with a secondary answer")
        .contains("(" + flips.size() + " entries)");

    JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/agreement/rate").asDouble())
        .isEqualTo((double) (INPUTS - flips.size()) / INPUTS);
    assertThat(summary.at("/agreement_raw/rate").asDouble()).isLessThan(0.01);
    assertThat(summary.at("/divergences_by_severity/critical").asLong()).isEqualTo(flips.size());
    assertThat(summary.at("/noise/pairs").asLong()).isEqualTo(INPUTS);
    assertThat(entry(summary, "value_changed", "/trace").get("verdict").asText())
        .isEqualTo("noise");
    JsonNode text = entry(summary, "value_changed", "/text");
    assertThat(text.get("verdict").asText()).isEqualTo("noise");
    assertThat(text.get("noise_count").asInt()).isEqualTo(134);
    assertThat(text.get("candidate_count").asInt()).isEqualTo(124);
    assertThat(entry(summary, "label_flip", "/decision").get("verdict").asText()).isEqualTo("real");
    assertThat(suiteInputs(out)).isEqualTo(flips);

    CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-agreement", "0.8");
    assertThat(gate.exitCode()).as(gate.out()).isEqualTo(1);
    assertThat(gate.out()).contains("on real differences", "real critical", "Gate: FAIL");

    // rebuilt from records.jsonl alone: the same classification, the same suite
    Files.delete(out.resolve("regression_suite.json"));
    CliRun report = CliRun.run("report", "--records", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode rebuilt = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(rebuilt.get("noise")).isEqualTo(summary.get("noise"));
    assertThat(rebuilt.get("agreement")).isEqualTo(summary.get("agreement"));
    assertThat(suiteInputs(out)).isEqualTo(flips);
  }

  @Test
  void withoutFlipsTheGatePassesOnRealDifferences() throws Exception {
    Path out = dir.resolve("out");
    CliRun run = replay(out, id -> false, true);
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/agreement/rate").asDouble()).isEqualTo(1.0);
    assertThat(summary.at("/agreement_raw/rate").asDouble()).isLessThan(0.01);
    assertThat(suiteInputs(out)).isEmpty();

    CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-agreement", "0.95");
    assertThat(gate.exitCode()).as(gate.out()).isZero();
    assertThat(gate.out()).contains("on real differences", "Gate: PASS");
  }

  @Test
  void withoutASecondaryNothingChanges() throws Exception {
    Path out = dir.resolve("out");
    CliRun run = replay(out, id -> id % 20 == 0, false);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("noise baseline");
    JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.has("noise")).isFalse();
    assertThat(summary.has("agreement_raw")).isFalse();
    // every pair differs at /trace: without the baseline nothing agrees and every input is a suite
    // entry
    assertThat(summary.at("/agreement/rate").asDouble()).isZero();
    assertThat(suiteInputs(out)).hasSize(INPUTS);
    assertThat(Files.readString(out.resolve("records.jsonl"))).doesNotContain("\"secondary\"");
  }
}
