package dev.shadowpipeline.report.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  // records in the records.jsonl shape, as the proxy writes them
  private static ObjectNode record(int i, boolean agree) throws Exception {
    String decision = agree || i % 2 == 0 ? "approve" : "reject";
    String shadowDecision = agree ? decision : (decision.equals("approve") ? "reject" : "approve");
    String json =
        """
        {"id":"r%d","time":"%s","method":"POST","path":"/predict",
         "request":{"headers":{},"body_format":"json","body":{"income":%d,"ssn":"<script>alert(1)</script>"}},
         "primary":{"status":200,"latency_ms":%s,"body_format":"json","body":{"decision":"%s"}},
         "shadow":{"status":200,"latency_ms":%s,"body_format":"json","body":{"decision":"%s"}},
         "verdict":{"comparator":"errors+label+latency","match":%s,%s"difference_count":%d,
           "differences":[%s],
           "observations":[{"comparator":"label","path":"/decision","metric":"agreement","value":%d,
             "primary":"%s","shadow":"%s"}]}}
        """
            .formatted(
                i,
                Instant.parse("2026-11-23T09:00:00Z").plusSeconds(i),
                1000 + i,
                5 + i % 7,
                decision,
                9 + i % 11,
                shadowDecision,
                agree,
                agree ? "" : "\"severity\":\"critical\",",
                agree ? 0 : 1,
                agree
                    ? ""
                    : "{\"kind\":\"label_flip\",\"path\":\"/decision\",\"severity\":\"critical\",\"reason\":\""
                        + decision
                        + " -> "
                        + shadowDecision
                        + "\"}",
                agree ? 1 : 0,
                decision,
                shadowDecision);
    return (ObjectNode) MAPPER.readTree(json);
  }

  private static ComparisonSummary summary(int n) throws Exception {
    ComparisonAggregator agg = new ComparisonAggregator();
    for (int i = 0; i < n; i++) {
      agg.accept(record(i, i % 20 != 0));
    }
    return agg.summary();
  }

  @Test
  void writesOneSelfContainedFileAndTheSummary() throws Exception {
    ComparisonSummary s = summary(500);
    ComparisonReport.write(
        dir, "replay of inputs.csv", s, Gate.evaluate(s, GateCriteria.DEFAULTS), MAPPER);
    String html = Files.readString(dir.resolve(ComparisonReport.FILE));
    assertThat(html)
        .contains("Shadow comparison", "Promotion gate: FAIL", "/decision", "label_flip");
    assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContain("<link ");
    // request bodies are escaped, never executed
    assertThat(html).doesNotContain("<script>alert(1)</script>");
    var summary = MAPPER.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.get("requests").asLong()).isEqualTo(500);
    assertThat(summary.at("/divergences_by_severity/critical").asLong()).isEqualTo(25);
    assertThat(summary.at("/confusion_matrices/0/labels").toString())
        .isEqualTo("[\"approve\",\"reject\"]");
  }

  @Test
  void rendersWithoutAGateAndWithoutRecords() throws Exception {
    String html = ComparisonReport.render("empty", new ComparisonAggregator().summary(), null);
    assertThat(html).contains("No diverging pairs").doesNotContain("Promotion gate:");
  }

  @Test
  void itsSizeDoesNotGrowWithTheNumberOfRecords() throws Exception {
    int small = ComparisonReport.render("t", summary(2_000), null).length();
    int large = ComparisonReport.render("t", summary(40_000), null).length();
    assertThat(large).isLessThan(small + 20_000);
    assertThat(large).isLessThan(5 * 1024 * 1024);
  }
}
