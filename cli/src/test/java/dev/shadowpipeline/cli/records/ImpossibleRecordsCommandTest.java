package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report and gate skip a line no writer of records could have written, name it with its line number among the
 * unreadable lines, and decide on the rest; a file of nothing else is bad input.
 */
class ImpossibleRecordsCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  private Path records(String name, List<String> lines) throws Exception {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.write(folder.resolve("records.jsonl"), lines);
    return folder;
  }

  @Test
  void impossibleRecordsAreSkippedAndNamedNotCounted() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(Records.answered("r" + i, "10.0", "12.0", Records.AGREED));
    }
    lines.add(Records.answered("null-verdict", "10.0", "12.0", "null")); // line 201
    lines.add(
        Records.answered(
            "match-beside-critical",
            "10.0",
            "12.0",
            "{\"match\":true,\"severity\":\"critical\",\"difference_count\":1,\"differences\":[{\"kind\":"
                + "\"label_flip\",\"path\":\"/decision\",\"severity\":\"critical\"}]}")); // line
    // 202
    lines.add(Records.answered("negative", "12000.0", "-3.0", Records.AGREED)); // line 203
    Path out = records("mixed", lines);

    CliRun gate = CliRun.run("gate", "--records", out.toString(), "--min-agreement", "0");
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isZero();
    assertThat(gate.err())
        .contains("skipped 3 unreadable lines")
        .contains("line 201: impossible record: verdict is null, not an object")
        .contains("line 202: impossible record: verdict.match is true beside 1 difference")
        .contains("line 203: impossible record: shadow.latency_ms is negative (-3.0)");
    JsonNode json = MAPPER.readTree(out.resolve("gate.json").toFile());
    assertThat(json.get("requests").asLong()).isEqualTo(200);
    assertThat(json.get("unreadable_lines").asLong()).isEqualTo(3);
    assertThat(json.get("unreadable").get(0).asText()).startsWith("line 201: impossible record");

    CliRun report = CliRun.run("report", "--records", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("requests").asLong()).isEqualTo(200);
    assertThat(summary.at("/divergences_by_severity/warning").asLong()).isZero();
    // every pair 10 ms against 12 ms: nothing else pulls the delta
    assertThat(summary.at("/latency_ms/delta/mean").asDouble()).isEqualTo(2.0);
    // not the skipped record's 12 s (HdrHistogram keeps 3 significant digits: 10.007)
    assertThat(summary.at("/latency_ms/primary/max").asDouble()).isCloseTo(10.0, within(0.01));
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("(3 unreadable lines skipped)");
  }

  @Test
  void aGzippedRecordsFileIsNamedAsSuchNotAsLinesOfControlCharacters() throws Exception {
    Path folder = records("plain", List.of(Records.answered("a", "10.0", "12.0", Records.AGREED)));
    Path gz = folder.resolve("records.jsonl.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(folder.resolve("records.jsonl")));
    }
    for (String command : List.of("gate", "report")) {
      CliRun run = CliRun.run(command, "--records", gz.toString(), "--out", folder.toString());
      assertThat(run.exitCode()).as(command + "\n" + run.out() + run.err()).isEqualTo(2);
      // before: "... unreadable (line 1: not JSON: Illegal character ((CTRL-CHAR, code 31)) ..."
      assertThat(run.errLines())
          .as(command)
          .containsExactly(
              "error: --records: no record could be read from "
                  + gz
                  + ": it is gzip-compressed; decompress it first (gunzip -k "
                  + gz
                  + "): a records file is read in place, on all cores");
    }
  }

  @Test
  void aFileOfImpossibleRecordsOnlyIsBadInput() throws Exception {
    Path out =
        records(
            "all-impossible",
            List.of(
                Records.answered("a", "10.0", "12.0", "null"),
                Records.answered("b", "10.0", "12.0", "\"agree\"")));
    for (String command : List.of("gate", "report")) {
      CliRun run = CliRun.run(command, "--records", out.toString());
      assertThat(run.exitCode()).as(command + "\n" + run.out() + run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(command).hasSize(1);
      assertThat(run.errLines()[0])
          .startsWith("error: --records: no record could be read from ")
          .contains(
              "all 2 of its lines are unreadable (line 1: impossible record: verdict is null");
    }
    assertThat(out.resolve("gate.json")).doesNotExist();
    assertThat(out.resolve("summary.json")).doesNotExist();
  }

  @Test
  void oneUnreadableLineIsSaidInTheSingular() throws Exception {
    Path out =
        records(
            "one-bad",
            List.of(
                Records.answered("a", "10.0", "12.0", Records.AGREED),
                Records.answered("b", "10.0", "12.0", "null")));
    CliRun report = CliRun.run("report", "--records", out.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.errLines()[0])
        .isEqualTo("warning: skipped 1 unreadable line of " + out.resolve("records.jsonl") + ":");
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("(1 unreadable line skipped)");
  }
}
