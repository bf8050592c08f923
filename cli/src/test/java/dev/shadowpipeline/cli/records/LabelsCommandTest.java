package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.FolderSnapshot;
import dev.shadowpipeline.cli.TakenTarget;
import dev.shadowpipeline.demo.Applicant;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.DemoModelServer;
import dev.shadowpipeline.demo.LoanModel;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay → labels → gate → report on the loan demo models served for real on loopback, with outcomes that say which
 * applicants defaulted: every high earner with heavy debt (the region v2 over-trusts) and the applicants v1 scores
 * low.
 */
class LabelsCommandTest {

  /** The loan records' join with outcomes.csv: a defaulted applicant is the negative class. */
  private static final String[] LOAN_JOIN = {
    "--join",
    "/applicant_id",
    "--truth",
    "defaulted",
    "--positive",
    "approve",
    "--truth-positive",
    "false"
  };

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int APPLICANTS = 300;
  private static Vertx vertx;
  private static DemoModelServer v1;
  private static DemoModelServer v2;
  private static Path out;
  private static Map<Integer, Boolean> defaulted;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void replayTheLoans() throws Exception {
    vertx = Vertx.vertx();
    v1 = start(LoanModel.V1);
    v2 = start(LoanModel.V2);
    List<String> lines = new ArrayList<>();
    lines.add("applicant_id,age,income,debt_ratio,credit_score,loan_amount,employment_years");
    defaulted = new LinkedHashMap<>();
    ApplicantGenerator gen = new ApplicantGenerator(11);
    for (int i = 0; i < APPLICANTS; i++) {
      Applicant a = gen.next();
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%d,%.2f,%.4f,%d,%.2f,%d",
              5000 + i,
              a.age(),
              a.income(),
              a.debtRatio(),
              a.creditScore(),
              a.loanAmount(),
              a.employmentYears()));
      boolean risky = a.debtRatio() > 0.5 && a.income() > 75_000;
      defaulted.put(5000 + i, risky || LoanModel.V1.score(a) < (i % 5 == 0 ? 0.6 : 0.45));
    }
    Path inputs = shared.resolve("inputs.csv");
    Files.write(inputs, lines);
    out = shared.resolve("out");
    CliRun replay =
        CliRun.run(
            "replay",
            "--input",
            inputs.toString(),
            "--primary",
            "http://127.0.0.1:" + v1.port(),
            "--shadow",
            "http://127.0.0.1:" + v2.port(),
            "--out",
            out.toString(),
            "--label",
            "/decision",
            "--critical-flip",
            "reject:approve",
            "--score",
            "/score",
            "--ignore",
            "/model");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
  }

  private static DemoModelServer start(LoanModel model) throws Exception {
    return DemoModelServer.start(vertx, model, "127.0.0.1", 0, Duration.ZERO, Duration.ZERO)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  /** Labels for all applicants but the last 10, one given twice (a wrong value first), and 3 unknown applicants. */
  private static Path labelsCsv(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("applicant_id,defaulted");
    lines.add("5003," + !defaulted.get(5003));
    defaulted.forEach(
        (id, d) -> {
          if (id < 5000 + APPLICANTS - 10) {
            lines.add(id + "," + d);
          }
        });
    lines.add("9001,true");
    lines.add("9002,false");
    lines.add("9003,true");
    Files.write(file, lines);
    return file;
  }

  private static List<JsonNode> records() throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("records.jsonl"))) {
      records.add(MAPPER.readTree(line));
    }
    return records;
  }

  /** McNemar's two-sided exact p for p = ½, 2·P(X ≤ min(b, c)), in integers: scipy's binomtest(b, b + c). */
  private static double exactMcNemar(long b, long c) {
    long n = b + c;
    if (n == 0 || b == c) {
      return 1;
    }
    BigInteger tail = BigInteger.ZERO;
    BigInteger choose = BigInteger.ONE;
    for (long k = 0; k <= Math.min(b, c); k++) {
      tail = tail.add(choose);
      choose = choose.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k + 1));
    }
    BigDecimal p =
        new BigDecimal(tail.shiftLeft(1))
            .divide(new BigDecimal(BigInteger.ONE.shiftLeft((int) n)), MathContext.DECIMAL64);
    return Math.min(1, p.doubleValue());
  }

  @Test
  void csvJoinedByARequestFieldCountsEverythingAndMeasuresBothModels() throws Exception {
    Path records = copyRecords();
    CliRun run =
        CliRun.run(
            "labels",
            "--records",
            records.toString(),
            "--labels",
            labelsCsv(dir.resolve("outcomes.csv")).toString(),
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted",
            "--positive",
            "approve",
            "--truth-positive",
            "false");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("joined             290 labelled pairs (classification) by /applicant_id")
        .contains("without a record: 3 labels; without a label: 10 records")
        .contains("McNemar")
        .contains("reject → approve");
    JsonNode q = MAPPER.readTree(records.resolve("quality.json").toFile());
    assertThat(q.get("n_joined").asLong()).isEqualTo(290);
    assertThat(q.get("n_unmatched_labels").asLong()).isEqualTo(3);
    assertThat(q.get("n_unlabelled_records").asLong()).isEqualTo(10);
    assertThat(q.get("n_duplicate_labels").asLong()).isEqualTo(1);
    assertThat(q.get("n_labels").asLong()).isEqualTo(293);

    // the same numbers counted by hand from the records: who said what, and who was right
    long primaryCorrect = 0;
    long shadowCorrect = 0;
    long onlyPrimary = 0;
    long onlyShadow = 0;
    long approvedThenDefaulted = 0;
    for (JsonNode r : records()) {
      int id = r.at("/request/body/applicant_id").asInt();
      if (id >= 5000 + APPLICANTS - 10) {
        continue;
      }
      String truth = defaulted.get(id) ? "reject" : "approve";
      boolean p = r.at("/primary/body/decision").asText().equals(truth);
      boolean s = r.at("/shadow/body/decision").asText().equals(truth);
      primaryCorrect += p ? 1 : 0;
      shadowCorrect += s ? 1 : 0;
      onlyPrimary += p && !s ? 1 : 0;
      onlyShadow += s && !p ? 1 : 0;
      if (r.at("/primary/body/decision").asText().equals("reject")
          && r.at("/shadow/body/decision").asText().equals("approve")
          && defaulted.get(id)) {
        approvedThenDefaulted++;
      }
    }
    assertThat(q.at("/primary/accuracy").asDouble()).isEqualTo(primaryCorrect / 290.0);
    assertThat(q.at("/shadow/accuracy").asDouble()).isEqualTo(shadowCorrect / 290.0);
    assertThat(q.at("/paired/discordant/primary_right").asLong()).isEqualTo(onlyPrimary);
    assertThat(q.at("/paired/discordant/shadow_right").asLong()).isEqualTo(onlyShadow);
    assertThat(q.at("/paired/mcnemar_p").asDouble())
        .isCloseTo(exactMcNemar(onlyPrimary, onlyShadow), within(1e-12));
    assertThat(approvedThenDefaulted).as("v2 approved applicants who then defaulted").isPositive();
    assertThat(q.at("/flips/0/primary").asText()).isEqualTo("reject");
    assertThat(q.at("/flips/0/primary_right").asLong()).isEqualTo(approvedThenDefaulted);
    assertThat(q.at("/paired/accuracy_diff_ci95")).hasSize(2);
    assertThat(q.at("/paired/auc_diff_ci95")).hasSize(2);

    // summary.json and the report were refreshed with the quality
    JsonNode summary = MAPPER.readTree(records.resolve("summary.json").toFile());
    assertThat(summary.at("/quality/n_joined").asLong()).isEqualTo(290);
    assertThat(Files.readString(records.resolve("report.html")))
        .contains("Quality against ground truth", "Who is right when they disagree");

    // shadow report keeps the sections: it picks up quality.json
    Files.delete(records.resolve("report.html"));
    CliRun report = CliRun.run("report", "--records", records.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(Files.readString(records.resolve("report.html")))
        .contains("Quality against ground truth");
    assertThat(
            MAPPER
                .readTree(records.resolve("summary.json").toFile())
                .at("/quality/n_joined")
                .asLong())
        .isEqualTo(290);
  }

  @Test
  void jsonlJoinedByRecordIdGivesTheSameNumbers() throws Exception {
    Path records = copyRecords();
    List<String> lines = new ArrayList<>();
    for (JsonNode r : records()) {
      int id = r.at("/request/body/applicant_id").asInt();
      if (id < 5000 + APPLICANTS - 10) {
        lines.add(
            "{\"request_id\":\""
                + r.get("id").asText()
                + "\",\"outcome\":{\"defaulted\":"
                + defaulted.get(id)
                + "}}");
      }
    }
    // as an editor on Windows saves it: the byte order mark must not cost (or refuse) the first
    // line
    lines.set(0, "\uFEFF" + lines.get(0));
    Path file = dir.resolve("outcomes.jsonl");
    Files.write(file, lines);
    CliRun run =
        CliRun.run(
            "labels",
            "--records",
            records.toString(),
            "--labels",
            file.toString(),
            "--label-key",
            "request_id",
            "--truth",
            "/outcome/defaulted",
            "--positive",
            "approve",
            "--truth-positive",
            "false");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode q = MAPPER.readTree(records.resolve("quality.json").toFile());
    assertThat(q.get("n_joined").asLong()).isEqualTo(290);
    assertThat(q.at("/join/by").asText()).isEqualTo("record-id");

    Path csvRecords = copyRecords();
    CliRun csv =
        CliRun.run(
            "labels",
            "--records",
            csvRecords.toString(),
            "--labels",
            labelsCsv(dir.resolve("outcomes.csv")).toString(),
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted",
            "--positive",
            "approve",
            "--truth-positive",
            "false");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    JsonNode byPointer = MAPPER.readTree(csvRecords.resolve("quality.json").toFile());
    for (String side : List.of("primary", "shadow", "paired")) {
      assertThat(q.get(side)).as(side).isEqualTo(byPointer.get(side));
    }
  }

  @Test
  void aBadLineStopsTheRunNamingFileAndLineAndWritesNothing() throws Exception {
    Path records = copyRecords();
    String summaryBefore = Files.readString(records.resolve("summary.json"));
    Path bad = dir.resolve("bad.csv");
    Files.write(
        bad, List.of("applicant_id,defaulted", "5000,true", "5001,false", "5002", "5003,true"));
    CliRun run =
        CliRun.run(
            "labels",
            "--records",
            records.toString(),
            "--labels",
            bad.toString(),
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly("error: " + bad + ":4: expected 2 fields as in the header, found 1");
    assertThat(records.resolve("quality.json")).doesNotExist();
    assertThat(Files.readString(records.resolve("summary.json"))).isEqualTo(summaryBefore);

    Path jsonl = dir.resolve("bad.jsonl");
    Files.write(
        jsonl, List.of("{\"id\":\"a\",\"label\":\"approve\"}", "", "{\"id\":\"b\",\"label\":"));
    CliRun broken =
        CliRun.run("labels", "--records", records.toString(), "--labels", jsonl.toString());
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.errLines()).hasSize(1);
    assertThat(broken.err()).startsWith("error: " + jsonl + ":3: not JSON");

    Path txt = dir.resolve("labels.txt");
    Files.write(txt, List.of("id,label"));
    CliRun unknown =
        CliRun.run("labels", "--records", records.toString(), "--labels", txt.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("cannot tell the format of " + txt);

    Path noColumn = dir.resolve("cols.csv");
    Files.write(noColumn, List.of("applicant_id,outcome", "5000,true"));
    CliRun column =
        CliRun.run(
            "labels",
            "--records",
            records.toString(),
            "--labels",
            noColumn.toString(),
            "--join",
            "/applicant_id");
    assertThat(column.exitCode()).isEqualTo(2);
    assertThat(column.errLines())
        .containsExactly(
            "error: "
                + noColumn
                + ":1: no column 'label' for the truth (the columns are applicant_id, outcome; name another with --truth)");
    assertThat(records.resolve("quality.json")).doesNotExist();
  }

  @Test
  void theGateDecidesOnTheLabels() throws Exception {
    Path records = copyRecords();
    String[] lenient = {
      "--min-agreement", "0", "--max-critical", "100000", "--max-latency-delta-p99", "10s"
    };
    // no labels yet: nothing to decide on
    CliRun unlabelled = gate(records, lenient, "--non-inferior", "accuracy:0.02");
    assertThat(unlabelled.exitCode()).isEqualTo(2);
    assertThat(unlabelled.err())
        .contains("no labels to decide on: --non-inferior accuracy:0.02: no labels");

    CliRun labels =
        CliRun.run(
            "labels",
            "--records",
            records.toString(),
            "--labels",
            labelsCsv(dir.resolve("outcomes.csv")).toString(),
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted",
            "--positive",
            "approve",
            "--truth-positive",
            "false");
    assertThat(labels.exitCode()).as(labels.err()).isZero();
    JsonNode q = MAPPER.readTree(records.resolve("quality.json").toFile());
    double bound = q.at("/paired/differences/accuracy/improvement_lower_95").asDouble();
    assertThat(bound).as("v2 is worse than v1 on these outcomes").isNegative();

    // a margin wider than the bound: non-inferior
    String wide = String.format(Locale.ROOT, "accuracy:%.4f", -bound + 0.01);
    CliRun pass = gate(records, lenient, "--non-inferior", wide);
    assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out())
        .contains("accuracy non-inferior", String.format(Locale.ROOT, "%+.4f", bound), "pass");

    // a margin narrower than the bound: inferior
    String narrow = String.format(Locale.ROOT, "accuracy:%.4f", -bound - 0.01);
    CliRun fail = gate(records, lenient, "--non-inferior", narrow, "--superior", "roc_auc");
    assertThat(fail.exitCode()).as(fail.out() + fail.err()).isEqualTo(1);
    assertThat(fail.out()).contains("accuracy non-inferior", "roc_auc superior", "Gate: FAIL");
    JsonNode gate = MAPPER.readTree(records.resolve("gate.json").toFile());
    assertThat(gate.at("/criteria/non_inferior/0/metric").asText()).isEqualTo("accuracy");
    assertThat(gate.at("/criteria/superior/0").asText()).isEqualTo("roc_auc");
    List<String> names = new ArrayList<>();
    gate.get("checks").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).contains("accuracy non-inferior", "roc_auc superior");

    // a metric the labels do not have
    CliRun mae = gate(records, lenient, "--non-inferior", "mae:0.1");
    assertThat(mae.exitCode()).isEqualTo(2);
    assertThat(mae.err())
        .contains("mae is a regression metric, but the labels are a classification");

    CliRun typo = gate(records, lenient, "--non-inferior", "acuracy:0.1");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("--non-inferior: metric must be one of");
  }

  @Test
  void theGateDoesNotDecideOnLabelsJoinedWithOtherRecords() throws Exception {
    Path records = copyRecords();
    String[] lenient = {
      "--min-agreement", "0", "--max-critical", "100000", "--max-latency-delta-p99", "10s"
    };
    CliRun labels = labels(records, labelsCsv(dir.resolve("outcomes.csv")), LOAN_JOIN);
    assertThat(labels.exitCode()).as(labels.err()).isZero();
    Path file = records.resolve("records.jsonl");
    long joinedBytes = Files.size(file);
    JsonNode q = MAPPER.readTree(records.resolve("quality.json").toFile());
    assertThat(q.at("/records_file/name").asText()).isEqualTo("records.jsonl");
    assertThat(q.at("/records_file/bytes").asLong()).isEqualTo(joinedBytes);
    CliRun fresh = gate(records, lenient, "--non-inferior", "accuracy:0.5");
    assertThat(fresh.exitCode()).as(fresh.out() + fresh.err()).isZero();

    // a later replay appends its pairs, perhaps of another candidate: the labels never saw them
    String first = Files.readAllLines(file).get(0);
    String id = MAPPER.readTree(first).get("id").asText();
    Files.writeString(
        file, first.replace(id, "appended-by-a-later-replay") + "\n", StandardOpenOption.APPEND);
    long now = Files.size(file);
    CliRun stale = gate(records, lenient, "--non-inferior", "accuracy:0.5");
    assertThat(stale.exitCode()).as(stale.out() + stale.err()).isEqualTo(2);
    assertThat(stale.errLines())
        .containsExactly(
            "error: no labels to decide on: --non-inferior accuracy:0.5: quality.json no longer matches the"
                + " records: records.jsonl had "
                + joinedBytes
                + " bytes then and has "
                + now
                + " now (records were added since); run 'shadow labels' again");
    JsonNode gate = MAPPER.readTree(records.resolve("gate.json").toFile());
    assertThat(gate.get("labels_decided").asBoolean()).isFalse();
    assertThat(stale.out()).contains("Gate: FAIL");
    // the report keeps the labels' sections but says they were joined with other records
    CliRun report = CliRun.run("report", "--records", records.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    String note =
        "these labels were joined with other records than this report's: records.jsonl had "
            + joinedBytes
            + " bytes then and has "
            + now
            + " now (records were added since); run 'shadow labels' again";
    assertThat(report.errLines())
        .containsExactly("warning: " + records.resolve("quality.json") + ": " + note);
    assertThat(Files.readString(records.resolve("report.html")))
        .contains(note.replace("'", "&#39;"));

    // joined again, the quality counts again
    CliRun again = labels(records, labelsCsv(dir.resolve("outcomes.csv")), LOAN_JOIN);
    assertThat(again.exitCode()).as(again.err()).isZero();
    CliRun decided = gate(records, lenient, "--non-inferior", "accuracy:0.5");
    assertThat(decided.exitCode()).as(decided.out() + decided.err()).isZero();

    // a quality.json written before the fingerprint was kept still decides
    ObjectNode old = (ObjectNode) MAPPER.readTree(records.resolve("quality.json").toFile());
    old.remove("records_file");
    MAPPER.writeValue(records.resolve("quality.json").toFile(), old);
    Files.writeString(file, first + "\n", StandardOpenOption.APPEND);
    CliRun legacy = gate(records, lenient, "--non-inferior", "accuracy:0.5");
    assertThat(legacy.exitCode()).as(legacy.out() + legacy.err()).isZero();
  }

  /** The records labelled with outcomes.csv: quality.json is there. */
  private Path labelledRecords() throws Exception {
    Path records = copyRecords();
    CliRun labels = labels(records, labelsCsv(dir.resolve("outcomes.csv")), LOAN_JOIN);
    assertThat(labels.exitCode()).as(labels.err()).isZero();
    return records;
  }

  @Test
  void anInfiniteBoundInQualityJsonDecidesNothing() throws Exception {
    Path records = labelledRecords();
    String[] lenient = {
      "--min-agreement", "0", "--max-critical", "100000", "--max-latency-delta-p99", "10s"
    };
    Path quality = records.resolve("quality.json");
    String good = Files.readString(quality);
    // a bound edited to 1e999 reads as +Infinity: it passed any margin, shown as n/a
    ObjectNode q = (ObjectNode) MAPPER.readTree(good);
    ((ObjectNode) q.at("/paired/differences/accuracy")).put("improvement_lower_95", 123456.75);
    Files.writeString(quality, MAPPER.writeValueAsString(q).replace("123456.75", "1e999"));
    CliRun infinite = gate(records, lenient, "--non-inferior", "accuracy:0.01");
    assertThat(infinite.exitCode()).as(infinite.out() + infinite.err()).isEqualTo(2);
    assertThat(infinite.out()).contains("Gate: FAIL").doesNotContain("Gate: PASS");
    assertThat(infinite.errLines())
        .containsExactly(
            "error: no labels to decide on: --non-inferior accuracy:0.01: quality.json's accuracy"
                + " difference has improvement_lower_95 = Infinity, not a finite number; run 'shadow"
                + " labels' again");
  }

  @Test
  void aTruncatedQualityJsonIsNamedOnOneLine() throws Exception {
    Path records = labelledRecords();
    String[] lenient = {
      "--min-agreement", "0", "--max-critical", "100000", "--max-latency-delta-p99", "10s"
    };
    Path quality = records.resolve("quality.json");
    String good = Files.readString(quality);
    // cut short (a full disk, a copy stopped half way): one line saying where it broke
    Files.writeString(quality, good.substring(0, good.length() / 2));
    CliRun truncated = gate(records, lenient, "--non-inferior", "accuracy:0.01");
    assertThat(truncated.exitCode()).as(truncated.out() + truncated.err()).isEqualTo(2);
    assertThat(truncated.errLines()).hasSize(1);
    assertThat(truncated.errLines()[0])
        .startsWith("error: cannot read " + quality + ": not JSON: Unexpected end-of-input")
        .endsWith("; run 'shadow labels' again")
        .doesNotContain("Source");
    // the report is written without it, and says why on one line too
    CliRun report = CliRun.run("report", "--records", records.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.errLines()).hasSize(1);
    assertThat(report.errLines()[0])
        .startsWith("warning: " + quality + " not readable, report written without it: not JSON:")
        .doesNotContain("Source");
  }

  @Test
  void recordsNoLineOfWhichCanBeReadAreNamedAsTheGateNamesThem() throws Exception {
    Path records = copyRecords();
    Path file = records.resolve("records.jsonl");
    // a CSV saved as records.jsonl: every line unreadable, none a record
    Files.write(file, List.of("applicant_id,age,income", "5000,41,52000.00", "5001,29,31000.00"));
    CliRun labels = labels(records, labelsCsv(dir.resolve("outcomes.csv")), LOAN_JOIN);
    assertThat(labels.exitCode()).as(labels.err()).isEqualTo(2);
    assertThat(labels.errLines()).hasSize(1);
    assertThat(labels.errLines()[0])
        .startsWith(
            "error: --records: no record could be read from "
                + file
                + ": all 3 of its lines are unreadable (line 1: not JSON");
    // the very words of the gate, which reads the same file
    CliRun gate = CliRun.run("gate", "--records", records.toString());
    assertThat(gate.exitCode()).isEqualTo(2);
    assertThat(gate.errLines()).containsExactly(labels.errLines());
    assertThat(records.resolve("quality.json")).doesNotExist();

    Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
    CliRun binary = labels(records, dir.resolve("outcomes.csv"), LOAN_JOIN);
    assertThat(binary.exitCode()).as(binary.err()).isEqualTo(2);
    assertThat(binary.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --records: no record could be read from "
                + file
                + ": its one line is unreadable (line 1:");
  }

  @Test
  void aLabelsColumnInTheHeaderTwiceIsRefusedWhenItIsRead() throws Exception {
    Path records = copyRecords();
    Path twice = dir.resolve("twice.csv");
    Files.write(twice, List.of("applicant_id,defaulted,defaulted", "5000,true,false"));
    CliRun truth = labels(records, twice, LOAN_JOIN);
    assertThat(truth.exitCode()).as(truth.err()).isEqualTo(2);
    assertThat(truth.errLines())
        .containsExactly(
            "error: "
                + twice
                + ":1: column 'defaulted' for the truth is in the header twice (columns 2 and 3):"
                + " rename or remove one, or name another with --truth");
    Path keyTwice = dir.resolve("keys.csv");
    Files.write(keyTwice, List.of("applicant_id, applicant_id,defaulted", "5000,5001,true"));
    CliRun key = labels(records, keyTwice, LOAN_JOIN);
    assertThat(key.exitCode()).as(key.err()).isEqualTo(2);
    assertThat(key.errLines())
        .containsExactly(
            "error: "
                + keyTwice
                + ":1: column 'applicant_id' for the join key is in the header twice (columns 1 and"
                + " 2): rename or remove one, or name another with --label-key");
    assertThat(records.resolve("quality.json")).doesNotExist();

    // a repeated column the labels do not read decides nothing: allowed
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(labelsCsv(dir.resolve("outcomes.csv")))) {
      lines.add(line + (line.startsWith("applicant_id") ? ",note,note" : ",a,b"));
    }
    Path notes = dir.resolve("notes.csv");
    Files.write(notes, lines);
    CliRun unused = labels(records, notes, LOAN_JOIN);
    assertThat(unused.exitCode()).as(unused.err()).isZero();
  }

  @Test
  void labelsThatJoinNothingAreAnErrorAndKeepTheQualityJsonThere() throws Exception {
    Path records = copyRecords();
    CliRun good = labels(records, labelsCsv(dir.resolve("outcomes.csv")), LOAN_JOIN);
    assertThat(good.exitCode()).as(good.err()).isZero();
    byte[] quality = Files.readAllBytes(records.resolve("quality.json"));
    byte[] summary = Files.readAllBytes(records.resolve("summary.json"));

    Path noMatch = dir.resolve("nomatch.csv");
    Files.write(noMatch, List.of("applicant_id,defaulted", "ZZZ-1,false", "ZZZ-2,true"));
    CliRun none = labels(records, noMatch, LOAN_JOIN);
    assertThat(none.exitCode()).as(none.err()).isEqualTo(2);
    assertThat(none.errLines()).hasSize(1);
    assertThat(none.errLines()[0])
        .startsWith(
            "error: none of the 2 labels in " + noMatch + " matched a record's /applicant_id (")
        .contains("like 'ZZZ-1'");

    Path headerOnly = dir.resolve("header.csv");
    Files.write(headerOnly, List.of("applicant_id,defaulted"));
    CliRun empty = labels(records, headerOnly, LOAN_JOIN);
    assertThat(empty.exitCode()).as(empty.err()).isEqualTo(2);
    assertThat(empty.errLines())
        .containsExactly(
            "error: --labels: "
                + headerOnly
                + " holds no label (no row after the header, or no line): nothing to join");

    List<String> nowhere = new ArrayList<>(List.of(LOAN_JOIN));
    nowhere.addAll(List.of("--label-pointer", "/nope"));
    CliRun noPrediction =
        labels(records, dir.resolve("outcomes.csv"), nowhere.toArray(String[]::new));
    assertThat(noPrediction.exitCode()).as(noPrediction.err()).isEqualTo(2);
    assertThat(noPrediction.errLines()).hasSize(1);
    assertThat(noPrediction.errLines()[0])
        .startsWith("error: none of the ")
        .contains(" matched has a prediction in both answers at --label-pointer /nope");

    assertThat(Files.readAllBytes(records.resolve("quality.json"))).isEqualTo(quality);
    assertThat(Files.readAllBytes(records.resolve("summary.json"))).isEqualTo(summary);
  }

  @Test
  void bootstrapReplicatesHaveAnUpperBound() throws Exception {
    Path records = copyRecords();
    CliRun run =
        labels(
            records,
            labelsCsv(dir.resolve("outcomes.csv")),
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted",
            "--bootstrap-replicates",
            "100000000");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --bootstrap-replicates: replicates must be at most 100000: 100000000");
    assertThat(records.resolve("quality.json")).doesNotExist();
  }

  @Test
  void aFolderGivenAsLabelsIsNamedAsOne() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("dir.csv"));
    CliRun run = labels(copyRecords(), folder);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --labels: "
                + folder
                + " is a directory, not a labels file (.csv or .tsv with a header row, or .jsonl or"
                + " .ndjson)");
  }

  @Test
  void labelsNotInUtf8AreRefusedAtTheBadByte() throws Exception {
    Path records = copyRecords();
    // Latin-1 "é" (0xE9) on line 1,500: the JSONL reader's own error named the line it had handed
    // out when its 8 KiB buffer met the byte, some 200 lines earlier; the CSV reader put U+FFFD in
    // its place, so "café" and "cafè" were one label
    List<String> lines = new ArrayList<>();
    for (int i = 1; i < 1500; i++) {
      lines.add("{\"id\":\"r" + i + "\",\"label\":\"approve\"}");
    }
    lines.add("{\"id\":\"r1500\",\"label\":\"d\u00e9cline\"}");
    Path jsonl = dir.resolve("latin1.jsonl");
    Files.write(jsonl, lines, StandardCharsets.ISO_8859_1);
    CliRun run = labels(records, jsonl);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: "
                + jsonl
                + ":1500: not UTF-8 (byte 0xE9 at column 25); save the file as UTF-8");

    Path csv = dir.resolve("latin1.csv");
    Files.write(
        csv,
        List.of("applicant_id,defaulted", "5000,caf\u00e9", "5001,caf\u00e8"),
        StandardCharsets.ISO_8859_1);
    CliRun merged = labels(records, csv, "--join", "/applicant_id", "--truth", "defaulted");
    assertThat(merged.exitCode()).as(merged.err()).isEqualTo(2);
    assertThat(merged.errLines())
        .containsExactly(
            "error: " + csv + ":2: not UTF-8 (byte 0xE9 at column 9); save the file as UTF-8");
    assertThat(records.resolve("quality.json")).doesNotExist();
  }

  @Test
  void aSmallLabelsBoundIsPrintedInBytesNotAsZeroMib() throws Exception {
    Path records = copyRecords();
    List<String> lines = new ArrayList<>(List.of("applicant_id,defaulted"));
    for (int i = 0; i < 100; i++) {
      lines.add((5000 + i) + ",true");
    }
    Path csv = dir.resolve("many.csv");
    Files.write(csv, lines);
    CliRun run =
        labels(
            records,
            csv,
            "--join",
            "/applicant_id",
            "--truth",
            "defaulted",
            "--max-labels-bytes",
            "1000");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("need more than 1000 bytes of memory");
  }

  private static CliRun labels(Path records, Path labels, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("labels", "--records", records.toString(), "--labels", labels.toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void helpNamesTheOptions() {
    CliRun help = CliRun.run("labels", "--help");
    assertThat(help.out())
        .contains(
            "--join",
            "--truth",
            "--positive",
            "--truth-positive",
            "--task",
            "--label-key",
            "labels:");
    assertThat(CliRun.run("gate", "--help").out())
        .contains("--non-inferior", "--superior", "quality.json");
  }

  private CliRun gate(Path records, String[] lenient, String... more) {
    List<String> args = new ArrayList<>(List.of("gate", "--records", records.toString()));
    args.addAll(List.of(lenient));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void aPageTakenByAFolderKeepsTheEarlierQualityAndSummary() throws Exception {
    Path records = copyRecords();
    String[] labels = {
      "labels",
      "--records",
      records.toString(),
      "--labels",
      labelsCsv(dir.resolve("outcomes.csv")).toString()
    };
    String[] args =
        Stream.concat(Arrays.stream(labels), Arrays.stream(LOAN_JOIN)).toArray(String[]::new);
    CliRun first = CliRun.run(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    Path target = TakenTarget.byAFolder(records, "report.html");
    FolderSnapshot before = FolderSnapshot.of(records);
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .as(run.err())
        .containsExactly("error: --records: cannot write " + target + ": it is a directory");
    assertThat(FolderSnapshot.of(records)).isEqualTo(before);
  }

  private Path copyRecords() throws Exception {
    Path copy = Files.createTempDirectory(dir, "records");
    for (String name : List.of("records.jsonl", "summary.json", "report.html")) {
      Files.copy(out.resolve(name), copy.resolve(name));
    }
    return copy;
  }
}
