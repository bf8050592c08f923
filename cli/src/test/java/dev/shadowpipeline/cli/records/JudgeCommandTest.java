package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.cli.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow judge} on a records file with a judge model on loopback (a JDK HTTP server answering by rule), then
 * {@code shadow report} and {@code shadow gate --min-judge-win-rate} on what it wrote.
 */
class JudgeCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of("JUDGE_API_KEY", "sk-judge-secret");

  @TempDir Path dir;

  private HttpServer judge;
  private final List<String> shownFirst = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  // a judge model that repeats what it was sent: the Authorization header, in its reason
  private volatile boolean echoAuthorization;

  // pair k: shadow better when k % 3 == 0, primary better when 1, tie when 2
  @BeforeEach
  void startJudge() throws IOException {
    judge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    judge.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode request = MAPPER.readTree(exchange.getRequestBody());
          String prompt = request.path("messages").path(0).path("content").asText();
          int a = prompt.indexOf("[Answer A]\n<<<\n") + "[Answer A]\n<<<\n".length();
          String answerA = prompt.substring(a, prompt.indexOf("\n>>>", a));
          int k = Integer.parseInt(answerA.substring(answerA.lastIndexOf(' ') + 1));
          boolean primaryIsA = answerA.startsWith("primary");
          synchronized (shownFirst) {
            shownFirst.add(answerA);
            authorizations.add(exchange.getRequestHeaders().getFirst("authorization"));
          }
          String letter =
              switch (k % 3) {
                case 0 -> primaryIsA ? "B" : "A";
                case 1 -> primaryIsA ? "A" : "B";
                default -> "tie";
              };
          ObjectNode answer = MAPPER.createObjectNode();
          answer
              .putArray("choices")
              .addObject()
              .putObject("message")
              .put(
                  "content",
                  MAPPER
                      .createObjectNode()
                      .put("winner", letter)
                      .put(
                          "reason",
                          "rule "
                              + k
                              + (echoAuthorization
                                  ? ", you sent "
                                      + exchange.getRequestHeaders().getFirst("authorization")
                                  : ""))
                      .toString());
          byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    judge.start();
  }

  @AfterEach
  void stopJudge() {
    judge.stop(0);
  }

  private Path records(int diverged, int agreeing) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < diverged + agreeing; k++) {
      boolean differs = k < diverged;
      ObjectNode r = MAPPER.createObjectNode();
      r.put("id", String.format("r-%03d", k));
      r.put("time", "2026-01-01T00:00:" + String.format("%02d", k % 60) + "Z");
      r.put("method", "POST");
      r.put("path", "/v1/chat/completions");
      r.putObject("request")
          .putObject("body")
          .putArray("messages")
          .addObject()
          .put("role", "user")
          .put("content", "question " + k);
      side(r.putObject("primary"), "primary answer " + k);
      side(r.putObject("shadow"), differs ? "shadow answer " + k : "primary answer " + k);
      r.put("latency_delta_ms", 1.0);
      ObjectNode verdict = r.putObject("verdict");
      verdict.put("comparator", "text");
      verdict.put("match", !differs);
      if (differs) {
        verdict.put("severity", "warning");
        verdict.put("difference_count", 1);
        ObjectNode d = verdict.putArray("differences").addObject();
        d.put("kind", "text_similarity");
        d.put("path", "/choices/0/message/content");
        d.put("severity", "warning");
        d.put("reason", "rouge_l 0.2 < 0.5");
      } else {
        verdict.put("difference_count", 0);
        verdict.putArray("differences");
      }
      lines.add(r.toString());
    }
    Files.write(dir.resolve("records.jsonl"), lines, StandardCharsets.UTF_8);
    return dir;
  }

  private static void side(ObjectNode side, String content) {
    side.put("status", 200);
    side.put("latency_ms", 5.0);
    side.putObject("body")
        .putArray("choices")
        .addObject()
        .putObject("message")
        .put("content", content);
  }

  private Path config(String extra) throws IOException {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(
        file,
        "compare:\n"
            + "  judge:\n"
            + "    url: http://127.0.0.1:"
            + judge.getAddress().getPort()
            + "\n"
            + "    model: judge-model\n"
            + "    key: ${JUDGE_API_KEY}\n"
            + "    seed: 5\n"
            + extra);
    return file;
  }

  @Test
  void judgesTheDivergedPairsAndResumesWithoutJudgingTwice() throws IOException {
    Path folder = records(12, 3);
    Path config = config("");
    CliRun first =
        CliRun.run(
            ENV,
            "judge",
            "--records",
            folder.toString(),
            "--config",
            config.toString(),
            "--max-calls",
            "5");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("12 diverged pairs to judge, 0 already judged; 5 judge calls");
    assertThat(first.out() + first.err()).doesNotContain("sk-judge-secret");
    assertThat(first.out()).contains("not judged: max calls 7");

    CliRun second =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("7 diverged pairs to judge, 5 already judged; 7 judge calls");
    assertThat(second.out()).contains("All told:  shadow better 4, tie 4, primary better 4");
    // every diverged pair was shown to the judge exactly once over the two runs; the agreeing ones
    // never
    synchronized (shownFirst) {
      assertThat(shownFirst).hasSize(12);
      assertThat(shownFirst.stream().map(s -> s.substring(s.lastIndexOf(' ') + 1)).distinct())
          .hasSize(12);
    }
    assertThat(Files.readString(dir.resolve("judgements.jsonl"))).doesNotContain("sk-judge-secret");

    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode summary = MAPPER.readTree(dir.resolve("summary.json").toFile());
    JsonNode j = summary.path("llm").path("judge");
    assertThat(j.path("shadow_better").asLong()).isEqualTo(4);
    assertThat(j.path("tie").asLong()).isEqualTo(4);
    assertThat(j.path("primary_better").asLong()).isEqualTo(4);
    assertThat(j.path("win_rate").asDouble()).isEqualTo(0.5);
    // the second run's skipped counts: none left
    assertThat(j.path("skipped").size()).isZero();
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("id=\"judge\"").contains("rule 0").contains("question 0");
  }

  @Test
  void allToldCountsOnlyTheVerdictsOnThisRecordsFile() throws IOException {
    Path folder = records(6, 0);
    Path config = config("");
    CliRun first =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("All told:  shadow better 2, tie 2, primary better 2");
    // records.jsonl replaced by a later run's: other ids, and one line cut short
    Path file = folder.resolve("records.jsonl");
    List<String> later = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      later.add(line.replace("\"r-", "\"s-"));
    }
    later.add("{\"id\": \"s-cut");
    Files.write(file, later, StandardCharsets.UTF_8);

    CliRun second =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("6 diverged pairs to judge, 0 already judged; 6 judge calls");
    // the earlier file's 6 verdicts say nothing about these records: left out, and said so
    assertThat(second.out())
        .contains("All told:  shadow better 2, tie 2, primary better 2")
        .contains("; 6 matching no record left out");
    assertThat(second.errLines()).containsExactly("warning: skipped 1 unreadable line of " + file);

    // the report reads judgements.jsonl with the same words for one bad line
    Files.writeString(folder.resolve("judgements.jsonl"), "{not json\n", StandardOpenOption.APPEND);
    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.err())
        .contains("warning: skipped 1 unreadable line of " + folder.resolve("judgements.jsonl"));
  }

  @Test
  void theGatePassesFailsOrIsUndecidedOnTheJudgesWinRate() throws IOException {
    Path folder = records(12, 0);
    Path config = config("");
    assertThat(
            CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString())
                .exitCode())
        .isZero();
    String[] lenient = {"--min-agreement", "0", "--max-shadow-error-rate", "1"};
    // 4 wins, 4 ties, 4 losses: win rate 0.5, Wilson 95% [0.2538, 0.7462] for a score of 6 of 12
    CliRun pass = gate(folder, lenient, "--min-judge-win-rate", "0.25");
    assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out()).contains("judge win rate").contains("0.2538");
    CliRun fail = gate(folder, lenient, "--min-judge-win-rate", "0.45");
    assertThat(fail.exitCode()).isEqualTo(1);
    JsonNode gateJson = MAPPER.readTree(dir.resolve("gate.json").toFile());
    assertThat(gateJson.path("criteria").path("min_judge_win_rate").asDouble()).isEqualTo(0.45);
    assertThat(gateJson.path("judge_decided").asBoolean()).isTrue();

    // the gate: section of the config file gives the same option
    Path gateConfig = dir.resolve("gate.yaml");
    Files.writeString(
        gateConfig,
        "gate:\n  min-agreement: 0\n  max-shadow-error-rate: 1\n  min-judge-win-rate: 0.45\n");
    CliRun fromFile =
        CliRun.run("gate", "--records", folder.toString(), "--config", gateConfig.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isEqualTo(1);

    Path none = dir.resolve("no-judge");
    Files.createDirectories(none);
    Files.copy(folder.resolve("records.jsonl"), none.resolve("records.jsonl"));
    CliRun undecided = gate(none, lenient, "--min-judge-win-rate", "0.45");
    assertThat(undecided.exitCode()).isEqualTo(2);
    assertThat(undecided.err()).contains("undecided: no judge verdicts");
  }

  @Test
  void aConfigWithoutAJudgeIsBadUsage() throws IOException {
    Path folder = records(2, 0);
    Path file = dir.resolve("empty.yaml");
    Files.writeString(file, "compare:\n  tolerance: 0.1\n");
    CliRun run = CliRun.run("judge", "--records", folder.toString(), "--config", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("no 'compare: judge:' section");
    Path bad = config("    both-orders: maybe\n");
    CliRun badRun =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", bad.toString());
    assertThat(badRun.exitCode()).isEqualTo(2);
    assertThat(badRun.err()).contains("compare.judge.both-orders");
  }

  @Test
  void helpShowsHowTheKeyIsGivenWithoutExpandingIt() {
    // picocli expands ${VAR} in help texts: the help printed "through null"
    CliRun help = CliRun.run("judge", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("through ${VAR}").doesNotContain("through null");
  }

  @Test
  void aJudgementsFileCutMidLineKeepsEveryNewVerdict() throws IOException {
    Path folder = records(6, 0);
    Path judgements = folder.resolve("judgements.jsonl");
    // an earlier run cut short in the middle of a line: no newline at the end
    String half = "{\"id\": \"r-000\", \"order\": \"prim";
    Files.writeString(judgements, half);
    Path config = config("");
    CliRun run =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("6 diverged pairs to judge, 0 already judged; 6 judge calls")
        .contains("This run:  shadow better 2, tie 2, primary better 2")
        .contains("All told:  shadow better 2, tie 2, primary better 2");
    List<String> lines = Files.readAllLines(judgements);
    assertThat(lines).hasSize(1 + 6 + 1).first().isEqualTo(half);

    CliRun gate =
        gate(
            folder,
            new String[] {"--min-agreement", "0", "--max-shadow-error-rate", "1"},
            "--min-judge-win-rate",
            "0.1");
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isZero();
    assertThat(gate.err()).contains("warning: skipped 1 unreadable line of " + judgements);
    assertThat(MAPPER.readTree(dir.resolve("gate.json").toFile()).toString())
        .doesNotContain("judge_unmatched\":1");
  }

  @Test
  void aJudgeUrlThatIsNotHttpIsBadConfigNamingTheKey() throws IOException {
    Path folder = records(2, 0);
    Path file = dir.resolve("not-http.yaml");
    for (String url : List.of("ftp://127.0.0.1:1", "gopher://example.com", "file:///tmp/judge")) {
      Files.writeString(file, "compare:\n  judge:\n    url: \"" + url + "\"\n    model: m\n");
      CliRun run = CliRun.run("judge", "--records", folder.toString(), "--config", file.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .containsExactly(
              "error: "
                  + file.getFileName()
                  + ": compare.judge.url: must be an http:// or https:// URL: "
                  + url);
    }
    assertThat(folder.resolve("judgements.jsonl")).doesNotExist();
  }

  @Test
  void aKeyEndingWithALineBreakIsSentWithoutItAndABreakInsideIsRefusedUnshown() throws IOException {
    Path folder = records(3, 0);
    Path config = config("");
    // as a key mounted from a file ends: before, no call could be made (every pair failed)
    CliRun run = judgeWithKey("sk-judge-secret\n", folder, config);
    assertThat(run.exitCode()).as(run.err()).isZero();
    synchronized (shownFirst) {
      assertThat(authorizations).isNotEmpty().allMatch("Bearer sk-judge-secret"::equals);
    }
    Files.delete(folder.resolve("judgements.jsonl"));
    CliRun broken = judgeWithKey("sk-judge\nsecret", folder, config);
    assertThat(broken.exitCode()).as(broken.err()).isEqualTo(2);
    assertThat(broken.errLines())
        .containsExactly(
            "error: shadow.yaml: compare.judge.key: the API key holds a control character (0x0A,"
                + " at character 9 of 15) that no HTTP header can carry; the value is not shown."
                + " Was it pasted with a line break inside?");
    assertThat(folder.resolve("judgements.jsonl")).doesNotExist();
  }

  private static CliRun judgeWithKey(String key, Path folder, Path config) {
    return CliRun.run(
        Map.of("JUDGE_API_KEY", key),
        "judge",
        "--records",
        folder.toString(),
        "--config",
        config.toString());
  }

  @Test
  void theKeyEchoedByTheJudgeIsMaskedInTheJudgementsAndTheReport() throws IOException {
    echoAuthorization = true;
    Path folder = records(3, 0);
    Path config = config("");
    CliRun run =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String judgements = Files.readString(folder.resolve("judgements.jsonl"));
    assertThat(judgements).contains("you sent Bearer ****").doesNotContain("sk-judge-secret");
    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain("sk-judge-secret");
  }

  @Test
  void aRecordWhoseIdRepeatsIsJudgedOnceAndNamedInAWarning() throws IOException {
    Path folder = records(4, 1);
    Path file = folder.resolve("records.jsonl");
    List<String> lines = Files.readAllLines(file);
    Files.write(file, List.of(lines.get(0), lines.get(0), lines.get(1)), StandardOpenOption.APPEND);
    CliRun run =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config("").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Read 5 records: 4 diverged pairs to judge, 0 already judged");
    assertThat(run.errLines())
        .containsExactly(
            "warning: "
                + file
                + ": 3 records repeat the id of an earlier record and were skipped, so each pair counts"
                + " once (first: r-000)");
  }

  @Test
  void recordsWithoutARecordAreBadInputAndLeaveNoJudgementsFile() throws IOException {
    Path config = config("");
    Path records = dir.resolve("records.jsonl");
    Path judgements = dir.resolve("judgements.jsonl");

    Files.writeString(records, "");
    CliRun empty =
        CliRun.run(ENV, "judge", "--records", dir.toString(), "--config", config.toString());
    assertThat(empty.exitCode()).as(empty.err()).isEqualTo(2);
    assertThat(empty.errLines())
        .containsExactly("error: --records: no records in " + records + ": nothing to judge");
    assertThat(empty.out()).as("no 'Judging ...' line when nothing was judged").isEmpty();
    assertThat(judgements).doesNotExist();

    Files.writeString(records, "not json\n{\"id\": 1}\n");
    CliRun unreadable =
        CliRun.run(ENV, "judge", "--records", dir.toString(), "--config", config.toString());
    assertThat(unreadable.exitCode()).as(unreadable.err()).isEqualTo(2);
    assertThat(unreadable.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --records: no record could be read from "
                + records
                + ": all 2 of its lines are unreadable (line 1: ");
    // the gate says the same of the same file
    CliRun gate = CliRun.run("gate", "--records", dir.toString());
    assertThat(gate.exitCode()).isEqualTo(2);
    assertThat(unreadable.err()).isEqualTo(gate.err());
    assertThat(unreadable.out()).isEmpty();
    assertThat(judgements).doesNotExist();
  }

  @Test
  void aBadJudgementsFileIsNamedNotTheRecords() throws IOException {
    Path folder = records(3, 0);
    Path config = config("");
    Path judgements = folder.resolve("judgements.jsonl");
    // a Latin-1 é on line 2
    Files.write(
        judgements,
        "{\"skipped\": {}}\n{\"id\": \"r-000\", \"reason\": \"caf\u00e9\"}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    String expected =
        "error: cannot read "
            + judgements
            + ": line 2: not UTF-8 (byte 0xE9 at column 31); save the file as UTF-8";
    CliRun run =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(expected);
    assertThat(run.out()).isEmpty();
    CliRun gate =
        gate(
            folder,
            new String[] {"--min-agreement", "0", "--max-shadow-error-rate", "1"},
            "--min-judge-win-rate",
            "0.1");
    assertThat(gate.exitCode()).isEqualTo(2);
    assertThat(gate.errLines()).containsExactly(expected);

    Files.delete(judgements);
    Files.createDirectory(judgements);
    CliRun directory =
        CliRun.run(ENV, "judge", "--records", folder.toString(), "--config", config.toString());
    assertThat(directory.exitCode()).as(directory.err()).isEqualTo(2);
    assertThat(directory.errLines())
        .containsExactly("error: cannot read " + judgements + ": a directory, not a file");
  }

  private static CliRun gate(Path folder, String[] lenient, String... more) {
    List<String> args = new ArrayList<>(List.of("gate", "--records", folder.toString()));
    args.addAll(List.of(lenient));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }
}
