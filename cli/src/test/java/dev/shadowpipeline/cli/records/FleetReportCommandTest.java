package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.LoanModels;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow report} over the records of a fleet: two replays under two instance ids (one whose shadow is down),
 * their records files concatenated, plus older records without an instance id. The per-instance counts must equal
 * what each run recorded, and the replica whose shadow copies all failed must stand out.
 */
class FleetReportCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;

  private Path inputs(int rows, int offset) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int n = offset + i;
      lines.add(
          "{\"age\":"
              + (25 + n % 40)
              + ",\"income\":"
              + (20_000 + 997 * n % 90_000)
              + ",\"debt_ratio\":0."
              + (10 + n % 60)
              + ",\"credit_score\":"
              + (520 + 7 * n % 300)
              + ",\"loan_amount\":"
              + (5_000 + 331 * n % 40_000)
              + ",\"employment_years\":"
              + n % 20
              + "}");
    }
    Path file = dir.resolve("inputs-" + offset + ".jsonl");
    Files.write(file, lines);
    return file;
  }

  private Path replay(String instance, String shadow, int rows, int offset) throws Exception {
    Path out = dir.resolve(instance);
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            inputs(rows, offset).toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            shadow,
            "--out",
            out.toString(),
            "--label",
            "/decision",
            "--instance-id",
            instance,
            "--timeout",
            "2s");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out.resolve("records.jsonl");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @Test
  void theReportOfConcatenatedRecordsCountsEachInstanceAndNamesTheFailingOne() throws Exception {
    Path a = replay("replica-a", MODELS.v2Url(), 40, 0);
    Path b = replay("replica-b", "http://127.0.0.1:" + closedPort(), 15, 1000);
    Path older = replay("older", MODELS.v2Url(), 5, 2000);
    // what a file written before instance ids holds: the same records without the field
    List<String> olderLines = new ArrayList<>();
    for (String line : Files.readAllLines(older)) {
      var r = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(line);
      r.remove("instance_id");
      olderLines.add(MAPPER.writeValueAsString(r));
    }
    Path fleet = dir.resolve("fleet").resolve("records.jsonl");
    Files.createDirectories(fleet.getParent());
    Files.write(fleet, Files.readAllLines(a));
    Files.write(fleet, Files.readAllLines(b), StandardOpenOption.APPEND);
    Files.write(fleet, olderLines, StandardOpenOption.APPEND);
    JsonNode summaryA = MAPPER.readTree(a.resolveSibling("summary.json").toFile());

    CliRun report = CliRun.run("report", "--records", fleet.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out())
        .contains("instances          3; every shadow copy failed on replica-b (15 of 15)");

    JsonNode summary = MAPPER.readTree(fleet.resolveSibling("summary.json").toFile());
    assertThat(summary.path("requests").asInt()).isEqualTo(60);
    JsonNode instances = summary.path("instances");
    assertThat(instances).hasSize(3);
    JsonNode ra = instances.get(0);
    JsonNode rb = instances.get(1);
    JsonNode rn = instances.get(2);
    assertThat(ra.path("instance_id").asText()).isEqualTo("replica-a");
    assertThat(rb.path("instance_id").asText()).isEqualTo("replica-b");
    assertThat(rn.path("instance_id").isNull()).isTrue();
    // replica-a's row is what its own run summarized
    assertThat(ra.path("pairs").asInt()).isEqualTo(40);
    assertThat(ra.path("matches").asLong()).isEqualTo(summaryA.path("matches").asLong());
    assertThat(ra.path("divergences_by_severity"))
        .isEqualTo(summaryA.path("divergences_by_severity"));
    assertThat(ra.path("status").asText()).isEqualTo("ok");
    assertThat(rb.path("pairs").asInt()).isEqualTo(15);
    assertThat(rb.path("shadow_errors").asInt()).isEqualTo(15);
    assertThat(rb.path("status").asText()).isEqualTo("shadow_failing");
    assertThat(rn.path("pairs").asInt()).isEqualTo(5);
    // each replay's own summary names its instance too
    assertThat(summaryA.path("instances").get(0).path("instance_id").asText())
        .isEqualTo("replica-a");

    String page = Files.readString(fleet.resolveSibling("report.html"));
    Matcher row =
        Pattern.compile(
                "<tr data-instance=\"replica-b\" data-status=\"shadow_failing\" class=\"failing\">(.*?)</tr>",
                Pattern.DOTALL)
            .matcher(page);
    assertThat(row.find()).as("replica-b's row, marked failing").isTrue();
    assertThat(row.group(1)).contains("shadow failing: every copy failed");
    assertThat(page).contains("<li>replica-b (15 of 15 copies failed)</li>");
  }

  @Test
  void aTraceUrlTemplateFromTheConfigIsCheckedAndABadOneNamesItsKey() throws Exception {
    Path records = replay("replica-a", MODELS.v2Url(), 5, 0);
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "report:\n  trace-url: https://jaeger.example/trace/\n");
    CliRun bad =
        CliRun.run("report", "--records", records.toString(), "--config", config.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.errLines())
        .singleElement()
        .asString()
        .contains("shadow.yaml: report.trace-url")
        .contains("{trace_id}");

    CliRun flag =
        CliRun.run(
            Map.of(),
            "report",
            "--records",
            records.toString(),
            "--trace-url",
            "ftp://x/{trace_id}");
    assertThat(flag.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(flag.errLines()).singleElement().asString().startsWith("error: --trace-url");

    // records of a proxy carry their trace ids; a shadow that is down makes every pair diverge
    Path traced = replay("replica-c", "http://127.0.0.1:" + closedPort(), 5, 3000);
    List<String> lines = new ArrayList<>();
    int n = 0;
    for (String line : Files.readAllLines(traced)) {
      var r = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(line);
      r.put("trace_id", String.format("%032x", 0xabc0L + n++));
      lines.add(MAPPER.writeValueAsString(r));
    }
    Files.write(traced, lines);
    Files.writeString(config, "report:\n  trace-url: https://jaeger.example/trace/{trace_id}\n");
    CliRun good =
        CliRun.run("report", "--records", traced.toString(), "--config", config.toString());
    assertThat(good.exitCode()).as(good.err()).isZero();
    String page = Files.readString(traced.resolveSibling("report.html"));
    JsonNode summary = MAPPER.readTree(traced.resolveSibling("summary.json").toFile());
    assertThat(summary.path("top_divergences")).hasSize(5);
    for (JsonNode d : summary.path("top_divergences")) {
      assertThat(page)
          .contains("href=\"https://jaeger.example/trace/" + d.path("trace_id").asText() + "\"");
    }
  }
}
