package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.LoanModels;
import dev.shadowpipeline.demo.Applicant;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.DemoModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** replay → gate → regress → report on the loan demo models, served for real on loopback. */
class ShadowTestCommandsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;

  private Path csv(int rows) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("age,income,debt_ratio,credit_score,loan_amount,employment_years,ssn");
    ApplicantGenerator gen = new ApplicantGenerator(7);
    for (int i = 0; i < rows; i++) {
      Applicant a = gen.next();
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%.2f,%.4f,%d,%.2f,%d,SSN-%06d",
              a.age(),
              a.income(),
              a.debtRatio(),
              a.creditScore(),
              a.loanAmount(),
              a.employmentYears(),
              i));
      if (i == 10) {
        lines.add("31,oops"); // line 13: wrong field count
      }
    }
    Path file = dir.resolve("inputs.csv");
    Files.write(file, lines);
    return file;
  }

  @Test
  void replayCapturesDivergencesThenGateAndRegressJudgeThem() throws Exception {
    Path out = dir.resolve("out");
    CliRun replay =
        replayLoanModels(
            csv(300),
            out,
            "--score",
            "/score",
            "--score-tolerance",
            "0.05",
            "--ignore",
            "/model",
            "--redact",
            "/ssn",
            "--concurrency",
            "8");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out())
        .contains("Replayed 300 of 301 rows", "inputs.csv line 13: expected 7 fields");

    List<String> records = Files.readAllLines(out.resolve("records.jsonl"));
    assertThat(records).hasSize(300);
    for (Path written :
        List.of(
            out.resolve("records.jsonl"),
            out.resolve("regression_suite.json"),
            out.resolve("report.html"),
            out.resolve("summary.json"))) {
      assertThat(Files.readString(written)).as("%s", written).doesNotContain("SSN-000");
    }
    JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("requests").asLong()).isEqualTo(300);
    long critical = summary.at("/divergences_by_severity/critical").asLong();
    assertThat(critical).as("v2 approves some applicants v1 rejects").isPositive();
    JsonNode suite = MAPPER.readTree(out.resolve("regression_suite.json").toFile());
    assertThat(suite.get("entries_count").asInt()).isPositive();
    assertThat(suite.at("/entries/0/severity").asText()).isEqualTo("critical");

    CliRun gate = CliRun.run("gate", "--records", out.toString());
    assertThat(gate.exitCode()).isEqualTo(1);
    assertThat(gate.out()).contains("critical divergences", "Gate: FAIL");
    assertThat(MAPPER.readTree(out.resolve("gate.json").toFile()).get("passed").asBoolean())
        .isFalse();

    CliRun lenient =
        CliRun.run(
            "gate",
            "--records",
            out.toString(),
            "--min-agreement",
            "0.5",
            "--max-critical",
            "100000",
            "--max-latency-delta-p99",
            "10s");
    assertThat(lenient.exitCode()).as(lenient.out()).isZero();

    // the candidate that caused the divergences still causes them
    CliRun still =
        CliRun.run(
            "regress",
            "--suite",
            out.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v2Url(),
            "--out",
            dir.resolve("regress-v2").toString(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--ignore",
            "/model,/score");
    assertThat(still.exitCode()).as(still.out() + still.err()).isEqualTo(1);
    assertThat(still.out()).contains("still_diverging", "Regress: FAIL");

    // a candidate identical to the primary fixes every one of them
    CliRun fixed =
        CliRun.run(
            "regress",
            "--suite",
            out.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v1Url(),
            "--out",
            dir.resolve("regress-v1").toString(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--ignore",
            "/model,/score");
    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    JsonNode regress = MAPPER.readTree(dir.resolve("regress-v1/regress.json").toFile());
    assertThat(regress.get("outcomes"))
        .allSatisfy(o -> assertThat(o.get("status").asText()).isEqualTo("fixed"));

    // without the label rule the recorded critical flips would come back as changed values,
    // warnings: the candidate that still flips them would pass, so regress refuses before sending
    // anything
    int entries = suite.get("entries_count").asInt();
    long criticalEntries = 0;
    for (JsonNode e : suite.get("entries")) {
      criticalEntries += e.get("severity").asText().equals("critical") ? 1 : 0;
    }
    Path noRulesOut = dir.resolve("regress-no-rules");
    CliRun noRules =
        CliRun.run(
            "regress",
            "--suite",
            out.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v2Url(),
            "--out",
            noRulesOut.toString());
    assertThat(noRules.exitCode()).as(noRules.out() + noRules.err()).isEqualTo(2);
    assertThat(noRules.errLines()).hasSize(1);
    assertThat(noRules.errLines()[0])
        .startsWith("error: --suite: " + out.resolve("regression_suite.json") + " recorded ")
        .contains("label_flip /decision (", criticalEntries + " of them critical)")
        .contains("give regress the --config")
        .contains("--allow-other-rules");
    assertThat(noRulesOut.resolve("regress.json")).doesNotExist();
    // on purpose: replayed, and what these rules miss is said
    CliRun anyway =
        CliRun.run(
            "regress",
            "--suite",
            out.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v2Url(),
            "--out",
            noRulesOut.toString(),
            "--allow-other-rules");
    assertThat(anyway.exitCode()).as(anyway.out() + anyway.err()).isZero();
    assertThat(anyway.err())
        .contains("warning: these comparison rules do not find what the suite recorded (")
        .contains("label_flip /decision (");
    List<String> missed = new ArrayList<>();
    MAPPER
        .readTree(noRulesOut.resolve("regress.json").toFile())
        .get("recorded_differences_these_rules_miss")
        .forEach(m -> missed.add(m.asText()));
    assertThat(missed).anyMatch(m -> m.startsWith("label_flip /decision ("));

    // a --model URL with the path the suite appends again: every input a 404, and the line says so
    CliRun wrongPath =
        CliRun.run(
            "regress",
            "--suite",
            out.resolve("regression_suite.json").toString(),
            "--model",
            MODELS.v2Url() + "/predict",
            "--out",
            dir.resolve("regress-404").toString(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--ignore",
            "/model,/score");
    assertThat(wrongPath.exitCode()).as(wrongPath.out() + wrongPath.err()).isEqualTo(1);
    assertThat(wrongPath.out())
        .contains(
            "  no answer: status 404 where the primary answered 200 ("
                + entries
                + " inputs; e.g. POST "
                + MODELS.v2Url()
                + "/predict/predict)");

    // rebuilding from the records gives the same numbers
    String before = Files.readString(out.resolve("summary.json"));
    CliRun report = CliRun.run("report", "--records", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode rebuilt = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(rebuilt.get("requests")).isEqualTo(MAPPER.readTree(before).get("requests"));
    assertThat(rebuilt.at("/divergences_by_severity"))
        .isEqualTo(MAPPER.readTree(before).at("/divergences_by_severity"));
  }

  @Test
  void replayKeepsItsComparisonWindowsInTheHistoryDatabase() throws Exception {
    Path db = dir.resolve("history/shadow.db");
    CliRun replay =
        replayLoanModels(
            csv(50), dir.resolve("o"), "--db", db.toString(), "--instance-id", "ci-replay");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    try (dev.shadowpipeline.store.Store store =
        dev.shadowpipeline.store.Store.open(
            db.toString(), dev.shadowpipeline.store.StoreOptions.defaults())) {
      var windows =
          store.windows(
              java.time.Instant.now().minusSeconds(3600), java.time.Instant.now().plusSeconds(60));
      assertThat(windows).isNotEmpty().allMatch(w -> w.instanceId().equals("ci-replay"));
      assertThat(windows.stream().mapToLong(w -> w.requests()).sum()).isEqualTo(50);
    }
    CliRun unreachable =
        CliRun.run(
            "replay",
            "--input",
            csv(1).toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--out",
            dir.resolve("o2").toString(),
            "--db",
            "jdbc:postgresql://127.0.0.1:9/none");
    assertThat(unreachable.exitCode()).isEqualTo(2);
    assertThat(unreachable.err()).startsWith("error: --db: ");
  }

  @Test
  void replayOptionsMayComeFromTheConfigFile() throws Exception {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(
        config,
        """
        replay:
          label: /decision
          critical-flip: [reject:approve]
          concurrency: 4
          sampel: 1
        """);
    CliRun typo =
        CliRun.run(
            "replay",
            "--config",
            config.toString(),
            "--input",
            csv(5).toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--out",
            dir.resolve("o").toString());
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("shadow.yaml: replay.sampel: unknown key");

    Files.writeString(
        config,
        """
        replay:
          label: /decision
          critical-flip: [reject:approve]
          concurrency: 4
        """);
    CliRun run =
        CliRun.run(
            "replay",
            "--config",
            config.toString(),
            "--input",
            csv(100).toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--out",
            dir.resolve("o").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = MAPPER.readTree(dir.resolve("o/summary.json").toFile());
    assertThat(summary.at("/confusion_matrices/0/path").asText()).isEqualTo("/decision");
  }

  // v1 against v2, a flip to approve critical: the loan situation's divergences
  private static CliRun replayLoanModels(Path input, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--input",
                input.toString(),
                "--primary",
                MODELS.v1Url(),
                "--shadow",
                MODELS.v2Url(),
                "--out",
                out.toString(),
                "--label",
                "/decision",
                "--critical-flip",
                "reject:approve"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void aSecondReplayIntoTheSameFolderSaysItContinuesTheSuite() throws Exception {
    Path out = dir.resolve("out");
    Path input = csv(120);
    CliRun[] runs = new CliRun[2];
    for (int k = 0; k < 2; k++) {
      runs[k] = replayLoanModels(input, out);
      assertThat(runs[k].exitCode()).as(runs[k].err()).isZero();
    }
    assertThat(runs[0].out()).doesNotContain("Continuing the regression suite");
    // the first run's suite is read back and grown: only an INFO log line said so, which a one-off
    // command hides without --verbose
    assertThat(runs[1].out())
        .containsPattern(
            "Continuing the regression suite in "
                + java.util.regex.Pattern.quote(out.resolve("regression_suite.json").toString())
                + " \\([1-9][0-9]* entries from earlier runs\\)");
  }

  @Test
  void aReplayThatAddsNothingLeavesAnEarlierLargerSuiteWholeAndSaysSo() throws Exception {
    Path out = dir.resolve("out");
    Path input = csv(120);
    CliRun first = replayLoanModels(input, out);
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path suite = out.resolve("regression_suite.json");
    byte[] before = Files.readAllBytes(suite);
    int entries = MAPPER.readTree(before).get("entries").size();
    assertThat(entries).isGreaterThan(2);

    // the same model on both sides: nothing diverges, under a bound smaller than the suite
    CliRun second =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v1Url(),
            "--out",
            out.toString(),
            "--suite-max",
            "2");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err())
        .contains(
            "warning: "
                + suite
                + " holds "
                + (entries - 2)
                + " more entries than --suite-max/--suite-max-bytes keep");
    assertThat(second.out()).contains("regression_suite.json (" + entries + " entries)");
    assertThat(Files.readAllBytes(suite)).as("left as it was").isEqualTo(before);
  }

  @Test
  void parquetInputsReplayAsTheSameRowsAsTheirJsonl() throws Exception {
    // the same 200 applicants as JSONL and as Parquet (written by DuckDB, as a lake would hold
    // them)
    ApplicantGenerator gen = new ApplicantGenerator(11);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(DemoModelServer.requestBody("A-" + i, gen.next()));
    }
    Path jsonl = dir.resolve("inputs.jsonl");
    Files.write(jsonl, lines);
    Path parquet = dir.resolve("lake").resolve("inputs.parquet");
    Files.createDirectories(parquet.getParent());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "COPY (SELECT * FROM read_json_auto('"
              + jsonl
              + "')) TO '"
              + parquet
              + "' (FORMAT PARQUET)");
    }
    JsonNode[] summaries = new JsonNode[2];
    List<java.util.Set<JsonNode>> bodies = new ArrayList<>();
    Path[] inputs = {jsonl, parquet.getParent()}; // a folder of Parquet files, as a lake path
    for (int k = 0; k < 2; k++) {
      Path out = dir.resolve("out-" + k);
      CliRun replay = replayLoanModels(inputs[k], out);
      assertThat(replay.exitCode()).as(replay.err()).isZero();
      summaries[k] = MAPPER.readTree(out.resolve("summary.json").toFile());
      // JSON objects compare by their members, whatever the order of the keys
      java.util.Set<JsonNode> sent = new java.util.HashSet<>();
      for (String record : Files.readAllLines(out.resolve("records.jsonl"))) {
        sent.add(MAPPER.readTree(record).at("/request/body"));
      }
      bodies.add(sent);
      if (k == 1) {
        assertThat(replay.out()).contains("Read 200 rows from " + inputs[1]);
      }
    }
    assertThat(summaries[1].get("requests").asLong()).isEqualTo(200);
    assertThat(summaries[1].at("/divergences_by_severity/critical").asLong())
        .isPositive()
        .isEqualTo(summaries[0].at("/divergences_by_severity/critical").asLong());
    assertThat(bodies.get(1)).hasSize(200).isEqualTo(bodies.get(0));
  }

  @Test
  void malformedJsonLinesAreSkippedWithTheirLineNumbers() throws Exception {
    Path input = dir.resolve("inputs.jsonl");
    ApplicantGenerator gen = new ApplicantGenerator(1);
    Files.write(
        input,
        List.of(
            DemoModelServer.requestBody(gen.next()),
            "{\"age\": 3",
            "",
            DemoModelServer.requestBody(gen.next())));
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v1Url(),
            "--out",
            dir.resolve("o").toString());
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("Replayed 2 of 3 rows", "inputs.jsonl line 2: not JSON");
  }

  @Test
  void unreachableShadowIsRecordedNotFatal() throws Exception {
    Path input = dir.resolve("in.json");
    Files.writeString(
        input, "[" + DemoModelServer.requestBody(new ApplicantGenerator(3).next()) + "]");
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            "http://127.0.0.1:9",
            "--out",
            dir.resolve("o").toString());
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    String record = Files.readAllLines(dir.resolve("o/records.jsonl")).get(0);
    assertThat(MAPPER.readTree(record).at("/shadow/error/kind").asText())
        .isEqualTo("connection_refused");
  }

  @Test
  void badUsageIsOneLineAndExitTwo() throws Exception {
    CliRun missing =
        CliRun.run(
            "replay",
            "--input",
            dir.resolve("nope.csv").toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.errLines()).hasSize(1);
    assertThat(missing.err()).contains("--input: no such file");

    Path cfg = dir.resolve("shadow.yaml");
    Files.writeString(
        cfg,
        "compare:\n  routes:\n    - path: /predict\n      comparators:\n        - type: lable\n");
    Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    CliRun typo =
        CliRun.run(
            "replay",
            "--input",
            dir.resolve("in.jsonl").toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            MODELS.v2Url(),
            "--config",
            cfg.toString(),
            "--out",
            dir.resolve("o").toString());
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err())
        .contains("compare.routes[0].comparators[0].type: unknown comparator 'lable'");

    CliRun noRecords = CliRun.run("gate", "--records", dir.resolve("empty").toString());
    assertThat(noRecords.exitCode()).isEqualTo(2);
    assertThat(noRecords.err()).contains("--records: no records file");

    Files.writeString(dir.resolve("bad-suite.json"), "{\"entries\": 5}");
    CliRun badSuite =
        CliRun.run(
            "regress",
            "--suite",
            dir.resolve("bad-suite.json").toString(),
            "--model",
            MODELS.v1Url());
    assertThat(badSuite.exitCode()).isEqualTo(2);
    assertThat(badSuite.err()).contains("is not a regression suite");
  }

  @Test
  void theGateNeedsMoreThanThreeAgreeingPairs() throws Exception {
    Path out = replayAgainstItself("three", 5, 3);
    CliRun gate = CliRun.run("gate", "--records", out.toString());
    assertThat(gate.exitCode()).isEqualTo(1);
    assertThat(gate.out()).contains("0.4385"); // Wilson lower bound of 3 of 3, scipy 1.17.1
    assertThat(MAPPER.readTree(out.resolve("gate.json").toFile()).get("unreadable_lines").asLong())
        .isZero();
  }

  @Test
  void aGateOnDamagedRecordsSaysInGateJsonHowManyLinesItCouldNotRead() throws Exception {
    Path out = replayAgainstItself("damaged", 9, 2);
    // a proxy killed mid-write leaves a cut last line; a hand edit, anything
    Files.writeString(
        out.resolve("records.jsonl"), "not json\n{\"id\":\"cut", StandardOpenOption.APPEND);
    CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-requests", "1");
    assertThat(gate.err()).contains("skipped 2 unreadable lines");
    JsonNode json = MAPPER.readTree(out.resolve("gate.json").toFile());
    assertThat(json.get("requests").asLong()).isEqualTo(2);
    assertThat(json.get("unreadable_lines").asLong()).isEqualTo(2);
    assertThat(json.get("unreadable")).hasSize(2);
    assertThat(json.get("unreadable").get(0).asText()).startsWith("line 3: not JSON");
  }

  @Test
  void aFileOfNoRecordsIsOneErrorAndLeavesTheFolderAsItWas() throws Exception {
    Path out = replayAgainstItself("not-records", 3, 4);
    Path suite = out.resolve("regression_suite.json");
    String suiteBefore = Files.readString(suite);
    Files.writeString(out.resolve("records.jsonl"), "not json\n{\"id\":\"cut\n");
    Files.deleteIfExists(out.resolve("report.html"));
    Path regressOut = dir.resolve("not-records-regress");
    for (CliRun run :
        List.of(
            CliRun.run("report", "--records", out.toString()),
            CliRun.run("gate", "--records", out.toString()),
            CliRun.run(
                "regress",
                "--records",
                out.toString(),
                "--model",
                MODELS.v1Url(),
                "--out",
                regressOut.toString()))) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(run.err()).hasSize(1);
      assertThat(run.errLines()[0])
          .startsWith("error: --records: no record could be read from ")
          .contains("all 2 of its lines are unreadable (line 1: not JSON");
    }
    assertThat(Files.readString(suite)).isEqualTo(suiteBefore);
    assertThat(out.resolve("report.html")).doesNotExist();
    assertThat(regressOut.resolve("regression_suite.json")).doesNotExist();
  }

  @Test
  void aReportOnAnEmptiedRecordsFileKeepsTheSuiteItCannotRebuild() throws Exception {
    Path out = replayAgainstItself("emptied", 4, 4);
    Path suite = out.resolve("regression_suite.json");
    // a suite kept from earlier runs, beside records.jsonl emptied by a log rotation
    String suiteBefore =
        "{\"format\":\"shadow-pipeline/regression-suite\",\"version\":1,\"entries_count\":1,"
            + "\"entries\":[{\"key\":\"from-an-earlier-run\"}]}";
    Files.writeString(suite, suiteBefore);
    Files.writeString(out.resolve("records.jsonl"), "");
    CliRun report = CliRun.run("report", "--records", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out()).contains("(no records to rebuild it from)");
    assertThat(Files.readString(suite)).isEqualTo(suiteBefore);
    assertThat(out.resolve("report.html")).exists();
  }

  /** Replays {@code rows} applicants (generator seed {@code seed}) against v1 on both sides; the output folder. */
  private Path replayAgainstItself(String name, int seed, int rows) throws Exception {
    Path input = dir.resolve(name + ".jsonl");
    ApplicantGenerator gen = new ApplicantGenerator(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      lines.add(DemoModelServer.requestBody(gen.next()));
    }
    Files.write(input, lines);
    Path out = dir.resolve(name);
    assertThat(
            CliRun.run(
                    "replay",
                    "--input",
                    input.toString(),
                    "--primary",
                    MODELS.v1Url(),
                    "--shadow",
                    MODELS.v1Url(),
                    "--out",
                    out.toString())
                .exitCode())
        .isZero();
    return out;
  }
}
