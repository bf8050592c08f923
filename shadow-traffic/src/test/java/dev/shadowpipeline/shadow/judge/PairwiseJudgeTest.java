package dev.shadowpipeline.shadow.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge against a judge model on loopback that answers by rule and remembers what it was shown. */
class PairwiseJudgeTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private LoopbackJudge server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String id(int k) {
    return String.format("r-%03d", k);
  }

  private static JudgeJob job(int k) {
    return new JudgeJob(id(k), "question " + k, "primary answer " + k, "shadow answer " + k);
  }

  private static int number(String answer) {
    return Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1));
  }

  // pair k: shadow better when k % 3 == 0, primary better when 1, tie when 2 — whatever the order
  // shown; the
  // answer's format varies (plain JSON, fenced JSON, a sentence with JSON, a bare letter) to go
  // through the parser
  private static LoopbackJudge.Reply byRule(String a, String b) {
    int k = number(a);
    boolean primaryIsA = a.startsWith("primary");
    String letter =
        switch (k % 3) {
          case 0 -> primaryIsA ? "B" : "A";
          case 1 -> primaryIsA ? "A" : "B";
          default -> "tie";
        };
    return LoopbackJudge.Reply.says(
        switch (k % 4) {
          case 0 -> "{\"winner\": \"" + letter + "\", \"reason\": \"rule " + k + "\"}";
          case 1 ->
              "```json\n{\"winner\": \"" + letter + "\", \"reason\": \"rule " + k + "\"}\n```";
          case 2 -> "My verdict: {\"reason\": \"rule " + k + "\", \"winner\": \"" + letter + "\"}.";
          default -> letter;
        });
  }

  private LoopbackJudge serve(BiFunction<String, String, LoopbackJudge.Reply> rule)
      throws Exception {
    server = new LoopbackJudge(Vertx.vertx(), rule);
    return server;
  }

  private static JudgeConfig config(URI url) {
    return JudgeConfig.of(url, "judge-model", "sk-test-secret")
        .withCalls(4, Duration.ofSeconds(10), 7, false);
  }

  @Test
  void countsEveryVerdictExactlyAndShowsEachPairInTheSeedsOrder() throws Exception {
    LoopbackJudge judgeServer = serve(PairwiseJudgeTest::byRule);
    PairwiseJudge judge = PairwiseJudge.start(config(judgeServer.url()), dir, System::nanoTime);
    for (int k = 0; k < 30; k++) {
      assertThat(judge.submit(job(k))).isNull();
    }
    assertThat(judge.close(Duration.ofSeconds(30))).isTrue();

    JudgeSummary s = judge.summary();
    assertThat(s.shadowBetter()).isEqualTo(10);
    assertThat(s.primaryBetter()).isEqualTo(10);
    assertThat(s.tie()).isEqualTo(10);
    assertThat(s.errors()).isEmpty();
    assertThat(s.skipped()).isEmpty();
    assertThat(judge.calls()).isEqualTo(30);

    // the order the judge saw is the seed's, pair by pair
    List<LoopbackJudge.Seen> seen = judgeServer.seen();
    assertThat(seen).hasSize(30);
    long primaryFirst = 0;
    for (LoopbackJudge.Seen v : seen) {
      int k = number(v.a());
      boolean shownPrimaryFirst = v.a().startsWith("primary");
      assertThat(shownPrimaryFirst).as("pair %d", k).isEqualTo(ShownOrder.primaryFirst(7, id(k)));
      assertThat(v.b()).isEqualTo((shownPrimaryFirst ? "shadow answer " : "primary answer ") + k);
      assertThat(v.authorization()).isEqualTo("Bearer sk-test-secret");
      primaryFirst += shownPrimaryFirst ? 1 : 0;
    }
    assertThat(s.primaryFirst()).isEqualTo(primaryFirst);

    // summary.json: win rate (10 + 5) / 30 with the Wilson interval of 15 of 30 (see WinRateTest)
    ObjectNode root = MAPPER.createObjectNode();
    SummaryJson.putJudge(root, s);
    JsonNode j = root.path("llm").path("judge");
    assertThat(j.path("shadow_better").asLong()).isEqualTo(10);
    assertThat(j.path("tie").asLong()).isEqualTo(10);
    assertThat(j.path("primary_better").asLong()).isEqualTo(10);
    assertThat(j.path("win_rate").asDouble()).isEqualTo(0.5);
    assertThat(j.path("win_rate_ci95").path(0).asDouble())
        .isCloseTo(0.33154125640533766, within(1e-12));
    assertThat(j.path("win_rate_ci95").path(1).asDouble())
        .isCloseTo(0.6684587435946623, within(1e-12));

    // judgements.jsonl reads back to the same counts, with the reasons and the winners mapped back
    JudgementsFile.Contents back = JudgementsFile.read(dir, MAPPER);
    assertThat(back.lines()).isEqualTo(30);
    assertThat(back.badLines()).isZero();
    JudgeSummary again = back.tally().summary();
    assertThat(List.of(again.shadowBetter(), again.tie(), again.primaryBetter()))
        .containsExactly(10L, 10L, 10L);
    String file = Files.readString(dir.resolve(JudgementsFile.FILE), StandardCharsets.UTF_8);
    assertThat(file).doesNotContain("sk-test-secret");
    JsonNode first =
        MAPPER.readTree(
            file.lines().filter(l -> l.contains("\"r-000\"")).findFirst().orElseThrow());
    assertThat(first.path("winner").asText()).isEqualTo("shadow");
    assertThat(first.path("reason").asText()).isEqualTo("rule 0");
    assertThat(first.path("order").asText())
        .isEqualTo(ShownOrder.primaryFirst(7, "r-000") ? "primary_first" : "shadow_first");
    assertThat(first.path("error").isNull()).isTrue();
  }

  @Test
  void theOrderIsBalancedOverManyPairsAndFixedBySeedAndId() {
    // 10,000 ids: a fair coin gives 5,000 ± 50 (one standard deviation); 5 of them bound a failure
    // by chance to
    // below 1e-6, and the draw is deterministic anyway, so this is a check of the mixing, not a
    // flaky sample
    int first = 0;
    for (int i = 0; i < 10_000; i++) {
      first += ShownOrder.primaryFirst(0, "req-" + i) ? 1 : 0;
    }
    assertThat(first).isBetween(4_750, 5_250);
    assertThat(ShownOrder.primaryFirst(42, "abc")).isEqualTo(ShownOrder.primaryFirst(42, "abc"));
    int differs = 0;
    for (int i = 0; i < 1_000; i++) {
      differs += ShownOrder.primaryFirst(1, "x" + i) != ShownOrder.primaryFirst(2, "x" + i) ? 1 : 0;
    }
    assertThat(differs).as("another seed draws other orders").isBetween(400, 600);
  }

  @Test
  void aVerdictThatFlipsWithTheOrderIsATie() throws Exception {
    // a judge that always prefers the first answer it is shown: in both orders every pair flips
    LoopbackJudge judgeServer =
        serve((a, b) -> LoopbackJudge.Reply.says("{\"winner\":\"A\",\"reason\":\"first\"}"));
    JudgeConfig both = config(judgeServer.url()).withCalls(2, Duration.ofSeconds(10), 3, true);
    PairwiseJudge judge = PairwiseJudge.start(both, dir, System::nanoTime);
    for (int k = 0; k < 10; k++) {
      assertThat(judge.submit(job(k))).isNull();
    }
    judge.close(Duration.ofSeconds(30));
    JudgeSummary s = judge.summary();
    assertThat(s.tie()).isEqualTo(10);
    assertThat(s.shadowBetter() + s.primaryBetter()).isZero();
    assertThat(judge.calls()).isEqualTo(20);
    List<LoopbackJudge.Seen> seen = judgeServer.seen();
    for (int k = 0; k < 10; k++) {
      int n = k;
      assertThat(
              seen.stream().filter(v -> number(v.a()) == n).map(v -> v.a().startsWith("primary")))
          .as("pair %d is shown both ways", k)
          .containsExactlyInAnyOrder(true, false);
    }
    JsonNode line = MAPPER.readTree(Files.readAllLines(dir.resolve(JudgementsFile.FILE)).get(0));
    assertThat(line.path("order").asText()).isEqualTo("both");
    assertThat(line.path("reason").asText()).startsWith("the verdict changed with the order");
  }

  @Test
  void aConsistentJudgeKeepsItsVerdictInBothOrders() throws Exception {
    LoopbackJudge judgeServer = serve(PairwiseJudgeTest::byRule);
    JudgeConfig both = config(judgeServer.url()).withCalls(4, Duration.ofSeconds(10), 3, true);
    PairwiseJudge judge = PairwiseJudge.start(both, null, System::nanoTime);
    for (int k = 0; k < 12; k++) {
      judge.submit(job(k));
    }
    judge.close(Duration.ofSeconds(30));
    JudgeSummary s = judge.summary();
    assertThat(List.of(s.shadowBetter(), s.tie(), s.primaryBetter())).containsExactly(4L, 4L, 4L);
    assertThat(judge.calls()).isEqualTo(24);
  }

  @Test
  void outagesTimeoutsAndGarbageAreCountedAndNeverBecomeVerdicts() throws Exception {
    // pair k: 500 when k % 4 == 0, prose without a verdict when 1, no answer at all when 2, a
    // verdict when 3
    LoopbackJudge judgeServer =
        serve(
            (a, b) ->
                switch (number(a) % 4) {
                  case 0 -> LoopbackJudge.Reply.status(500);
                  case 1 -> LoopbackJudge.Reply.says("Both answers have merit; I cannot decide.");
                  case 2 -> LoopbackJudge.Reply.hang();
                  default -> LoopbackJudge.Reply.says("{\"winner\": \"tie\"}");
                });
    JudgeConfig c = config(judgeServer.url()).withCalls(8, Duration.ofMillis(300), 1, false);
    PairwiseJudge judge = PairwiseJudge.start(c, dir, System::nanoTime);
    for (int k = 0; k < 16; k++) {
      judge.submit(job(k));
    }
    assertThat(judge.close(Duration.ofSeconds(30))).isTrue();
    JudgeSummary s = judge.summary();
    assertThat(s.errors())
        .containsExactlyInAnyOrderEntriesOf(Map.of("http_error", 4L, "garbage", 4L, "timeout", 4L));
    assertThat(s.tie()).isEqualTo(4);
    assertThat(s.decided()).isEqualTo(4);
    JudgementsFile.Contents back = JudgementsFile.read(dir, MAPPER);
    assertThat(back.tally().summary().errors()).isEqualTo(s.errors());
  }

  @Test
  void aJudgeThatIsNotThereIsATransportErrorPerPair() throws Exception {
    LoopbackJudge judgeServer = serve(PairwiseJudgeTest::byRule);
    URI gone = judgeServer.url();
    judgeServer.close();
    server = null;
    PairwiseJudge judge =
        PairwiseJudge.start(
            config(gone).withCalls(2, Duration.ofSeconds(5), 0, false), null, System::nanoTime);
    for (int k = 0; k < 5; k++) {
      judge.submit(job(k));
    }
    judge.close(Duration.ofSeconds(30));
    assertThat(judge.summary().errors()).containsExactlyEntriesOf(Map.of("transport", 5L));
    assertThat(judge.summary().decided()).isZero();
  }

  @Test
  void aCallTheClientCannotMakeIsATransportErrorAndDoesNotHoldTheClose() throws Exception {
    serve(PairwiseJudgeTest::byRule);
    // a key with a line break inside (the config refuses it; a caller of the library may not):
    // the client refuses the header as the call is made, on the judge's loop
    PairwiseJudge judge =
        PairwiseJudge.start(
            JudgeConfig.of(server.url(), "judge-model", "sk-test\nsecret")
                .withCalls(2, Duration.ofSeconds(5), 0, false),
            null,
            System::nanoTime);
    for (int k = 0; k < 5; k++) {
      judge.submit(job(k));
    }
    // before, each such call stayed in flight: close waited its 30 s and counted them unfinished
    assertThat(judge.close(Duration.ofSeconds(30))).as("every pair finished").isTrue();
    assertThat(judge.summary().errors()).containsExactlyEntriesOf(Map.of("transport", 5L));
    assertThat(judge.summary().skipped()).doesNotContainKey(PairwiseJudge.SKIP_UNFINISHED);
  }

  @Test
  void theBudgetOfCallsSkipsAndCountsTheRest() throws Exception {
    LoopbackJudge judgeServer = serve(PairwiseJudgeTest::byRule);
    PairwiseJudge judge =
        PairwiseJudge.start(config(judgeServer.url()).withMaxCalls(3), null, System::nanoTime);
    for (int k = 0; k < 10; k++) {
      judge.submit(job(k));
    }
    judge.close(Duration.ofSeconds(30));
    assertThat(judge.summary().decided()).isEqualTo(3);
    assertThat(judge.summary().skipped()).containsExactlyEntriesOf(Map.of("max_calls", 7L));
    assertThat(judgeServer.seen()).hasSize(3);
  }

  @Test
  void aFullQueueSkipsWithoutWaitingAndTheDeadlineCountsWhatIsLeft() throws Exception {
    LoopbackJudge judgeServer = serve((a, b) -> LoopbackJudge.Reply.hang());
    JudgeConfig c =
        config(judgeServer.url())
            .withCalls(1, Duration.ofSeconds(20), 0, false)
            .withBounds(2, JudgeConfig.DEFAULT_QUEUE_MAX_BYTES, 1000);
    PairwiseJudge judge = PairwiseJudge.start(c, null, System::nanoTime);
    int accepted = 0;
    for (int k = 0; k < 10; k++) {
      accepted += judge.submit(job(k)) == null ? 1 : 0;
    }
    // two wait in the queue, at most one more went to the (hanging) judge meanwhile
    assertThat(accepted).isBetween(2, 3);
    assertThat(judge.summary().skipped()).containsEntry("queue_full", 10L - accepted);
    assertThat(judge.close(Duration.ofMillis(200))).isFalse();
    assertThat(judge.summary().skipped()).containsEntry("unfinished", (long) accepted);
    assertThat(judge.summary().decided()).isZero();
  }

  @Test
  void theQueuesByteBoundSkipsLargePairs() throws Exception {
    LoopbackJudge judgeServer = serve(PairwiseJudgeTest::byRule);
    JudgeConfig c = config(judgeServer.url()).withBounds(100, 100, 1000);
    PairwiseJudge judge = PairwiseJudge.start(c, null, System::nanoTime);
    for (int k = 0; k < 4; k++) {
      assertThat(judge.submit(job(k))).isEqualTo(PairwiseJudge.SKIP_QUEUE_BYTES);
    }
    judge.close(Duration.ofSeconds(5));
    assertThat(judge.summary().skipped()).containsExactlyEntriesOf(Map.of("queue_bytes", 4L));
    assertThat(judgeServer.seen()).isEmpty();
  }

  @Test
  void theKeyIsNeverInTheConfigsText() {
    JudgeConfig c =
        JudgeConfig.of(URI.create("https://user:pw@judge.example"), "m", "sk-very-secret");
    assertThat(c.toString()).doesNotContain("sk-very-secret").doesNotContain("pw@").contains("***");
  }
}
