package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.LoanModels;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow report} reads records.jsonl with a byte scanner, and with Jackson alone when
 * {@code -Dshadow.records.scanner=false}: on a mixed file (real records of a replay against two model versions and
 * against a shadow that is down, LLM text and ranking answers with escapes and non-ASCII text, and the lines a crash
 * or a foreign writer leaves) both write byte for byte the same summary.json, regression_suite.json and report.html,
 * print the same summary and name the same skipped lines.
 */
class ScannedReportCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PROPERTY = "shadow.records.scanner";
  @RegisterExtension static final LoanModels MODELS = new LoanModels();
  @TempDir Path dir;

  private List<String> replay(String name, String shadow, int rows) throws Exception {
    List<String> inputs = new ArrayList<>();
    for (int n = 0; n < rows; n++) {
      inputs.add(
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
              + ",\"note\":\"caf\u00e9 \\\"{}\\\" \u65e5\u672c\"}");
    }
    Path input = dir.resolve(name + ".jsonl");
    Files.write(input, inputs);
    Path out = dir.resolve(name);
    CliRun run =
        CliRun.run(
            "replay",
            "--input",
            input.toString(),
            "--primary",
            MODELS.v1Url(),
            "--shadow",
            shadow,
            "--out",
            out.toString(),
            "--label",
            "/decision",
            "--timeout",
            "2s");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.readAllLines(out.resolve("records.jsonl"));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  // a record of the replay turned into an LLM text answer or a ranking, with escapes and non-ASCII
  // text
  private static String variant(String line, int i) throws Exception {
    ObjectNode r = (ObjectNode) MAPPER.readTree(line);
    ObjectNode shadow = (ObjectNode) r.path("shadow");
    if (shadow.has("error")) {
      return line;
    }
    if (i % 2 == 0) {
      shadow.put("body_format", "text");
      shadow.put("body", "R\u00e9ponse \"cit\u00e9e\" {\n\t\\ \ud83d\ude00 \u0001 }");
      ObjectNode llm = shadow.putObject("llm");
      llm.put("model", "m\u00f6del-" + i);
      llm.put("input_tokens", 12 + i);
      llm.put("output_tokens", 7);
      llm.put("tokens_estimated", false);
      llm.putNull("cost");
      llm.put("unpriced", true);
      ObjectNode stream = shadow.putObject("stream");
      stream.put("ttfb_ms", 1.5);
      stream.put("ttft_ms", 2.25 + i);
      stream.put("chunks", 4);
      stream.put("malformed", 0);
      stream.put("truncated", false);
    } else {
      ObjectNode body = shadow.putObject("body");
      var results = body.putArray("results");
      for (int k = 0; k < 3; k++) {
        results.addObject().put("id", "d\u00f6c-" + k + "}").put("score", 1.0 / (k + i + 1));
      }
      shadow.put("body_format", "json");
    }
    return MAPPER.writeValueAsString(r);
  }

  private record Written(String summary, String suite, String report, String out, String err) {}

  private Written report(Path records, boolean scanner) throws Exception {
    Path out = dir.resolve(scanner ? "scanned" : "jackson");
    String before = System.getProperty(PROPERTY);
    CliRun run;
    try {
      if (scanner) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, "false");
      }
      run = CliRun.run("report", "--records", records.toString(), "--out", out.toString());
    } finally {
      if (before == null) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, before);
      }
    }
    assertThat(run.exitCode()).as(run.err()).isZero();
    return new Written(
        Files.readString(out.resolve("summary.json")),
        Files.readString(out.resolve("regression_suite.json")),
        Files.readString(out.resolve("report.html")),
        // the time it took, and where it wrote, differ
        run.out().replaceAll(" in [0-9.]+ s", "").replace(out.toString(), "OUT"),
        run.err());
  }

  @Test
  void theScannerAndJacksonWriteTheSameReportSummaryAndSuite() throws Exception {
    List<String> agreeingAndDiverging = replay("versions", MODELS.v2Url(), 60);
    List<String> errors = replay("down", "http://127.0.0.1:" + closedPort(), 8);
    List<String> good = new ArrayList<>();
    for (int i = 0; i < agreeingAndDiverging.size(); i++) {
      String line = agreeingAndDiverging.get(i);
      good.add(i % 3 == 0 ? variant(line, i) : line);
    }
    good.addAll(errors);
    // over 5 MB of good records first, so that the first chunk of 4 MB is the scanner's alone, then
    // a chunk with
    // the lines a crash or a foreign writer leaves, which is read the usual way
    List<String> lines = new ArrayList<>();
    long bytes = 0;
    int copies = 0;
    while (bytes < 5 << 20) {
      for (String line : good) {
        // each copy is other pairs: a repeated id would be counted once
        String copy =
            line.replaceFirst("^\\{\"id\":\"([^\"]*)\"", "{\"id\":\"$1-c" + copies + "\"");
        assertThat(copy).isNotEqualTo(line);
        lines.add(copy);
        bytes += copy.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      copies++;
    }
    lines.add("{\"id\":\"cut-short\",\"verdict\":{\"mat"); // what a crash leaves
    int cut = lines.size();
    lines.add(good.get(1).replace("\"match\":", " \"match\" : ")); // a good record, spaced
    lines.add("");
    lines.add("[\"not a record\"]");
    int notRecord = lines.size();
    lines.add(good.get(2));
    lines.add("{\"id\":\"foreign\",\"verdict\":{\"match\":true,\"difference_count\":01}}");
    Path records = dir.resolve("mixed").resolve("records.jsonl");
    Files.createDirectories(records.getParent());
    Files.write(records, lines, StandardCharsets.UTF_8);

    Written jackson = report(records, false);
    Written scanned = report(records, true);

    assertThat(scanned.summary()).isEqualTo(jackson.summary());
    assertThat(scanned.suite()).isEqualTo(jackson.suite());
    assertThat(scanned.report()).isEqualTo(jackson.report());
    assertThat(scanned.out()).isEqualTo(jackson.out());
    assertThat(scanned.err()).isEqualTo(jackson.err());
    // and the file held what it should: records of every kind, three skipped lines, named
    assertThat(scanned.out()).contains("Read " + (copies * good.size() + 2) + " records");
    assertThat(scanned.err())
        .contains("skipped 3 unreadable lines")
        .contains("line " + cut + ": not JSON")
        .contains("line " + notRecord + ": not a record");
    // and so does the page, not only stderr
    assertThat(scanned.report()).contains("records.jsonl (3 unreadable lines skipped)");
    assertThat(MAPPER.readTree(scanned.summary()).path("shadow_errors").asLong())
        .isEqualTo(8L * copies);
  }
}
