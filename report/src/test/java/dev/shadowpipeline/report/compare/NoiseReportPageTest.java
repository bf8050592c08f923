package dev.shadowpipeline.report.compare;

import static dev.shadowpipeline.report.compare.LoanRecords.answer;
import static dev.shadowpipeline.report.compare.LoanRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's noise baseline, parsed as a browser reads it and checked against the {@code summary.json} written
 * beside it: the Noise table, the agreement card on real differences, and the noise marks on differing fields and
 * divergences.
 */
class NoiseReportPageTest {

  private static final ObjectMapper MAPPER = LoanRecords.MAPPER;
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

  @TempDir Path dir;

  /**
   * 100 loan decisions with a secondary: the secondary's score is off by 0.02 on even pairs, the shadow's on odd ones
   * (beyond the 0.01 tolerance, the same rate: noise); the shadow approves every tenth applicant the primary rejects
   * (critical, real).
   */
  private static ComparisonSummary withNoise() {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    for (int i = 0; i < 100; i++) {
      String decision = i % 10 == 0 ? "reject" : "approve";
      double score = 0.3 + (i % 40) / 100.0;
      aggregator.accept(
          record(
              i,
              answer(200, decision, score, 10),
              answer(200, i % 10 == 0 ? "approve" : decision, score + (i % 2) * 0.02, 12),
              answer(200, decision, score + (1 - i % 2) * 0.02, 11)));
    }
    return aggregator.summary();
  }

  private static double number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertThat(m.find()).as("a number in '" + text + "'").isTrue();
    return Double.parseDouble(m.group());
  }

  @Test
  void theNoiseTableShowsTheNumbersOfSummaryJson() throws Exception {
    ComparisonSummary summary = withNoise();
    ComparisonReport.write(dir, "replay", summary, null, MAPPER);
    JsonNode json = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));

    JsonNode entries = json.at("/noise/entries");
    assertThat(entries.size()).isEqualTo(2);
    Elements rows = page.doc().select("#noise-table tr");
    assertThat(rows).hasSize(entries.size() + 1);
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      List<Element> cells = rows.get(i + 1).children();
      assertThat(cells.get(0).text()).isEqualTo(e.get("path").asText());
      assertThat(cells.get(1).text()).isEqualTo(e.get("kind").asText());
      assertThat(cells.get(2).text()).isEqualTo(e.get("noise_count").asText());
      assertThat(number(cells.get(3).text()) / 100)
          .isCloseTo(e.get("noise_rate").asDouble(), within(0.00005));
      assertThat(cells.get(4).text()).isEqualTo(e.get("candidate_count").asText());
      assertThat(number(cells.get(5).text()) / 100)
          .isCloseTo(e.get("candidate_rate").asDouble(), within(0.00005));
      double p = e.get("p_value").asDouble();
      assertThat(number(cells.get(6).text())).isCloseTo(p, within(p * 1e-3));
      assertThat(cells.get(7).text()).isEqualTo(e.get("verdict").asText());
    }
    assertThat(entries.get(0).get("path").asText()).isEqualTo("/decision");
    assertThat(entries.get(0).get("verdict").asText()).isEqualTo("real");
    assertThat(entries.get(1).get("path").asText()).isEqualTo("/score");
    assertThat(entries.get(1).get("verdict").asText()).isEqualTo("noise");

    // the agreement card counts real differences; the raw figure is beside it
    Element agreement =
        page.doc().select(".cards .card").stream()
            .filter(c -> c.select(".label").text().equals("Agreement on real differences"))
            .findFirst()
            .orElseThrow();
    assertThat(number(agreement.select(".value").text()) / 100)
        .isCloseTo(json.at("/agreement/rate").asDouble(), within(0.00005));
    assertThat(json.at("/agreement/rate").asDouble()).isEqualTo(0.9);
    assertThat(number(agreement.select("#agreement-raw").text()) / 100)
        .isCloseTo(json.at("/agreement_raw/rate").asDouble(), within(0.00005));
    assertThat(json.at("/agreement_raw/rate").asDouble())
        .isEqualTo(0.4); // 50 score deltas, 10 flips
    assertThat(page.text("#noise + p")).contains("100 of the mirrored requests");
  }

  @Test
  void noisyFieldsAndReasonsAreMarked() throws Exception {
    ComparisonSummary summary = withNoise();
    ParsedPage page = ParsedPage.parse(ComparisonReport.render("replay", summary, null));

    Elements fieldRows = new Elements();
    for (Element table : page.doc().select("table")) {
      if (table.select("tr").first().child(0).text().equals("Field")
          && table.select("tr").first().children().size() == 4) {
        fieldRows = table.select("tr");
      }
    }
    assertThat(fieldRows).isNotEmpty();
    boolean sawScore = false;
    boolean sawDecision = false;
    for (Element row : fieldRows.subList(1, fieldRows.size())) {
      String path = row.child(0).text();
      boolean marked = !row.select(".tag.noise").isEmpty();
      if (path.equals("/score")) {
        sawScore = true;
        assertThat(marked).as("/score is noise").isTrue();
      } else if (path.equals("/decision")) {
        sawDecision = true;
        assertThat(marked).as("/decision is real").isFalse();
      }
    }
    assertThat(sawScore).isTrue();
    assertThat(sawDecision).isTrue();

    // in the top divergences, the score reasons are marked noise, the flips are not
    Elements reasons = page.doc().select("details li");
    assertThat(reasons).isNotEmpty();
    for (Element li : reasons) {
      boolean marked = li.hasClass("noise");
      assertThat(marked).as(li.text()).isEqualTo(li.text().startsWith("score_delta"));
    }
  }
}
