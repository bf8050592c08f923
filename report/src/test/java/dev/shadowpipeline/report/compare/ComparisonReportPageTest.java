package dev.shadowpipeline.report.compare;

import static dev.shadowpipeline.report.compare.LoanRecords.answer;
import static dev.shadowpipeline.report.compare.LoanRecords.failed;
import static dev.shadowpipeline.report.compare.LoanRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.gate.GateResult;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison report parsed as a browser reads it, checked against the {@code summary.json} written beside it.
 * The records are made the way the proxy makes them (exchange, the fintech story's comparators, record format) and
 * folded by the real aggregator.
 */
class ComparisonReportPageTest {

  private static final ObjectMapper MAPPER = LoanRecords.MAPPER;
  private static final String PLANTED = "<script>alert(1)</script>";
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

  @TempDir Path dir;

  // --- records
  // ---------------------------------------------------------------------------------------------------

  /**
   * {@code pairs} loan decisions, one a second: every 10th a reject the shadow approves (critical; the first on a path
   * carrying planted markup), every 10th + 1 an approve it rejects (warning), and among every 50 one shadow timeout
   * and one shadow 503. Scores differ by less than the tolerance; the shadow is a few ms slower.
   */
  private static ComparisonSummary loanDecisions(int pairs) {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    for (int i = 0; i < pairs; i++) {
      double score = 0.3 + (i % 40) / 100.0;
      double primaryMs = 10 + i % 5;
      double shadowMs = 13 + i % 9;
      String path = i == 0 ? "/predict/" + PLANTED : "/predict";
      CapturedResponse primary;
      CapturedResponse shadow;
      if (i % 50 == 7) {
        primary = answer(200, "approve", score, primaryMs);
        shadow = failed(ErrorKind.TIMEOUT);
      } else if (i % 50 == 8) {
        primary = answer(200, "approve", score, primaryMs);
        shadow = answer(503, "approve", score, shadowMs);
      } else if (i % 10 == 0) {
        primary = answer(200, "reject", score, primaryMs);
        shadow = answer(200, "approve", score + 0.004, shadowMs);
      } else if (i % 10 == 1) {
        primary = answer(200, "approve", score, primaryMs);
        shadow = answer(200, "reject", score - 0.004, shadowMs);
      } else {
        String decision = i % 3 == 0 ? "reject" : "approve";
        primary = answer(200, decision, score, primaryMs);
        shadow = answer(200, decision, score + (i % 3) * 0.002, shadowMs);
      }
      aggregator.accept(record(i, path, PLANTED, primary, shadow));
    }
    return aggregator.summary();
  }

  // --- reading the page
  // --------------------------------------------------------------------------------------------

  /** The first number in a text, e.g. 97.5 in "97.50%" or 12.3 in "12.3 ms". */
  private static double number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertThat(m.find()).as("a number in '%s'", text).isTrue();
    return Double.parseDouble(m.group());
  }

  /** The numbers in a text, in order. */
  private static List<Double> numbers(String text) {
    return NUMBER.matcher(text).results().map(r -> Double.parseDouble(r.group())).toList();
  }

  /** The summary card whose label is {@code label}. */
  private static Element card(ParsedPage page, String label) {
    for (Element card : page.doc().select(".cards .card")) {
      if (card.select(".label").text().equals(label)) {
        return card;
      }
    }
    throw new AssertionError("no card labelled " + label);
  }

  /** The rows of the table whose header row starts with {@code firstHeader}, header row left out. */
  private static List<Elements> tableRows(ParsedPage page, String firstHeader) {
    for (Element table : page.doc().select("table")) {
      Elements rows = table.select("tr");
      if (!rows.isEmpty() && rows.get(0).child(0).text().equals(firstHeader)) {
        List<Elements> out = new ArrayList<>();
        for (Element row : rows.subList(1, rows.size())) {
          out.add(row.children());
        }
        return out;
      }
    }
    throw new AssertionError("no table headed " + firstHeader);
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static long sum(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).sum();
  }

  // --- tests
  // ---------------------------------------------------------------------------------------------------

  @Test
  void theCardsShowTheNumbersOfSummaryJson() throws Exception {
    ComparisonSummary summary = loanDecisions(600);
    ComparisonReport.write(
        dir, "replay of loans.csv", summary, Gate.evaluate(summary, GateCriteria.DEFAULTS), MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));

    assertThat(json.get("requests").asLong()).isEqualTo(600);
    assertThat(json.at("/divergences_by_severity/critical").asLong()).isEqualTo(60);
    assertThat(card(page, "Pairs compared").select(".value").text())
        .isEqualTo(json.get("requests").asText());
    Element agreement = card(page, "Agreement");
    assertThat(number(agreement.select(".value").text()))
        .isCloseTo(100 * json.at("/agreement/rate").asDouble(), within(0.005));
    List<Double> interval = numbers(agreement.select(".muted").text().replace("95% interval", ""));
    assertThat(interval.get(0))
        .isCloseTo(100 * json.at("/agreement/wilson_95_lower").asDouble(), within(0.005));
    assertThat(interval.get(1))
        .isCloseTo(100 * json.at("/agreement/wilson_95_upper").asDouble(), within(0.005));

    Element critical = card(page, "Critical divergences");
    assertThat(critical.select(".value").text())
        .isEqualTo(json.at("/divergences_by_severity/critical").asText());
    assertThat(critical.hasClass("bad")).isTrue();
    assertThat(numbers(critical.select(".muted").text()))
        .containsExactly(
            json.at("/divergences_by_severity/warning").asDouble(),
            json.at("/divergences_by_severity/info").asDouble());

    Element errors = card(page, "Shadow errors");
    assertThat(number(errors.select(".value").text()))
        .isCloseTo(100 * json.get("shadow_error_rate").asDouble(), within(0.005));
    assertThat(numbers(errors.select(".muted").text()))
        .containsExactly(
            json.get("shadow_errors").asDouble(),
            json.get("shadow_timeouts").asDouble(),
            json.get("primary_errors").asDouble());
    assertThat(json.get("shadow_timeouts").asLong()).isEqualTo(12);

    assertThat(number(card(page, "Latency delta p99").select(".value").text()))
        .isCloseTo(json.at("/latency_ms/delta/p99").asDouble(), within(0.05));
    assertThat(card(page, "Status class mismatches").select(".value").text())
        .isEqualTo(json.get("status_class_mismatches").asText());
    assertThat(page.doc().title()).isEqualTo("Shadow comparison — replay of loans.csv");
  }

  @Test
  void theTablesShowTheNumbersOfSummaryJson() throws Exception {
    ComparisonSummary summary = loanDecisions(600);
    ComparisonReport.write(dir, "replay", summary, null, MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));

    // latency: pairs, p50, p95, p99, max per side, in milliseconds to one decimal
    List<Elements> latency = tableRows(page, "");
    assertThat(latency).hasSize(3);
    String[] sides = {"primary", "shadow", "delta"};
    for (int i = 0; i < 3; i++) {
      JsonNode side = json.at("/latency_ms/" + sides[i]);
      Elements cells = latency.get(i);
      assertThat(cells.get(1).text()).isEqualTo(side.get("count").asText());
      String[] keys = {"p50", "p95", "p99", "max"};
      for (int k = 0; k < keys.length; k++) {
        assertThat(number(cells.get(2 + k).text()))
            .as("%s %s", sides[i], keys[k])
            .isCloseTo(side.get(keys[k]).asDouble(), within(0.05));
      }
    }

    // confusion matrix: primary label by row, shadow label by column
    JsonNode matrix = json.at("/confusion_matrices/0");
    assertThat(json.get("confusion_matrices")).hasSize(1);
    Element confusion = page.doc().selectFirst("h2:containsOwn(Labels) + .grid .card");
    assertThat(confusion.selectFirst("h3").text()).isEqualTo(matrix.get("path").asText());
    Elements rows = confusion.select("tr");
    List<String> header = rows.get(0).select("th").eachText();
    assertThat(header.subList(1, header.size()))
        .containsExactlyElementsOf(texts(matrix.get("labels")));
    for (int r = 0; r < matrix.get("labels").size(); r++) {
      Element row = rows.get(r + 1);
      assertThat(row.selectFirst("th").text()).isEqualTo(matrix.at("/labels/" + r).asText());
      assertThat(row.select("td").eachText())
          .containsExactlyElementsOf(texts(matrix.at("/counts_primary_by_shadow/" + r)));
    }

    // most differing fields
    List<Elements> fields = tableRows(page, "Field");
    assertThat(fields).hasSize(json.get("most_differing_fields").size()).isNotEmpty();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode f = json.at("/most_differing_fields/" + i);
      Elements cells = fields.get(i);
      assertThat(cells.get(0).text())
          .isEqualTo(f.get("path").asText().isEmpty() ? "(whole answer)" : f.get("path").asText());
      assertThat(cells.get(1).text()).isEqualTo(f.get("kind").asText());
      assertThat(cells.get(2).text()).isEqualTo(f.get("count").asText());
      assertThat(number(cells.get(3).text()))
          .isCloseTo(100 * f.get("share").asDouble(), within(0.005));
    }

    // comparator measurements: 4 significant digits
    List<Elements> metrics = tableRows(page, "Measurement");
    assertThat(metrics).hasSize(json.get("metrics").size()).isNotEmpty();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode m = json.at("/metrics/" + i);
      Elements cells = metrics.get(i);
      assertThat(cells.get(0).text())
          .contains(m.get("comparator").asText(), m.get("metric").asText());
      assertThat(cells.get(1).text()).isEqualTo(m.get("count").asText());
      String[] keys = {"mean", "p05", "p50", "p95"};
      for (int k = 0; k < keys.length; k++) {
        double expected = m.get(keys[k]).asDouble();
        assertThat(number(cells.get(2 + k).text()))
            .as("%s %s", cells.get(0).text(), keys[k])
            .isCloseTo(expected, within(Math.max(1e-12, Math.abs(expected) * 1e-3)));
      }
    }

    // top divergences: one <details> each, in the order of summary.json
    Elements details = page.doc().select("details");
    assertThat(details).hasSize(json.get("top_divergences").size()).isNotEmpty();
    for (int i = 0; i < details.size(); i++) {
      JsonNode d = json.at("/top_divergences/" + i);
      Element summaryLine = details.get(i).selectFirst("summary");
      assertThat(summaryLine.selectFirst(".tag").text()).isEqualTo(d.get("severity").asText());
      assertThat(summaryLine.selectFirst("code").text())
          .isEqualTo(d.get("method").asText() + " " + d.get("uri").asText());
      assertThat(summaryLine.text()).contains("record " + d.get("id").asText());
      assertThat(details.get(i).select("ul li").eachText())
          .containsExactlyElementsOf(texts(d.get("reasons")));
    }
  }

  @Test
  void everyChartCanvasHasItsDataInline() throws Exception {
    ComparisonSummary summary = loanDecisions(600);
    ComparisonReport.write(dir, "replay", summary, null, MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));
    JsonNode charts = page.data("report-data");

    List<String> expected =
        new ArrayList<>(List.of("latency", "delta", "agreementOverTime", "latencyOverTime"));
    charts.get("metrics").forEach(m -> expected.add(m.get("id").asText()));
    assertThat(page.canvasIds()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(charts.get("metrics")).hasSize(json.get("metrics").size());

    // the latency histograms hold every pair measured (fewer than the 10,000 kept for their shape)
    assertThat(sum(charts.at("/latencyPrimary/counts")))
        .isEqualTo(json.at("/latency_ms/primary/count").asLong());
    assertThat(sum(charts.at("/latencyShadow/counts")))
        .isEqualTo(json.at("/latency_ms/shadow/count").asLong());
    assertThat(sum(charts.at("/latencyDelta/counts")))
        .isEqualTo(json.at("/latency_ms/delta/count").asLong());
    for (String h : List.of("latencyPrimary", "latencyShadow", "latencyDelta")) {
      assertThat(charts.at("/" + h + "/labels"))
          .as(h)
          .isNotEmpty()
          .hasSameSizeAs(charts.at("/" + h + "/counts"));
    }

    // the timeline: one point per bucket of summary.json, agreement in percent
    JsonNode timeline = charts.get("timeline");
    JsonNode buckets = json.get("timeline");
    assertThat(timeline.get("labels")).hasSize(buckets.size()).isNotEmpty();
    for (String series : List.of("agreement", "primary", "shadow", "delta", "requests")) {
      assertThat(timeline.get(series)).as(series).hasSize(buckets.size());
    }
    for (int i = 0; i < buckets.size(); i++) {
      JsonNode b = buckets.get(i);
      assertThat(timeline.at("/requests/" + i).asLong()).isEqualTo(b.get("requests").asLong());
      assertThat(timeline.at("/agreement/" + i).asDouble())
          .isCloseTo(100.0 * b.get("matches").asLong() / b.get("requests").asLong(), within(0.001));
      assertThat(timeline.at("/delta/" + i).asDouble())
          .isCloseTo(b.get("mean_delta_ms").asDouble(), within(0.001));
    }
    assertThat(sum(timeline.get("requests"))).isEqualTo(json.get("requests").asLong());

    // each measurement's histogram holds its pairs
    for (int i = 0; i < charts.get("metrics").size(); i++) {
      JsonNode chart = charts.at("/metrics/" + i);
      assertThat(chart.at("/hist/counts")).isNotEmpty();
      assertThat(sum(chart.at("/hist/counts")))
          .isEqualTo(json.at("/metrics/" + i + "/count").asLong());
    }
  }

  @Test
  void thePageIsOneOfflineFileAndShowsPlantedMarkupAsText() throws Exception {
    ComparisonSummary summary = loanDecisions(200);
    ComparisonReport.write(
        dir,
        "replay of " + PLANTED,
        summary,
        Gate.evaluate(summary, GateCriteria.DEFAULTS),
        MAPPER);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .containsExactlyInAnyOrder(ComparisonReport.FILE, "summary.json");
    }
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE)).assertLoadsNothing();
    // the page's own three scripts: the chart data, Chart.js, the code drawing the charts
    assertThat(page.doc().select("script")).hasSize(4); // and the charts' data tables
    // planted in the title, a request path and each request body
    page.assertShownAsText(PLANTED);
    assertThat(page.doc().title()).isEqualTo("Shadow comparison — replay of " + PLANTED);
    assertThat(page.doc().select("details summary code").eachText())
        .contains("POST /predict/" + PLANTED);
    assertThat(page.doc().select("details pre").first().text()).contains(PLANTED);
  }

  @Test
  void theGateBannerAndTableFollowTheGate() throws Exception {
    ComparisonSummary summary = loanDecisions(300);
    for (GateCriteria criteria :
        List.of(GateCriteria.DEFAULTS, new GateCriteria(0.5, 100, 200, 0.1, 1))) {
      GateResult gate = Gate.evaluate(summary, criteria);
      ParsedPage page = ParsedPage.parse(ComparisonReport.render("t", summary, gate));
      Element banner = page.doc().selectFirst(".banner:containsOwn(Promotion gate)");
      assertThat(banner.text()).isEqualTo("Promotion gate: " + (gate.passed() ? "PASS" : "FAIL"));
      assertThat(banner.hasClass(gate.passed() ? "ok" : "bad")).isTrue();
      List<Elements> checks = tableRows(page, "Check");
      assertThat(checks).hasSize(gate.checks().size());
      for (int i = 0; i < checks.size(); i++) {
        var check = gate.checks().get(i);
        Elements cells = checks.get(i);
        assertThat(cells.eachText().subList(0, 4))
            .containsExactly(
                check.name(), check.actual(), check.limit(), check.passed() ? "pass" : "fail");
      }
    }
  }

  @Test
  void aShadowThatNeverAnsweredHasNoLatencyDeltaRatherThanZero() throws Exception {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    for (int i = 0; i < 50; i++) {
      aggregator.accept(
          record(i, "/predict", "", answer(200, "approve", 0.5, 12), failed(ErrorKind.TIMEOUT)));
    }
    ComparisonSummary summary = aggregator.summary();
    ComparisonReport.write(
        dir, "replay", summary, Gate.evaluate(summary, GateCriteria.DEFAULTS), MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));

    assertThat(json.at("/latency_ms/delta/count").asLong()).isZero();
    assertThat(json.get("shadow_timeouts").asLong()).isEqualTo(50);
    // no pair measured: "0.0 ms" would read as a shadow exactly as fast as the primary
    assertThat(card(page, "Latency delta p99").select(".value").text()).isEqualTo("n/a");
    List<Elements> latency = tableRows(page, "");
    assertThat(latency.get(0).eachText())
        .containsExactly("primary", "50", "12.0 ms", "12.0 ms", "12.0 ms", "12.0 ms");
    assertThat(latency.get(2).eachText().subList(1, 6))
        .containsExactly("0", "n/a", "n/a", "n/a", "n/a");
    assertThat(
            tableRows(page, "Check").stream()
                .filter(c -> c.get(0).text().equals("latency delta p99"))
                .map(c -> c.get(1).text()))
        .containsExactly("n/a");
  }

  @Test
  void anEmptySummaryRendersWithZerosAndNoData() throws Exception {
    ComparisonSummary empty = new ComparisonAggregator().summary();
    ComparisonReport.write(
        dir, "nothing yet", empty, Gate.evaluate(empty, GateCriteria.DEFAULTS), MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE)).assertLoadsNothing();

    assertThat(json.get("requests").asLong()).isZero();
    assertThat(card(page, "Pairs compared").select(".value").text()).isEqualTo("0");
    assertThat(card(page, "Agreement").select(".value").text()).isEqualTo("n/a");
    assertThat(card(page, "Critical divergences").select(".value").text()).isEqualTo("0");
    assertThat(card(page, "Critical divergences").hasClass("bad")).isFalse();
    assertThat(card(page, "Latency delta p99").select(".value").text()).isEqualTo("n/a");
    for (Elements row : tableRows(page, "")) {
      assertThat(row.eachText().subList(1, 6))
          .as(row.get(0).text())
          .containsExactly("0", "n/a", "n/a", "n/a", "n/a");
    }
    assertThat(page.text(".muted")).isEqualTo("nothing yet · no records");
    assertThat(page.doc().select("details")).isEmpty();
    assertThat(page.doc().text()).contains("No diverging pairs.");
    assertThat(page.text(".banner")).isEqualTo("Promotion gate: FAIL"); // no pairs is no evidence

    // the charts' data is there, empty, in the shape the drawing code reads
    JsonNode charts = page.data("report-data");
    for (String h : List.of("latencyPrimary", "latencyShadow", "latencyDelta")) {
      assertThat(charts.at("/" + h + "/labels").isArray()).isTrue();
      assertThat(charts.at("/" + h + "/counts")).isEmpty();
    }
    assertThat(charts.at("/timeline/labels")).isEmpty();
    assertThat(charts.get("metrics")).isEmpty();
  }
}
