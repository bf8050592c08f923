package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.FolderSnapshot;
import dev.shadowpipeline.cli.TakenTarget;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadow simulate} and {@code shadow drift} in-process: files, outputs, exit codes, one-line errors. */
class DriftCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path simulate(String... extra) {
    Path data = dir.resolve("data");
    String[] args = new String[3 + extra.length];
    args[0] = "simulate";
    args[1] = "--out";
    args[2] = data.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return data;
  }

  private CliRun drift(Path data, String... extra) {
    String[] base = {
      "drift",
      "--reference",
      data.resolve("reference.csv").toString(),
      "--current",
      data.resolve("current.csv").toString(),
      "--out",
      dir.resolve("out").toString()
    };
    return CliRun.run(base, extra);
  }

  @Test
  void simulateIsDeterministicForASeed() throws Exception {
    Path data = simulate("--rows", "50");
    String first = Files.readString(data.resolve("current.csv"));
    simulate("--rows", "50");
    assertThat(Files.readString(data.resolve("current.csv"))).isEqualTo(first);
    assertThat(first.lines().findFirst()).contains("age,salary,clicks");
    assertThat(first.lines().count()).isEqualTo(51);
    simulate("--rows", "50", "--seed", "7");
    assertThat(Files.readString(data.resolve("current.csv"))).isNotEqualTo(first);
  }

  @Test
  void theSeedScenarioFindsDriftInSalaryAndWritesEveryOutput() throws Exception {
    Path data = simulate();
    CliRun run = drift(data);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Drift Detected: true")
        .contains("Drift detected in 1 of 3 columns");
    assertThat(run.out()).containsPattern("salary\\s+numeric\\s+ks \\(p\\).*YES");
    Path out = dir.resolve("out");
    JsonNode status = JSON.readTree(out.resolve("drift_status.json").toFile());
    assertThat(status.get("drift").asBoolean()).isTrue();
    assertThat(status.get("drifted_columns").toString()).isEqualTo("[\"salary\"]");
    JsonNode report = JSON.readTree(out.resolve("drift_report.json").toFile());
    assertThat(report.get("columns")).hasSize(3);
    assertThat(report.get("columns").get(0).get("p_value").asDouble()).isGreaterThan(0.05);
    assertThat(report.get("reference").get("rows").asLong()).isEqualTo(1000);
    // the report names what it read and when: full paths, file times, the run's own time
    Path current = data.resolve("current.csv").toAbsolutePath().normalize();
    assertThat(report.at("/current/location").asText()).isEqualTo(current.toString());
    assertThat(report.at("/current/kind").asText()).isEqualTo("file");
    assertThat(Instant.parse(report.at("/current/modified").asText()))
        .isEqualTo(Files.getLastModifiedTime(current).toInstant());
    assertThat(Instant.parse(report.get("run_at").asText()))
        .isAfterOrEqualTo(Files.getLastModifiedTime(current).toInstant().minusSeconds(1));
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).contains(current.toString());
    assertThat(html).contains("Drift detected in 1 of 3 columns");
    assertThat(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(html).find())
        .isFalse();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("drift_report.json", "drift_status.json", "index.html");
    }
  }

  // 40 values a side, N(0, 1) and N(0.8, 1) rounded to 3 decimals (numpy default_rng(3)), written
  // as the CSV
  // export of a locale with a decimal comma: ';' between fields, ',' in numbers
  private static final String EU_REFERENCE =
      "2,041;-2,556;0,418;-0,568;-0,453;-0,216;-2,020;-0,232;-0,865;3,323;0,226;-0,353;-0,281;-0,668;"
          + "-1,055;-0,391;0,482;-0,239;0,958;-0,200;0,024;1,546;0,545;-0,505;-0,183;0,541;1,935;-0,270;"
          + "-0,244;1,002;-0,886;-0,292;0,883;0,580;0,092;0,670;-2,828;1,021;-0,960;-1,669";
  private static final String EU_CURRENT =
      "1,076;1,501;0,355;-0,276;0,826;0,747;2,206;1,547;0,994;1,912;0,594;-0,126;1,384;1,383;0,585;"
          + "0,017;1,029;-1,694;1,490;1,291;-0,839;0,861;-0,164;1,557;-1,234;-0,114;1,510;1,956;-1,358;"
          + "0,302;1,128;0,191;2,391;-0,391;1,155;-0,248;2,206;0,778;0,428;-0,918";

  private Path euCsv(String name, String values) throws Exception {
    return Files.writeString(
        dir.resolve(name), "x;region\n" + values.replace(";", ";north\n") + ";north\n");
  }

  @Test
  void aDecimalCommaReadsNumbersAsNumbers() throws Exception {
    Path reference = euCsv("ref.csv", EU_REFERENCE);
    Path current = euCsv("cur.csv", EU_CURRENT);
    String[] args = {
      "drift", "--reference", reference.toString(), "--current", current.toString(), "--out",
    };

    CliRun asText = CliRun.run(args, dir.resolve("text").toString());
    assertThat(asText.exitCode()).as(asText.err()).isZero();
    assertThat(asText.out()).containsPattern("x\\s+text\\s");
    assertThat(asText.out())
        .contains(
            "  x: its values look like numbers written with a decimal comma (-0,114): --decimal ,"
                + " reads them as numbers");

    CliRun numbers = CliRun.run(args, dir.resolve("numbers").toString(), "--decimal", ",");
    assertThat(numbers.exitCode()).as(numbers.err()).isZero();
    // scipy 1.17.1: ks_2samp(reference, current) = (0.375, 0.006760732303569208) on the same
    // numbers
    assertThat(numbers.out()).containsPattern("x\\s+numeric\\s+ks \\(p\\)\\s+0\\.0068\\s.*YES");
    JsonNode x =
        new ObjectMapper()
            .readTree(dir.resolve("numbers/drift_report.json").toFile())
            .path("columns")
            .path(0);
    assertThat(x.path("column").asText()).isEqualTo("x");
    assertThat(x.path("statistic").asDouble()).isEqualTo(0.375);
    assertThat(x.path("p_value").asDouble()).isCloseTo(0.006760732303569208, within(1e-12));

    Path config = Files.writeString(dir.resolve("shadow.yaml"), "drift:\n  decimal: \",\"\n");
    CliRun fromConfig =
        CliRun.run(args, dir.resolve("config").toString(), "--config", config.toString());
    assertThat(fromConfig.out()).containsPattern("x\\s+numeric\\s+ks \\(p\\)\\s+0\\.0068\\s");

    Files.writeString(config, "drift:\n  decimal: ;\n");
    CliRun bad = CliRun.run(args, dir.resolve("bad").toString(), "--config", config.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.errLines())
        .containsExactly(
            "error: shadow.yaml: drift.decimal must be '.' or ',' (quote it in YAML: ','): ';'");

    CliRun spark =
        CliRun.run(args, dir.resolve("spark").toString(), "--decimal", ",", "--engine", "spark");
    assertThat(spark.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(spark.errLines()[0]).contains("--decimal ',' is read in this JVM");
  }

  @Test
  void failOnDriftExitsOneOnlyWhenThereIsDrift() {
    assertThat(drift(simulate(), "--fail-on-drift").exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    // seed 1: at seed 42 the unshifted salary happens to give ks p = 0.02, one of the 5% false
    // alarms a 0.05
    // threshold allows
    CliRun calm = drift(simulate("--shift", "salary=0", "--seed", "1"), "--fail-on-drift");
    assertThat(calm.exitCode()).as(calm.err()).isZero();
    assertThat(calm.out()).contains("Drift Detected: false");
  }

  @Test
  void columnsAndOverridesApply() throws Exception {
    Path data = simulate();
    CliRun run =
        drift(
            data,
            "--exclude",
            "salary",
            "--column-type",
            "clicks=categorical",
            "--column-test",
            "age=psi:0.5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("salary ");
    // 1000 rows, 100 categories: Evidently's small-sample rule picks chisquare
    assertThat(run.out()).containsPattern("clicks\\s+categorical\\s+chisquare");
    assertThat(run.out()).containsPattern("age\\s+numeric\\s+psi\\s+\\S+\\s+0.5000");
  }

  @Test
  void columnTypesInTheConfigFileMayBeAMap() throws Exception {
    Path data = simulate();
    Path config = dir.resolve("types.yaml");
    Files.writeString(
        config, "drift:\n  column-type: {clicks: categorical}\n  exclude: [salary]\n");
    CliRun run = drift(data, "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("clicks\\s+categorical\\s+chisquare");
  }

  @Test
  void aConfigFileSuppliesOptions() throws Exception {
    Path data = simulate();
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  stattest: wasserstein\n  drift-share: 0.5\n");
    CliRun run = drift(data, "--config", config.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Drift Detected: false")
        .containsPattern("salary\\s+numeric\\s+wasserstein");
  }

  @Test
  void badRowsAreReportedAndTheRunGoesOn() throws Exception {
    Path data = simulate("--rows", "1200");
    Path current = data.resolve("current.csv");
    String text = Files.readString(current);
    Files.writeString(current, text + "31.5,oops,7\n1,2\n");
    CliRun run = drift(data);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("current.csv: 2 bad rows skipped (line 1202: column 'salary'")
        .contains("line 1203: 2 fields, expected 3");
    JsonNode report = JSON.readTree(dir.resolve("out/drift_report.json").toFile());
    assertThat(report.get("current").get("bad_rows").asLong()).isEqualTo(2);
    assertThat(report.get("current").get("bad_row_examples").get(0).get("line").asLong())
        .isEqualTo(1202);
  }

  @Test
  void differentColumnsAreReportedAndTheCommonOnesCompared() throws Exception {
    Files.writeString(dir.resolve("r.csv"), "a,b\n1.5,x\n2.5,y\n3.5,x\n");
    Files.writeString(dir.resolve("c.jsonl"), "{\"a\": 1.5, \"c\": 1}\n{\"a\": 2.5, \"c\": 2}\n");
    CliRun run =
        CliRun.run(
            "drift",
            "--reference",
            dir.resolve("r.csv").toString(),
            "--current",
            dir.resolve("c.jsonl").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    // b vanished from the current data: it counts as drifted, beside a (the same values, no drift);
    // c is only shown
    assertThat(run.out())
        .containsPattern("b\\s+text.*YES, only-in-reference")
        .containsPattern("c\\s+\\S+.*only-in-current")
        .contains("Drift detected in 1 of 2 columns")
        .contains("Status: incomplete (1 problem)")
        .contains(
            "column 'b' of --reference "
                + dir.resolve("r.csv")
                + " is missing from --current "
                + dir.resolve("c.jsonl")
                + " (counted as drifted)");
  }

  @Test
  void unreadableInputIsOneLineAndExitTwo() {
    CliRun run =
        CliRun.run(
            "drift",
            "--reference",
            dir.resolve("missing.csv").toString(),
            "--current",
            dir.resolve("missing.csv").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("--reference")
        .contains("missing.csv")
        .contains("no such file");
  }

  @Test
  void aColumnGivenATestOrTypeMustExistAndNothingIsWrittenWhenItDoesNot() throws Exception {
    Path data = simulate("--rows", "50");
    CliRun test = drift(data, "--column-test", "salry=psi");
    assertThat(test.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(test.errLines())
        .containsExactly(
            "error: --column-test: no column 'salry' in reference.csv or current.csv (did you mean"
                + " 'salary'?)");
    assertThat(test.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
    CliRun type = drift(data, "--column-type", "income=categorical");
    assertThat(type.exitCode()).isEqualTo(ExitCode.USAGE);
    // nothing close: the few columns there are are listed
    assertThat(type.errLines())
        .containsExactly(
            "error: --column-type: no column 'income' in reference.csv or current.csv (known: age,"
                + " clicks, salary)");
    assertThat(dir.resolve("out")).doesNotExist();
    // from the config file: the file and key are named, not a flag the user never typed
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  column-test: {agee: wasserstein}\n");
    CliRun fromFile = drift(data, "--config", config.toString());
    assertThat(fromFile.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(fromFile.errLines())
        .containsExactly(
            "error: shadow.yaml: drift.column-test: no column 'agee' in reference.csv or current.csv"
                + " (did you mean 'age'?)");
    // a column left out by --exclude is not read: a file's setting for it simply does not apply
    Files.writeString(config, "drift:\n  column-test: {age: wasserstein}\n");
    CliRun excluded = drift(data, "--config", config.toString(), "--exclude", "age");
    assertThat(excluded.exitCode()).as(excluded.err()).isZero();
  }

  @Test
  void excludedNamesMustBeColumnsAndMustLeaveOneToCompare() throws Exception {
    Path data = simulate("--rows", "50");
    // a typo in --exclude left the column meant compared, without a word
    CliRun typo = drift(data, "--exclude", "salry");
    assertThat(typo.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(typo.errLines())
        .containsExactly(
            "error: --exclude: no column 'salry' in reference.csv or current.csv (did you mean"
                + " 'salary'?)");
    assertThat(typo.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
    CliRun several = drift(data, "--exclude", "salry,age,income");
    assertThat(several.errLines())
        .containsExactly(
            "error: --exclude: no columns 'income' or 'salry' (did you mean 'salary'?) in"
                + " reference.csv or current.csv (known: age, clicks, salary)");

    // every column excluded: said as such, not as two files with no column in common
    CliRun all = drift(data, "--exclude", "age,clicks,salary");
    assertThat(all.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(all.errLines())
        .containsExactly(
            "error: --exclude: left no column to compare: it excludes all 3 columns in both"
                + " reference.csv and current.csv (age, salary, clicks)");
    assertThat(dir.resolve("out")).doesNotExist();

    // from the config file: the file and key are named
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  exclude: [salry]\n");
    CliRun fromFile = drift(data, "--config", config.toString());
    assertThat(fromFile.errLines())
        .containsExactly(
            "error: shadow.yaml: drift.exclude: no column 'salry' in reference.csv or current.csv"
                + " (did you mean 'salary'?)");

    // JSON Lines: the columns are known once read, and checked then alike
    Path jsonl = Files.createDirectory(dir.resolve("jsonl"));
    for (String side : List.of("reference", "current")) {
      Files.write(
          jsonl.resolve(side + ".jsonl"),
          List.of("{\"age\": 30, \"salary\": 100}", "{\"age\": 40, \"salary\": 200}"));
    }
    CliRun lines =
        CliRun.run(
            "drift",
            "--reference",
            jsonl.resolve("reference.jsonl").toString(),
            "--current",
            jsonl.resolve("current.jsonl").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--exclude",
            "salry");
    assertThat(lines.exitCode()).as(lines.err()).isEqualTo(ExitCode.USAGE);
    assertThat(lines.errLines())
        .containsExactly(
            "error: --exclude: no column 'salry' in reference.jsonl or current.jsonl (did you mean"
                + " 'salary'?)");
  }

  @Test
  void everyUnknownNameOfAnOptionIsNamedInOneLineBeforeAnythingIsCompared() throws Exception {
    Path data = simulate("--rows", "50");
    CliRun columns = drift(data, "--columns", "agee,clicks,salry,income");
    assertThat(columns.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(columns.errLines())
        .containsExactly(
            "error: --columns: no columns 'agee' (did you mean 'age'?), 'salry' (did you mean"
                + " 'salary'?) or 'income' in reference.csv or current.csv (known: age, clicks,"
                + " salary)");
    // nothing compared, nothing printed, nothing written
    assertThat(columns.out()).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();

    CliRun one = drift(data, "--columns", "age,clickz");
    assertThat(one.errLines())
        .containsExactly(
            "error: --columns: no column 'clickz' in reference.csv or current.csv (did you mean"
                + " 'clicks'?)");

    CliRun tests = drift(data, "--column-test", "salry=psi,agee=ks,clicks=chisquare");
    assertThat(tests.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tests.errLines())
        .containsExactly(
            "error: --column-test: no columns 'agee' (did you mean 'age'?) or 'salry' (did you mean"
                + " 'salary'?) in reference.csv or current.csv");
    assertThat(dir.resolve("out")).doesNotExist();

    // in the file, but left out: told apart from a typo
    CliRun excluded = drift(data, "--columns", "age", "--exclude", "age");
    assertThat(excluded.errLines())
        .containsExactly(
            "error: --columns: column 'age' is in reference.csv and current.csv but was not read: it"
                + " is also excluded (--exclude)");

    // from the config file: the file and key are named
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  columns: [age, salry]\n");
    CliRun fromFile = drift(data, "--config", config.toString());
    assertThat(fromFile.errLines())
        .containsExactly(
            "error: shadow.yaml: drift.columns: no column 'salry' in reference.csv or current.csv"
                + " (did you mean 'salary'?)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aWrongColumnNameInCsvInputsIsRefusedFromTheHeadersBeforeTheDataIsRead() throws Exception {
    Path data = simulate("--rows", "50");
    // a current file whose rows stop being UTF-8 after 1.2 MB (past the 1 MiB the delimiter is
    // sniffed from): reading it through fails with an encoding error, so only a check made from the
    // headers can name the column
    Path current = data.resolve("current.csv");
    List<String> lines = Files.readAllLines(current);
    StringBuilder big = new StringBuilder(lines.get(0)).append('\n');
    while (big.length() < 1_200_000) {
      big.append(lines.get(1)).append('\n');
    }
    byte[] head = big.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bad = "1,2,\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = Arrays.copyOf(head, head.length + bad.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(current, all);

    CliRun readThrough = drift(data);
    assertThat(readThrough.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(readThrough.err()).contains("current.csv").doesNotContain("no column");

    CliRun named = drift(data, "--columns", "age,salry", "--column-type", "income=numeric");
    assertThat(named.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(named.errLines())
        .containsExactly(
            "error: --columns: no column 'salry' in reference.csv or current.csv (did you mean"
                + " 'salary'?)");
    // left out by --exclude: told apart from a typo from the headers too
    CliRun excluded = drift(data, "--columns", "age", "--exclude", "age");
    assertThat(excluded.errLines())
        .containsExactly(
            "error: --columns: column 'age' is in reference.csv and current.csv but was not read: it"
                + " is also excluded (--exclude)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void thresholdsThatDecideEveryColumnAlikeAreRefused() throws Exception {
    Path data = simulate("--rows", "50");
    // p-values lie in [0, 1]: p < 1.5 flags every column, p < 0 none; Evidently takes them silently
    assertUsage(
        drift(data, "--threshold", "1.5"),
        "error: --threshold: a threshold without a test goes to Evidently's default tests");
    assertUsage(
        drift(data, "--threshold", "Infinity"),
        "error: --threshold must be a number above 0 and finite: Infinity");
    assertUsage(
        drift(data, "--threshold", "NaN"),
        "error: --threshold must be a number above 0 and finite: NaN");
    assertUsage(
        drift(data, "--stattest", "ks", "--threshold", "1"),
        "error: --threshold: 'ks' is a p-value test: its threshold must be in (0, 1), not 1.0");
    assertUsage(
        drift(data, "--stattest", "ks:1.5"),
        "error: --stattest: 'ks' is a p-value test: its threshold must be in (0, 1), not 1.5");
    assertUsage(
        drift(data, "--stattest", "wasserstein:Infinity"),
        "error: --stattest: threshold must be a number above 0 and finite: Infinity");
    assertUsage(
        drift(data, "--stattest", "psi:0"),
        "error: --stattest: threshold must be a number above 0 and finite: 0.0");
    assertUsage(
        drift(data, "--type-test", "numeric=:2"),
        "error: --type-test numeric: a threshold without a test goes to Evidently's default tests");
    assertUsage(
        drift(data, "--column-test", "age=:1.5"),
        "error: --column-test age: a threshold without a test goes to Evidently's default tests");
    // at 0 a dataset with no drifted column drifts
    assertUsage(
        drift(data, "--drift-share", "0"), "error: --drift-share must be a number in (0, 1]: 0.0");
    assertUsage(
        drift(data, "--drift-share", "-1"),
        "error: --drift-share must be a number in (0, 1]: -1.0");
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "drift:\n  drift-share: 0\n");
    assertUsage(
        drift(data, "--config", config.toString()),
        "error: shadow.yaml: drift.drift-share: must be a number in (0, 1]: 0.0");
    assertThat(dir.resolve("out")).doesNotExist();

    // a distance may exceed 1 once its test is known, at its own level or a broader one
    for (String[] fine :
        new String[][] {
          {"--stattest", "wasserstein:1.5"},
          {"--stattest", "wasserstein", "--threshold", "1.5"},
          {"--stattest", "wasserstein", "--column-test", "age=:1.5"},
          {"--column-test", "age=psi:2", "--drift-share", "1"}
        }) {
      CliRun run = drift(data, fine);
      assertThat(run.exitCode()).as(String.join(" ", fine) + ": " + run.err()).isZero();
    }
  }

  private static void assertUsage(CliRun run, String errorStart) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().startsWith(errorStart);
  }

  @Test
  void simulateRefusesAShiftOrScaleThatTheFilesCouldNotHold() throws Exception {
    // 1e17 + 30.67 printed with cents overflowed the writer's long: every value became
    // 92233720368547758.07; 1e308 * 100 is infinite
    for (String[] bad :
        new String[][] {
          {"--shift", "age=1e17"},
          {"--shift", "age=1e308"},
          {"--shift", "clicks=-1e14"},
          {"--scale", "salary=1e12"},
          {"--scale", "age=1e308"}
        }) {
      Path out = dir.resolve("sim-" + bad[1].replace('=', '_'));
      CliRun run = CliRun.run("simulate", "--out", out.toString(), bad[0], bad[1]);
      assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(ExitCode.USAGE);
      assertThat(run.errLines())
          .singleElement()
          .asString()
          .startsWith("error: --shift/--scale: ")
          .contains("1e13");
      assertThat(out).as("nothing written for " + String.join(" ", bad)).doesNotExist();
    }
    CliRun scale = CliRun.run("simulate", "--out", dir.toString(), "--scale", "salary=1e12");
    assertThat(scale.err())
        .contains("current 'salary' value")
        .contains("with scale 1.0E12 and shift 25000.0, beyond +/-1e13");
    // up to 1e13 cents still print exactly: the file holds the value generated
    Path big = dir.resolve("big");
    CliRun fine =
        CliRun.run("simulate", "--out", big.toString(), "--rows", "5", "--shift", "age=9e12");
    assertThat(fine.exitCode()).as(fine.err()).isZero();
    for (String line : Files.readAllLines(big.resolve("current.csv")).subList(1, 6)) {
      String age = line.substring(0, line.indexOf(','));
      assertThat(age).startsWith("90000000000").matches("\\d+\\.\\d\\d");
      assertThat(new BigDecimal(age).subtract(new BigDecimal("9e12")))
          .isBetween(new BigDecimal("0"), new BigDecimal("100"));
    }
  }

  @Test
  void badUsageIsOneLineAndExitTwo() {
    Path data = simulate("--rows", "20");
    CliRun unknownTest = drift(data, "--stattest", "kss");
    assertThat(unknownTest.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknownTest.errLines())
        .singleElement()
        .asString()
        .contains("--stattest")
        .contains("'kss'");
    CliRun unknownColumn = drift(data, "--columns", "agee");
    assertThat(unknownColumn.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknownColumn.errLines())
        .singleElement()
        .asString()
        .contains("--columns")
        .contains("'agee'");
    CliRun share = drift(data, "--drift-share", "2");
    assertThat(share.errLines()).singleElement().asString().contains("--drift-share");
    CliRun type = drift(data, "--column-type", "age=number");
    assertThat(type.errLines())
        .singleElement()
        .asString()
        .contains("--column-type age")
        .contains("'number'");
    CliRun shift = CliRun.run("simulate", "--out", dir.toString(), "--shift", "income=5");
    assertThat(shift.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(shift.errLines()).singleElement().asString().contains("income");
  }

  @Test
  void simulateWithTheCurrentFileTakenByAFolderKeepsTheReference() throws Exception {
    Path data = simulate("--rows", "20");
    Path target = TakenTarget.byAFolder(data, "current.csv");
    FolderSnapshot before = FolderSnapshot.of(data);
    CliRun run = CliRun.run("simulate", "--out", data.toString(), "--rows", "30", "--seed", "7");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .as(run.err())
        .containsExactly("error: --out: cannot write " + target + ": it is a directory");
    assertThat(FolderSnapshot.of(data)).isEqualTo(before);
  }

  @Test
  void driftWithItsStatusTakenByAFolderKeepsTheEarlierReport() throws Exception {
    Path data = simulate("--rows", "200");
    CliRun first = drift(data);
    assertThat(first.exitCode()).as(first.err()).isIn(0, 1);
    Path out = dir.resolve("out");
    Path target = TakenTarget.byAFolder(out, "drift_status.json");
    FolderSnapshot before = FolderSnapshot.of(out);
    CliRun run = drift(data, "--columns", "age");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .as(run.err())
        .containsExactly("error: --out: cannot write " + target + ": it is a directory");
    assertThat(FolderSnapshot.of(out)).isEqualTo(before);
  }
}
