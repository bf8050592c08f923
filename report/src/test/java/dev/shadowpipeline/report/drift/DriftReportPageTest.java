package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.report.html.AtomicFiles;
import dev.shadowpipeline.report.html.ParsedPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift report ({@code index.html}) parsed as a browser reads it and checked against {@code drift_report.json}
 * and {@code drift_status.json} of the same run: CSV files read by the real reader, compared by the standard engine.
 * Histogram bin labels are not asserted (how they are written is moving); their shares are.
 */
class DriftReportPageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLANTED = "<script>alert(1)</script>";
  private static final String NEW_CITY = "<b>west</b>";
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?");
  private static final String HEADER = "age,income,city," + PLANTED;

  @TempDir Path dir;

  // --- data
  // ------------------------------------------------------------------------------------------------------

  private Path csv(String name, String header, int rows, IntFunction<String> row)
      throws IOException {
    StringBuilder text = new StringBuilder(header).append('\n');
    for (int i = 0; i < rows; i++) {
      text.append(row.apply(i)).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** age, income, city and a column named with markup; 300 rows, no drift. */
  private Path reference() throws IOException {
    String[] cities = {"north", "south", "east"};
    return csv(
        "reference.csv",
        HEADER,
        300,
        i ->
            (20 + i * 7 % 40)
                + ","
                + (30000 + i * 37 % 300 * 100)
                + ","
                + cities[i % 3]
                + ","
                + (i % 13 + 0.5));
  }

  /**
   * The same ages and planted column; incomes 15,000 higher, every 30th blank; a fourth city whose name is markup;
   * and one row with a field too many (line 42).
   */
  private Path driftedCurrent() throws IOException {
    String[] cities = {"north", "south", "east", NEW_CITY};
    return csv(
        "current.csv",
        HEADER,
        300,
        i ->
            i == 40
                ? "1,2,3,4,5"
                : (20 + (i + 5) * 7 % 40)
                    + ","
                    + (i % 30 == 0 ? "" : 45000 + i * 37 % 300 * 100)
                    + ","
                    + cities[i % 4]
                    + ","
                    + ((i + 1) % 13 + 0.5));
  }

  private static DriftResult compare(Path reference, Path current, DriftOptions options)
      throws Exception {
    return DriftEngine.standard(options)
        .compare(DatasetReader.readPair(reference, current, ReadOptions.DEFAULTS));
  }

  /** The run folder as a drift job writes it: the report and its two JSON files. */
  private record Written(ParsedPage page, JsonNode report, JsonNode status) {}

  private Written write(DriftResult result) throws IOException {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    DriftReport.write(out.resolve("index.html"), result);
    AtomicFiles.writeString(out.resolve("drift_report.json"), DriftJson.report(result));
    AtomicFiles.writeString(out.resolve("drift_status.json"), DriftJson.status(result));
    return new Written(
        ParsedPage.read(out.resolve("index.html")),
        JSON.readTree(out.resolve("drift_report.json").toFile()),
        JSON.readTree(out.resolve("drift_status.json").toFile()));
  }

  // --- reading the page
  // ------------------------------------------------------------------------------------------

  private static List<Double> numbers(String text) {
    return NUMBER.matcher(text).results().map(r -> Double.parseDouble(r.group())).toList();
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static double sum(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).sum();
  }

  /** A score or threshold as shown: 4 significant digits, "–" when there is none. */
  private static void assertShows(String shown, JsonNode value, String what) {
    if (value == null || value.isNull()) {
      assertThat(shown).as(what).isEqualTo("–");
      return;
    }
    double v = value.asDouble();
    assertThat(Double.parseDouble(shown))
        .as("%s shown as %s", what, shown)
        .isCloseTo(v, within(5e-4 * Math.abs(v) + 1e-300));
  }

  /** A share shown as a percentage with one decimal. */
  private static void assertShowsPercent(String shown, double share, String what) {
    Matcher m = NUMBER.matcher(shown);
    assertThat(m.find()).as("%s: a number in %s", what, shown).isTrue();
    assertThat(Double.parseDouble(m.group())).as(what).isCloseTo(100 * share, within(0.05));
  }

  /**
   * Everything the page shows about the run equals what the JSON files say: headline, banner, problems, one table
   * row per column (test, score, threshold, verdict, missing shares, new categories), the datasets' rows and bad
   * rows, and a chart with inline data behind every canvas.
   */
  private static void assertPageShowsTheJson(Written run) {
    ParsedPage page = run.page();
    JsonNode report = run.report();
    String status = report.get("status").asText();

    // the one-glance status says the same as the full report
    assertThat(run.status().get("status")).isEqualTo(report.get("status"));
    assertThat(run.status().get("drift")).isEqualTo(report.get("drift"));
    assertThat(run.status().get("share")).isEqualTo(report.get("share"));
    assertThat(run.status().get("drifted_columns")).isEqualTo(report.get("drifted_columns"));
    assertThat(run.status().get("problems")).isEqualTo(report.get("problems"));

    int tested = report.get("tested_columns").asInt();
    assertThat(page.text("h1"))
        .isEqualTo(
            status.equals("untestable")
                ? "Drift not checked: the check could not run"
                : "Drift detected in "
                    + report.get("drifted_count").asInt()
                    + " of "
                    + tested
                    + " column"
                    + (tested == 1 ? "" : "s"));
    assertThat(report.get("drifted_count").asInt()).isEqualTo(report.get("drifted_columns").size());

    Element banner = page.doc().getElementById("status");
    assertThat(banner.attr("data-status")).isEqualTo(status);
    boolean green = status.equals("ok") && !report.get("drift").asBoolean();
    assertThat(banner.hasClass("ok")).as("a green banner").isEqualTo(green);
    assertThat(banner.hasClass("bad"))
        .as("a red banner")
        .isEqualTo(report.get("drift").asBoolean());
    if (!status.equals("untestable")) {
      List<Double> shares = numbers(banner.text());
      assertThat(shares.get(0))
          .as("share")
          .isCloseTo(100 * report.get("share").asDouble(), within(0.05));
      assertThat(shares.get(1))
          .as("threshold")
          .isCloseTo(100 * report.get("drift_share").asDouble(), within(0.05));
    }
    assertThat(page.doc().select(".problems li").eachText())
        .containsExactlyElementsOf(texts(report.get("problems")));

    Elements rows = page.doc().select("table").first().select("tbody tr");
    JsonNode columns = report.get("columns");
    assertThat(rows).hasSize(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      JsonNode c = columns.get(i);
      Elements cells = rows.get(i).children();
      String name = c.get("column").asText();
      assertThat(cells.get(0).text()).isEqualTo(name);
      assertThat(cells.get(1).text()).as(name).isEqualTo(c.get("type").asText());
      assertThat(cells.get(2).text())
          .as(name)
          .isEqualTo(c.has("test") ? c.get("test").asText() : "–");
      JsonNode score = c.has("p_value") ? c.get("p_value") : c.get("distance");
      assertShows(cells.get(3).text(), score, name + " score");
      assertThat(cells.get(3).attr("title"))
          .as(name)
          .isEqualTo(c.has("p_value") ? "p-value" : c.has("distance") ? "distance" : "");
      assertShows(cells.get(4).text(), c.get("threshold"), name + " threshold");

      // verdict: Drift exactly when drift_report.json says drifted; unjudged columns show their
      // status
      Element tag = cells.get(5).selectFirst(".tag");
      JsonNode drifted = c.get("drifted");
      if (drifted.isNull()) {
        assertThat(tag.text()).as(name).isEqualTo(c.get("status").asText());
        assertThat(tag.hasClass("other")).isTrue();
      } else if (drifted.asBoolean()) {
        assertThat(tag.text())
            .as(name)
            .isEqualTo(
                c.get("status").asText().equals("ok")
                    ? "Drift"
                    : "Drift: " + c.get("status").asText());
        assertThat(tag.hasClass("drift")).isTrue();
      } else {
        assertThat(c.get("status").asText()).isEqualTo("ok");
        assertThat(tag.text()).as(name).isEqualTo("No drift");
      }
      if (!c.get("status").asText().startsWith("only-in-")) {
        String[] missing = cells.get(6).text().split("→", -1);
        assertShowsPercent(
            missing[0], c.at("/reference/missing_share").asDouble(), name + " missing, reference");
        assertShowsPercent(
            missing[1], c.at("/current/missing_share").asDouble(), name + " missing, current");
      }
      assertThat(cells.get(7).text()).as(name).isEqualTo(c.get("new_categories").asText());

      // the card below the table: same name, same verdict, the new categories listed
      Element card = page.doc().getElementById("col-" + i);
      assertThat(cells.get(0).selectFirst("a").attr("href")).isEqualTo("#col-" + i);
      assertThat(card.selectFirst("h3").ownText()).isEqualTo(name);
      for (JsonNode example : c.get("new_category_examples")) {
        assertThat(card.text()).contains(example.asText());
      }
    }

    // one chart entry per histogram: both canvases of the column, shares that add up
    JsonNode charts = page.data("drift-data");
    List<String> expectedCanvases = new ArrayList<>();
    for (JsonNode chart : charts) {
      int index = chart.get("index").asInt();
      JsonNode c = columns.get(index);
      expectedCanvases.add("spark-" + index);
      expectedCanvases.add("dist-" + index);
      assertThat(rows.get(index).select("canvas").eachAttr("id")).containsExactly("spark-" + index);
      assertThat(chart.get("labels")).isNotEmpty();
      assertThat(chart.get("reference")).hasSameSizeAs(chart.get("labels"));
      assertThat(chart.get("current")).hasSameSizeAs(chart.get("labels"));
      for (String side : List.of("reference", "current")) {
        long present = c.at("/" + side + "/rows").asLong() - c.at("/" + side + "/missing").asLong();
        assertThat(sum(chart.get(side)))
            .as("%s shares of %s", side, c.get("column").asText())
            .isCloseTo(present > 0 ? 1 : 0, within(1e-9));
      }
    }
    assertThat(page.canvasIds()).containsExactlyInAnyOrderElementsOf(expectedCanvases);

    // the datasets: rows, and each bad row with its file and line
    String subtitle = page.text("h1 + .muted");
    assertThat(subtitle)
        .contains(
            report.at("/reference/source").asText() + " (" + report.at("/reference/rows") + " rows",
            report.at("/current/source").asText() + " (" + report.at("/current/rows") + " rows");
    List<String> badRows = new ArrayList<>();
    for (String side : List.of("reference", "current")) {
      for (JsonNode b : report.at("/" + side + "/bad_row_examples")) {
        badRows.add(
            report.at("/" + side + "/source").asText()
                + " "
                + b.get("line")
                + " "
                + b.get("reason").asText());
      }
    }
    Element badTable = page.doc().selectFirst("h2:containsOwn(Bad rows) + table");
    assertThat(badTable == null ? List.of() : badTable.select("tbody tr").eachText())
        .containsExactlyElementsOf(badRows);
  }

  // --- tests
  // -----------------------------------------------------------------------------------------------------

  @Test
  void aDriftedRunShowsTheNumbersOfItsJson() throws Exception {
    Written run = write(compare(reference(), driftedCurrent(), DriftOptions.DEFAULTS));

    // the scenario as built: income and city drift, age and the planted column do not
    assertThat(texts(run.report().get("drifted_columns"))).containsExactly("income", "city");
    assertThat(run.report().get("status").asText()).isEqualTo("ok");
    assertThat(run.report().at("/current/bad_rows").asLong()).isEqualTo(1);
    assertThat(run.report().at("/columns/1/current/missing").asLong()).isEqualTo(10);
    assertThat(run.report().at("/columns/2/new_categories").asLong()).isEqualTo(1);
    assertPageShowsTheJson(run);
    assertThat(run.page().text("#status")).startsWith("Dataset drift: 50%");
  }

  @Test
  void theHistogramsShareOutTheValuesOfEachSide() throws Exception {
    ParsedPage page =
        ParsedPage.parse(
            DriftReport.render(compare(reference(), driftedCurrent(), DriftOptions.DEFAULTS)));
    Map<Integer, JsonNode> byIndex = new HashMap<>();
    page.data("drift-data").forEach(c -> byIndex.put(c.get("index").asInt(), c));
    assertThat(byIndex).containsOnlyKeys(0, 1, 2, 3);
    // city: three cities equally often in the reference; four in the current data, less the bad
    // row's north
    assertThat(sorted(byIndex.get(2).get("reference")))
        .containsExactly(0.0, 0.333333, 0.333333, 0.333333);
    assertThat(sorted(byIndex.get(2).get("current")))
        .containsExactly(0.247492, 0.250836, 0.250836, 0.250836);
    // income: the current values sit 15,000 higher, so they fill the upper bins the reference
    // leaves empty
    JsonNode income = byIndex.get(1);
    int bins = income.get("labels").size();
    assertThat(income.at("/reference/" + (bins - 1)).asDouble()).isZero();
    assertThat(income.at("/current/0").asDouble()).isZero();
  }

  /** The shares from smallest to largest, to 6 decimals. */
  private static List<Double> sorted(JsonNode shares) {
    return StreamSupport.stream(shares.spliterator(), false)
        .map(JsonNode::asDouble)
        .sorted()
        .map(v -> Math.round(v * 1e6) / 1e6)
        .toList();
  }

  @Test
  void theReportIsOneOfflineFileShowingPlantedMarkupAsText() throws Exception {
    Written run = write(compare(reference(), driftedCurrent(), DriftOptions.DEFAULTS));
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("index.html", "drift_report.json", "drift_status.json");
    }
    ParsedPage page = run.page().assertLoadsNothing();
    assertThat(page.doc().select("script"))
        .hasSize(4); // chart data, Chart.js, the drawing code, the charts' data tables
    // planted as a column name (table, card heading) and as a new category
    page.assertShownAsText(PLANTED).assertShownAsText(NEW_CITY);
    assertThat(page.doc().select("table").first().select("tbody tr td:eq(0)").eachText())
        .contains(PLANTED);
    assertThat(page.doc().select("b")).isEmpty();
    assertThat(page.doc().getElementById("col-2").text()).contains("New in current: " + NEW_CITY);
    // the only links are to the cards on the same page
    assertThat(page.doc().select("a[href]").eachAttr("href")).allMatch(h -> h.matches("#col-\\d+"));
  }

  @Test
  void anIncompleteRunShowsItsProblemsAndNeverTheGreenBanner() throws Exception {
    // age is gone from the current data (counts as drifted) and a column the reference never had
    // appeared
    String[] cities = {"north", "south", "east"};
    Path current =
        csv(
            "current.csv",
            "income,city," + PLANTED + ",extra",
            300,
            i ->
                (30000 + (i + 3) * 37 % 300 * 100)
                    + ","
                    + cities[(i + 1) % 3]
                    + ","
                    + ((i + 2) % 13 + 0.5)
                    + ","
                    + i);
    Written run = write(compare(reference(), current, DriftOptions.DEFAULTS.withDriftShare(0.5)));

    assertThat(run.report().get("status").asText()).isEqualTo("incomplete");
    assertThat(run.report().get("drift").asBoolean()).isFalse();
    assertThat(texts(run.report().get("drifted_columns"))).containsExactly("age");
    assertThat(run.report().get("problems")).hasSize(1);
    assertPageShowsTheJson(run);
    ParsedPage page = run.page();
    assertThat(page.doc().getElementById("status").hasClass("warn")).isTrue();
    assertThat(page.text(".problems li")).contains("'age'", "missing from current");
    // the vanished column drifted without a test; the new one is only informational
    Elements rows = page.doc().select("table").first().select("tbody tr");
    assertThat(rows.get(0).select("td").eachText().subList(0, 6))
        .containsExactly("age", "numeric", "–", "–", "–", "Drift: only-in-reference");
    assertThat(rows.get(4).select("td").eachText().subList(0, 7))
        .containsExactly("extra", "numeric", "–", "–", "–", "only-in-current", "– → –");
  }

  @Test
  void anUntestableRunHasNoVerdictOnThePage() throws Exception {
    Path headerOnly = csv("current.csv", HEADER, 0, i -> "");
    Written run = write(compare(reference(), headerOnly, DriftOptions.DEFAULTS));

    assertThat(run.report().get("status").asText()).isEqualTo("untestable");
    assertThat(run.report().get("share").isNull()).isTrue();
    assertPageShowsTheJson(run);
    ParsedPage page = run.page().assertLoadsNothing();
    assertThat(page.doc().getElementById("status").hasClass("warn")).isTrue();
    assertThat(page.text("#status"))
        .isEqualTo("The check could not run: there is no drift verdict for this data.");
    assertThat(page.text(".problems")).startsWith("Why:");
    // no column judged: neither a Drift nor a No drift tag anywhere
    assertThat(page.doc().select(".tag").eachText())
        .noneMatch(t -> t.startsWith("Drift") || t.equals("No drift"));
    assertThat(page.doc().select(".tag.ok, .tag.drift")).isEmpty();
  }
}
