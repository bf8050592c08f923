package dev.shadowpipeline.report.compare;

import static dev.shadowpipeline.report.compare.LoanRecords.answer;
import static dev.shadowpipeline.report.compare.LoanRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.shadow.labels.JoinKey;
import dev.shadowpipeline.shadow.labels.Label;
import dev.shadowpipeline.shadow.labels.LabelIndex;
import dev.shadowpipeline.shadow.labels.LabelJoin;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.labels.RecordJoin;
import dev.shadowpipeline.shadow.quality.PairedBootstrap;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's ground-truth sections parsed as a browser reads them, every number checked against the
 * {@code quality.json} it was rendered from. The records are the loan story's, made the way the proxy makes them; the
 * labels say which applicants defaulted.
 */
class QualitySectionPageTest {

  private static final ObjectMapper MAPPER = LoanRecords.MAPPER;
  private static final String PLANTED = "<script>alert(1)</script>";
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?(e[-+]?\\d+)?");

  @TempDir Path dir;

  /**
   * 400 applicants: the primary approves when score ≥ 0.5; the shadow flips every 7th reject to approve (score
   * 0.55) and every 23rd approve to reject (0.45); applicants with a score under 0.45 default, and every 11th applicant does whatever the
   * score says.
   */
  private static ObjectNode quality(ComparisonAggregator aggregator) {
    LabelJoin join =
        LabelJoin.of(JoinKey.recordId())
            .withTruth("defaulted")
            .withPositive("approve")
            .withTruthPositive("false");
    LabelIndex labels = new LabelIndex(1 << 20);
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double score = ((i * 37) % 100) / 100.0;
      String primary = score >= 0.5 ? "approve" : "reject";
      String shadow = primary;
      if (primary.equals("reject") && i % 7 == 0) {
        shadow = "approve";
      } else if (primary.equals("approve") && i % 23 == 0) {
        shadow = "reject";
      }
      records.add(
          record(
              i,
              "/predict",
              PLANTED,
              answer(200, primary, score, 10),
              answer(200, shadow, score, 12)));
      boolean defaulted = i % 11 == 0 ? score < 0.5 == (i % 2 == 0) : score < 0.45;
      labels.put(new Label("r" + i, Boolean.toString(defaulted), i + 2));
    }
    RecordJoin recordJoin = new RecordJoin(join, labels);
    for (ObjectNode r : records) {
      aggregator.accept(r);
      recordJoin.accept(r);
    }
    return QualityJson.toJson(recordJoin.finish(PairedBootstrap.defaults()), MAPPER);
  }

  private static double number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertThat(m.find()).as("a number in '%s'", text).isTrue();
    return Double.parseDouble(m.group());
  }

  private static List<Double> numbers(String text) {
    return NUMBER.matcher(text).results().map(r -> Double.parseDouble(r.group())).toList();
  }

  private static void assertInterval(String text, JsonNode pair) {
    List<Double> bounds = numbers(text);
    assertThat(bounds).hasSize(2);
    assertThat(bounds.get(0)).isCloseTo(pair.get(0).asDouble(), within(5e-5));
    assertThat(bounds.get(1)).isCloseTo(pair.get(1).asDouble(), within(5e-5));
  }

  private static Element card(Element scope, String label) {
    for (Element card : scope.select(".card")) {
      if (card.select(".label").text().equals(label)) {
        return card;
      }
    }
    throw new AssertionError("no card labelled " + label);
  }

  @Test
  void theQualityTableShowsTheNumbersOfQualityJson() throws Exception {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    ObjectNode q = quality(aggregator);
    ComparisonReport.write(dir, "loans", aggregator.summary(), null, q, MAPPER);
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE)).assertLoadsNothing();

    assertThat(q.get("n_joined").asLong()).isEqualTo(400);
    Elements rows = page.doc().select("#quality-metrics tr[data-metric]");
    List<String> shown = rows.stream().map(r -> r.attr("data-metric")).toList();
    assertThat(shown)
        .containsExactly("accuracy", "precision", "recall", "f1", "roc_auc", "brier", "log_loss");
    for (Element row : rows) {
      String m = row.attr("data-metric");
      Elements cells = row.children();
      assertThat(number(cells.get(1).text()))
          .as(m)
          .isCloseTo(q.at("/primary/" + m).asDouble(), within(5e-5));
      assertInterval(cells.get(2).text(), q.at("/primary/" + m + "_ci95"));
      assertThat(number(cells.get(3).text()))
          .as(m)
          .isCloseTo(q.at("/shadow/" + m).asDouble(), within(5e-5));
      assertInterval(cells.get(4).text(), q.at("/shadow/" + m + "_ci95"));
      JsonNode d = q.at("/paired/differences/" + m);
      assertThat(number(cells.get(5).text()))
          .as(m)
          .isCloseTo(d.get("diff").asDouble(), within(5e-5));
      assertInterval(cells.get(6).text(), d.get("ci95"));
    }
    // the issue's own fields say the same as the differences they summarise
    assertThat(q.at("/paired/accuracy_diff").asDouble())
        .isEqualTo(q.at("/paired/differences/accuracy/diff").asDouble());
    assertThat(q.at("/paired/auc_diff_ci95")).isEqualTo(q.at("/paired/differences/roc_auc/ci95"));

    double p = number(page.text("#mcnemar .num"));
    assertThat(p)
        .isCloseTo(
            q.at("/paired/mcnemar_p").asDouble(),
            within(1e-3 * q.at("/paired/mcnemar_p").asDouble()));
    for (Element count : page.doc().select("#quality-counts tr[data-count]")) {
      assertThat(count.child(1).text()).isEqualTo(q.get(count.attr("data-count")).asText());
    }

    // summary.json carries the same quality, without the examples
    JsonNode summary = MAPPER.readTree(dir.resolve("summary.json").toFile());
    ObjectNode expected = q.deepCopy();
    expected.remove("examples");
    assertThat(summary.get("quality"))
        .isEqualTo(MAPPER.readTree(MAPPER.writeValueAsString(expected)));
  }

  @Test
  void whoIsRightShowsTheCountsFlipsAndExamplesOfQualityJson() throws Exception {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    ObjectNode q = quality(aggregator);
    ComparisonReport.write(dir, "loans", aggregator.summary(), null, q, MAPPER);
    ParsedPage page = ParsedPage.read(dir.resolve(ComparisonReport.FILE));
    page.assertShownAsText(PLANTED);

    Element section = page.doc().selectFirst("h2#who-is-right + .cards");
    assertThat(card(section, "Only the primary right").select(".value").text())
        .isEqualTo(q.at("/paired/discordant/primary_right").asText());
    assertThat(card(section, "Only the shadow right").select(".value").text())
        .isEqualTo(q.at("/paired/discordant/shadow_right").asText());
    assertThat(card(section, "Both wrong").select(".value").text())
        .isEqualTo(q.at("/paired/concordant/both_wrong").asText());
    assertThat(q.at("/paired/discordant/primary_right").asLong()).isPositive();
    assertThat(q.at("/paired/discordant/shadow_right").asLong()).isPositive();

    Elements flips = page.doc().select("#quality-flips tr");
    assertThat(flips).hasSize(1 + q.get("flips").size());
    for (int i = 0; i < q.get("flips").size(); i++) {
      JsonNode f = q.get("flips").get(i);
      Elements cells = flips.get(i + 1).children();
      assertThat(cells.get(0).text())
          .isEqualTo(f.get("primary").asText() + " → " + f.get("shadow").asText());
      assertThat(cells.get(1).text()).isEqualTo(f.get("count").asText());
      assertThat(cells.get(2).text()).isEqualTo(f.get("primary_right").asText());
      assertThat(cells.get(3).text()).isEqualTo(f.get("shadow_right").asText());
    }
    // the reject → approve flips the primary was right about: applicants the shadow approved who
    // defaulted
    JsonNode rejectToApprove = null;
    for (JsonNode f : q.get("flips")) {
      if (f.get("primary").asText().equals("reject")) {
        rejectToApprove = f;
      }
    }
    assertThat(rejectToApprove).isNotNull();
    assertThat(rejectToApprove.get("primary_right").asLong()).isPositive();

    for (String category : List.of("only_primary_right", "only_shadow_right", "both_wrong")) {
      JsonNode examples = q.at("/examples/" + category);
      Elements shown = page.doc().select("details.truth-example[data-category=" + category + "]");
      assertThat(shown).as(category).hasSize(examples.size());
      for (int i = 0; i < examples.size(); i++) {
        JsonNode e = examples.get(i);
        String summaryText = shown.get(i).selectFirst("summary").text();
        assertThat(summaryText)
            .contains(
                "truth " + e.get("truth").asText(),
                "primary " + e.get("primary").asText(),
                "shadow " + e.get("shadow").asText(),
                "record " + e.get("id").asText());
        assertThat(shown.get(i).select("pre").get(0).text()).contains(PLANTED);
      }
    }
  }

  @Test
  void withoutQualityThereAreNoQualitySections() {
    ComparisonAggregator aggregator = new ComparisonAggregator();
    aggregator.accept(
        record(
            0, "/predict", "x", answer(200, "approve", 0.7, 10), answer(200, "approve", 0.7, 10)));
    ParsedPage page = ParsedPage.parse(ComparisonReport.render("t", aggregator.summary(), null));
    assertThat(page.doc().select("#quality, #who-is-right")).isEmpty();
  }
}
