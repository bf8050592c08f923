package dev.shadowpipeline.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.report.text.SummaryText;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM section of the comparison report and of the text summary, from records shaped as the proxy writes them
 * (sides with {@code stream} and {@code llm} blocks), checked against {@code summary.json}; and long streamed answers
 * that wrap, side by side.
 */
class LlmReportPageTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private static String sse(String model, String text) {
    StringBuilder sb = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      sb.append("data: {\"model\":\"")
          .append(model)
          .append("\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
          .append(word)
          .append(" \"}}]}\n\n");
    }
    return sb.append("data: [DONE]\n\n").toString();
  }

  private static ObjectNode side(
      String model, String text, double ttftMs, double itlMs, double totalMs, String cost) {
    ObjectNode side = MAPPER.createObjectNode();
    side.put("status", 200);
    side.put("latency_ms", totalMs);
    side.put("body_format", "text");
    side.put("body", sse(model, text));
    ObjectNode stream = side.putObject("stream");
    stream.put("ttfb_ms", 2.0);
    stream.put("ttft_ms", ttftMs);
    stream.put("itl_mean_ms", itlMs);
    stream.put("content_chunks", text.split(" ", -1).length);
    stream.put("total_ms", totalMs);
    stream.put("malformed", 0);
    stream.put("truncated", false);
    ObjectNode llm = side.putObject("llm");
    llm.put("model", model);
    llm.put("input_tokens", 100);
    llm.put("output_tokens", 50);
    llm.put("tokens_estimated", false);
    if (cost == null) {
      llm.putNull("cost");
      llm.put("unpriced", true);
    } else {
      llm.put("cost", new java.math.BigDecimal(cost));
    }
    return side;
  }

  private static ComparisonSummary summary() {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    String longAnswer = "The quick brown fox jumps over the lazy dog again and again. ".repeat(60);
    for (int i = 0; i < 20; i++) {
      ObjectNode r = MAPPER.createObjectNode();
      r.put("id", "r" + i);
      r.put("time", "2025-01-01T00:00:" + String.format("%02d", i) + "Z");
      r.put("method", "POST");
      r.put("path", "/v1/chat/completions");
      r.putObject("request").put("body", "{\"model\":\"gpt-4o\",\"stream\":true}");
      // primary: 300 ms to the first token, 20 ms between tokens, $0.00075 per answer
      r.set("primary", side("big", longAnswer, 300, 20, 1300, "0.00075"));
      // shadow: 80 ms, 10 ms, $0.000045 per answer (6% of the primary)
      r.set("shadow", side("small", longAnswer.replace("lazy", "sleepy"), 80, 10, 580, "0.000045"));
      ObjectNode verdict = r.putObject("verdict");
      verdict.put("comparator", "text");
      verdict.put("match", false);
      verdict.put("severity", "warning");
      verdict.put("difference_count", 1);
      verdict
          .putArray("differences")
          .addObject()
          .put("kind", "text_similarity")
          .put("path", "/choices/0/message/content")
          .put("severity", "warning");
      aggregator.accept(r);
    }
    return aggregator.summary();
  }

  @Test
  void theLlmTableShowsTheNumbersOfSummaryJson() throws Exception {
    ComparisonSummary summary = summary();
    ComparisonReport.write(dir, "chat", summary, null, MAPPER);
    JsonNode llm = MAPPER.readTree(dir.resolve("summary.json").toFile()).get("llm");
    // HdrHistogram with three significant digits: within 0.1% of the recorded values
    assertThat(llm.at("/primary/ttft_ms/p50").asDouble()).isCloseTo(300.0, within(0.3));
    assertThat(llm.at("/shadow/ttft_ms/p99").asDouble()).isCloseTo(80.0, within(0.08));
    assertThat(llm.at("/primary/itl_ms/p50").asDouble()).isCloseTo(20.0, within(0.02));
    // 20 × 0.00075 and 20 × 0.000045, exactly; per 1,000 requests 0.75 and 0.045
    assertThat(llm.at("/primary/cost").decimalValue()).isEqualByComparingTo("0.015");
    assertThat(llm.at("/shadow/cost").decimalValue()).isEqualByComparingTo("0.0009");
    assertThat(llm.at("/primary/cost_per_1k_requests").asDouble()).isEqualTo(0.75);
    assertThat(llm.at("/cost_delta").decimalValue()).isEqualByComparingTo("-0.0141");
    assertThat(llm.at("/cost_ratio").asDouble()).isEqualTo(0.06);
    assertThat(llm.get("judge").isNull()).isTrue();

    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));
    Element table = page.doc().selectFirst("h2:contains(LLM answers) + table");
    assertThat(table).isNotNull();
    Element primary = table.select("tr").get(1);
    Element shadow = table.select("tr").get(2);
    assertThat(primary.select("td").get(1).text()).isEqualTo("big");
    assertThat(primary.select("td").get(4).text()).isEqualTo(ms(llm.at("/primary/ttft_ms/p50")));
    assertThat(shadow.select("td").get(4).text()).isEqualTo(ms(llm.at("/shadow/ttft_ms/p50")));
    assertThat(primary.select("td").get(11).text()).isEqualTo("0.7500");
    assertThat(shadow.select("td").get(11).text()).isEqualTo("0.0450");
    assertThat(page.doc().select("canvas#llmTtft")).hasSize(1);
    assertThat(page.data("report-data").at("/llm/ttftPrimary/counts")).isNotEmpty();

    StringWriter text = new StringWriter();
    SummaryText.print(new PrintWriter(text, true), summary);
    assertThat(text.toString())
        .contains(
            "first token p50/p99 primary "
                + pair(llm.at("/primary/ttft_ms"))
                + ", shadow "
                + pair(llm.at("/shadow/ttft_ms")))
        .contains(
            "cost / 1,000 req   primary big 0.7500, shadow small 0.0450 (shadow 6.0% of primary)");
  }

  private static String ms(JsonNode v) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", v.asDouble());
  }

  private static String pair(JsonNode l) {
    return String.format(
        java.util.Locale.ROOT, "%.1f/%.1f ms", l.get("p50").asDouble(), l.get("p99").asDouble());
  }

  @Test
  void longAnswersWrapSideBySideAndReadAsTheirText() throws Exception {
    ComparisonReport.write(dir, "chat", summary(), null, MAPPER);
    String html = java.nio.file.Files.readString(dir.resolve(ComparisonReport.FILE));
    // the defect: "1fr 1fr" lets a column grow to its longest line, pushing the shadow's answer
    // thousands of pixels to the right; minmax(0, 1fr) and pre-wrap keep both in view
    assertThat(html)
        .contains("grid-template-columns: minmax(0, 1fr) minmax(0, 1fr)")
        .contains("pre.diff, pre.wrap { white-space: pre-wrap; overflow-wrap: anywhere;");
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));
    Element answer = page.doc().selectFirst("pre.diff[data-side=shadow]");
    // a stream reads as the text it carried, not as its raw events
    assertThat(answer.text()).startsWith("HTTP 200 · streamed, ").contains("sleepy dog");
    assertThat(answer.text()).doesNotContain("data: {");
  }

  @Test
  void unpricedModelsReadUnpricedNotZero() throws Exception {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    ObjectNode r = MAPPER.createObjectNode();
    r.put("id", "r");
    r.put("method", "POST");
    r.put("path", "/v1/chat/completions");
    r.set("primary", side("big", "hi there", 300, 20, 400, "0.00075"));
    r.set("shadow", side("mystery", "hi there", 80, 10, 200, null));
    r.putObject("verdict").put("match", true).put("difference_count", 0);
    aggregator.accept(r);
    ComparisonSummary summary = aggregator.summary();
    ComparisonReport.write(dir, "chat", summary, null, MAPPER);
    JsonNode llm = MAPPER.readTree(dir.resolve("summary.json").toFile()).get("llm");
    assertThat(llm.at("/shadow/cost").isNull()).isTrue();
    assertThat(llm.at("/shadow/unpriced").asLong()).isEqualTo(1);
    assertThat(llm.at("/shadow/unpriced_models/0").asText()).isEqualTo("mystery");
    assertThat(llm.at("/cost_delta").isNull()).isTrue();
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));
    Element shadow = page.doc().selectFirst("h2:contains(LLM answers) + table").select("tr").get(2);
    assertThat(shadow.select("td").get(11).text()).isEqualTo("unpriced");
    StringWriter text = new StringWriter();
    SummaryText.print(new PrintWriter(text, true), summary);
    assertThat(text.toString()).contains("shadow mystery unpriced");
  }
}
