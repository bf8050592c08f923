package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines that are JSON objects with a verdict, but that no writer of records could have written, are skipped and named
 * with their line number like a line a crash cut short, by the byte scanner and by Jackson alike: none of them counts
 * as a divergence, as agreement or as a latency.
 */
class ImpossibleRecordsTest {

  @TempDir Path dir;

  private static final String SIDE = "{\"status\":200,\"latency_ms\":%s,\"body\":{\"d\":1}}";
  private static final String AGREED =
      "{\"comparator\":\"json\",\"match\":true,\"difference_count\":0,\"differences\":[]}";
  private static final String CRITICAL_DIFFERENCE =
      "[{\"kind\":\"label_flip\",\"path\":\"/decision\",\"primary\":\"reject\",\"shadow\":\"approve\","
          + "\"severity\":\"critical\"}]";

  private static String record(int i, String primaryMs, String shadowMs, String verdict) {
    return "{\"id\":\"r"
        + i
        + "\",\"method\":\"POST\",\"path\":\"/p\",\"request\":{\"body\":{\"i\":"
        + i
        + "}},\"primary\":"
        + String.format(SIDE, primaryMs)
        + ",\"shadow\":"
        + String.format(SIDE, shadowMs)
        + ",\"verdict\":"
        + verdict
        + "}";
  }

  @Test
  void impossibleRecordsAreBadLinesNamedByTheirNumber() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add(record(i, "10", "12", AGREED));
    }
    String[][] impossible = {
      {record(50, "10", "12", "null"), "verdict is null, not an object"},
      {record(51, "10", "12", "\"agree\""), "verdict is 'agree', not an object"},
      {
        record(52, "10", "12", "{\"match\":\"true\"}"), "verdict.match is 'true', not true or false"
      },
      {record(53, "10", "12", "{}"), "verdict.match is missing"},
      {record(53, "10", "12", "{\"match\":1}"), "verdict.match is 1, not true or false"},
      {
        record(
            54,
            "10",
            "12",
            "{\"match\":true,\"severity\":\"critical\",\"difference_count\":1,\"differences\":"
                + CRITICAL_DIFFERENCE
                + "}"),
        "verdict.match is true beside 1 difference, the worst critical"
      },
      {record(55, "10", "12", "{\"match\":true,\"difference_count\":3}"), "difference_count of 3"},
      {
        record(56, "10", "12", "{\"match\":false,\"severity\":\"catastrophic\"}"),
        "verdict.severity is 'catastrophic', not info, warning or critical"
      },
      {record(57, "12000", "-5", AGREED), "shadow.latency_ms is negative (-5)"},
      {record(58, "-12000.5", "5", AGREED), "primary.latency_ms is negative (-12000.5)"},
    };
    for (String[] bad : impossible) {
      lines.add(bad[0]);
    }
    lines.add(record(59, "10", "12", AGREED));
    Path file = dir.resolve("records.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);

    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    assertThat(read.stats().records()).isEqualTo(51);
    assertThat(read.stats().badLines()).isEqualTo(impossible.length);
    for (int k = 0; k < impossible.length; k++) {
      assertThat(read.stats().problems().get(k))
          .startsWith("line " + (51 + k) + ": impossible record: ")
          .contains(impossible[k][1]);
    }
    assertThat(read.records()).extracting(r -> r.get("id").asText()).doesNotContain("r50", "r58");

    // the summary never saw them: every pair agreed, no delta below zero
    ComparisonAggregator aggregator = new ComparisonAggregator();
    RecordsFile.readForSummary(file, ScannedReads.MAPPER, aggregator);
    ComparisonSummary summary = aggregator.summary();
    assertThat(summary.requests()).isEqualTo(51);
    assertThat(summary.matches()).isEqualTo(51);
    assertThat(summary.severities()).isEmpty();
    assertThat(summary.latencyDelta().count()).isEqualTo(51);
    assertThat(summary.latencyDelta().meanMillis()).isEqualTo(2.0);
  }

  @Test
  void recordsAsTheWriterWritesThemPass() throws Exception {
    ObjectNode diverging =
        (ObjectNode)
            ScannedReads.MAPPER.readTree(
                record(
                    1,
                    "0",
                    "-0.0",
                    "{\"match\":false,\"severity\":\"info\",\"difference_count\":1,\"differences\":"
                        + "[{\"kind\":\"latency\",\"path\":\"\",\"severity\":\"info\"}]}"));
    assertThat(RecordCheck.problem(diverging)).isNull();
    // an error side has a latency and no body; a latency that is not a number is the summary's to
    // count as unreadable
    ObjectNode failed =
        (ObjectNode)
            ScannedReads.MAPPER.readTree(
                "{\"id\":\"x\",\"primary\":{\"latency_ms\":3,\"error\":{\"kind\":\"timeout\"}},"
                    + "\"shadow\":{\"latency_ms\":\"n/a\"},\"verdict\":{\"match\":false}}");
    assertThat(RecordCheck.problem(failed)).isNull();
  }
}
