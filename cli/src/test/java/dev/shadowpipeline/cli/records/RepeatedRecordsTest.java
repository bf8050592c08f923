package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A records file holding some lines twice (a copy appended to itself, two collections of the same window
 * concatenated) gives the report and the gate each pair once, and says how many it skipped: counted twice, 60
 * pairs read as 120 and the gate's Wilson bound rose as if twice the evidence were there.
 */
class RepeatedRecordsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void eachPairCountsOnceInTheReportAndTheGate() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(
          Records.answered(
              String.format("01a23b0f-dce0-7903-8a29-%012x", i), "10.0", "12.0", Records.AGREED));
    }
    for (int i = 0; i < 10; i++) {
      lines.add(Records.answered("flip-" + i, "10.0", "12.0", Records.FLIPPED));
    }
    Path once = dir.resolve("once");
    Path twice = dir.resolve("twice");
    Files.createDirectories(once);
    Files.createDirectories(twice);
    Files.write(once.resolve("records.jsonl"), lines);
    List<String> doubled = new ArrayList<>(lines);
    doubled.addAll(lines);
    Files.write(twice.resolve("records.jsonl"), doubled);

    CliRun report = CliRun.run("report", "--records", twice.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.errLines())
        .containsExactly(
            "warning: "
                + twice.resolve("records.jsonl")
                + ": 60 records repeat the id of an earlier record and were skipped, so each pair"
                + " counts once (first: 01a23b0f-dce0-7903-8a29-000000000000)");
    CliRun reportOnce = CliRun.run("report", "--records", once.toString());
    JsonNode summary = MAPPER.readTree(twice.resolve("summary.json").toFile());
    JsonNode summaryOnce = MAPPER.readTree(once.resolve("summary.json").toFile());
    assertThat(reportOnce.err()).isEmpty();
    assertThat(summary.get("requests").asLong()).isEqualTo(60);
    assertThat(summary.get("agreement")).isEqualTo(summaryOnce.get("agreement"));
    assertThat(Files.readString(twice.resolve("report.html")))
        .contains("(60 repeated records counted once)");

    // Wilson lower bound of 50 of 60 at 95%, scipy 1.17.1:
    // binomtest(50, 60).proportion_ci(confidence_level=0.95, method='wilson').low = 0.71968...;
    // of 100 of 120 it would be 0.75655
    CliRun gate = CliRun.run("gate", "--records", twice.toString(), "--min-agreement", "0.7");
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isZero();
    assertThat(gate.out()).contains("observed 50 of 60 = 0.8333").contains("0.7197");
    JsonNode verdict = MAPPER.readTree(twice.resolve("gate.json").toFile());
    assertThat(verdict.get("duplicate_records").asLong()).isEqualTo(60);
  }
}
