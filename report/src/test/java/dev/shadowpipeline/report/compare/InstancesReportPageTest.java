package dev.shadowpipeline.report.compare;

import static dev.shadowpipeline.report.compare.LoanRecords.answer;
import static dev.shadowpipeline.report.compare.LoanRecords.failed;
import static dev.shadowpipeline.report.compare.LoanRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's records in one report: the "Instances" table counts each replica's pairs, a replica whose shadow copies
 * all failed stands out by its status text and a banner, and each divergence links to its trace when a URL template
 * is given (an id that is not a trace id never becomes part of a link).
 */
class InstancesReportPageTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dir;

  /**
   * replica-a: 10 pairs, the 4th a reject its shadow approves (critical) with a trace id; replica-b: 6 pairs, every
   * shadow copy timed out; and 2 records written before instance ids (no instance_id).
   */
  static ComparisonSummary fleet() {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    for (int i = 0; i < 10; i++) {
      ObjectNode r =
          i == 3
              ? record(
                  i,
                  "/predict",
                  "",
                  answer(200, "reject", 0.2, 10),
                  answer(200, "approve", 0.2, 12))
              : record(
                  i,
                  "/predict",
                  "",
                  answer(200, "approve", 0.8, 10),
                  answer(200, "approve", 0.8, 12));
      r.put("instance_id", "replica-a");
      if (i == 3) {
        r.put("trace_id", TRACE);
      }
      aggregator.accept(r);
    }
    for (int i = 10; i < 16; i++) {
      ObjectNode r =
          record(i, "/predict", "", answer(200, "approve", 0.8, 10), failed(ErrorKind.TIMEOUT));
      r.put("instance_id", "replica-b");
      aggregator.accept(r);
    }
    for (int i = 16; i < 18; i++) {
      aggregator.accept(
          record(
              i, "/predict", "", answer(200, "approve", 0.8, 10), answer(200, "approve", 0.8, 12)));
    }
    return aggregator.summary();
  }

  @Test
  void theInstancesTableCountsEachReplicaAndTheFailingOneStandsOutByItsText() throws Exception {
    ComparisonReport.write(dir, "fleet", fleet(), null, null, null, null, LoanRecords.MAPPER);
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE)).assertLoadsNothing();
    JsonNode summary = LoanRecords.MAPPER.readTree(dir.resolve("summary.json").toFile());

    // summary.json: one object per instance, those without an id last
    JsonNode instances = summary.path("instances");
    assertThat(instances).hasSize(3);
    JsonNode a = instances.get(0);
    assertThat(a.path("instance_id").asText()).isEqualTo("replica-a");
    assertThat(a.path("status").asText()).isEqualTo("ok");
    assertThat(a.path("pairs").asLong()).isEqualTo(10);
    assertThat(a.path("matches").asLong()).isEqualTo(9);
    assertThat(a.at("/divergences_by_severity/critical").asLong()).isEqualTo(1);
    assertThat(a.path("shadow_errors").asLong()).isZero();
    assertThat(a.path("drops").isNull()).as("not known from records").isTrue();
    JsonNode b = instances.get(1);
    assertThat(b.path("instance_id").asText()).isEqualTo("replica-b");
    assertThat(b.path("status").asText()).isEqualTo("shadow_failing");
    assertThat(b.path("pairs").asLong()).isEqualTo(6);
    assertThat(b.path("shadow_errors").asLong()).isEqualTo(6);
    assertThat(b.path("shadow_timeouts").asLong()).isEqualTo(6);
    assertThat(b.path("shadow_error_rate").asDouble()).isEqualTo(1.0);
    JsonNode older = instances.get(2);
    assertThat(older.path("instance_id").isNull()).isTrue();
    assertThat(older.path("pairs").asLong()).isEqualTo(2);
    // the per-instance pairs add up to the whole
    assertThat(a.path("pairs").asLong() + b.path("pairs").asLong() + older.path("pairs").asLong())
        .isEqualTo(summary.path("requests").asLong());

    // the report: a row per instance; the failing one says so in words, not only in colour
    List<Element> rows = page.doc().select("#instances-table tr[data-instance]");
    assertThat(rows)
        .extracting(r -> r.attr("data-instance"))
        .containsExactly("replica-a", "replica-b", InstancesSection.NO_ID);
    Element failing = rows.get(1);
    assertThat(failing.attr("data-status")).isEqualTo("shadow_failing");
    assertThat(failing.hasClass("failing")).isTrue();
    assertThat(failing.child(1).text()).contains("shadow failing").contains("every copy failed");
    assertThat(failing.child(8).text()).isEqualTo("6");
    assertThat(failing.child(12).text()).isEqualTo("n/a");
    assertThat(rows.get(0).child(1).text()).isEqualTo("ok");
    assertThat(rows.get(0).hasClass("failing")).isFalse();
    assertThat(page.text("#failing-instances")).contains("replica-b (6 of 6 copies failed)");
  }

  @Test
  void aDivergenceLinksToItsTraceWithATemplateAndShowsTheIdAsTextWithout() throws Exception {
    ComparisonSummary summary = fleet();
    assertThat(summary.topDivergences())
        .extracting(ComparisonSummary.Divergence::traceId)
        .contains(TRACE);

    ParsedPage linked =
        ParsedPage.parse(
            ComparisonReport.render(
                "fleet",
                summary,
                null,
                null,
                null,
                new TraceLink("https://jaeger.example/trace/{trace_id}?ui=1")));
    List<Element> links = linked.doc().select("a.trace");
    assertThat(links).hasSize(1);
    assertThat(links.get(0).attr("href"))
        .isEqualTo("https://jaeger.example/trace/" + TRACE + "?ui=1");
    assertThat(links.get(0).text()).isEqualTo("trace " + TRACE);
    // the trace links are the page's only way out
    assertThat(linked.doc().select("[href]")).allMatch(e -> e.hasClass("trace"));

    ParsedPage plain = ParsedPage.parse(ComparisonReport.render("fleet", summary, null));
    assertThat(plain.doc().select("a.trace")).isEmpty();
    assertThat(plain.doc().select("code.trace")).extracting(Element::text).containsExactly(TRACE);
    plain.assertLoadsNothing();
  }

  @Test
  void aTraceIdThatIsNotOneIsShownAsTextNeverLinked() {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    ObjectNode r =
        record(1, "/predict", "", answer(200, "reject", 0.2, 10), answer(200, "approve", 0.2, 12));
    r.put("trace_id", "\"><script>alert(1)</script>");
    aggregator.accept(r);
    ParsedPage page =
        ParsedPage.parse(
            ComparisonReport.render(
                "t",
                aggregator.summary(),
                null,
                null,
                null,
                new TraceLink("https://jaeger.example/trace/{trace_id}")));
    assertThat(page.doc().select("a.trace")).isEmpty();
    page.assertShownAsText("\"><script>alert(1)</script>").assertLoadsNothing();
  }

  @Test
  void aTemplateMustBeAnHttpUrlWithThePlaceholder() {
    for (String bad :
        new String[] {"https://jaeger.example/trace/", "javascript:alert('{trace_id}')", " "}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TraceLink(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
