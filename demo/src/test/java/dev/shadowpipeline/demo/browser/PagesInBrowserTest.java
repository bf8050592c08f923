package dev.shadowpipeline.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.demo.ShadowDemo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages people read — a shadow test's report.html, a drift run's report and the monitoring
 * dashboard — opened in headless Chromium as the demo writes them: no console error, no request
 * leaving the file, data in every chart, no horizontal scrolling at 1280 px, and the page's key
 * numbers equal to the JSON written beside it. A screenshot of each page is kept in {@code
 * demo/target/screenshots/}.
 *
 * <p>Without a browser the class is skipped with the reason printed (the Debian package to
 * install); with {@code SHADOW_REQUIRE_BROWSER} set, as {@code .ci/run} does, it fails instead.
 */
class PagesInBrowserTest {

  private static final Path OUT = Path.of("target", "browser-demo");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HeadlessChromium browser;

  @BeforeAll
  static void runTheDemoAndStartTheBrowser() throws Exception {
    Optional<Path> binary = HeadlessChromium.find();
    if (binary.isEmpty()) {
      String reason =
          "no headless browser found: install the Debian package '"
              + HeadlessChromium.PACKAGE
              + "' (apt-get install -y "
              + HeadlessChromium.PACKAGE
              + ") or set SHADOW_CHROMIUM to a Chromium/Chrome binary; the browser tests of"
              + " report.html, the drift report and the dashboard did not run";
      System.err.println("WARNING: " + reason);
      if (System.getenv(HeadlessChromium.REQUIRE_ENV) != null) {
        fail(HeadlessChromium.REQUIRE_ENV + " is set and " + reason);
      }
      Assumptions.abort(reason);
    }
    // a clean start: the dashboard keeps run reports it archived earlier, so pages from an older
    // build would be tested instead of this one's
    deleteTree(OUT);
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    // small traffic: the pages' shape, not the numbers' precision, is under test here
    assertThat(new ShadowDemo(quiet, quiet, false, OUT, 200, 8, 7L).run()).isTrue();
    browser = HeadlessChromium.start(binary.get());
  }

  @AfterAll
  static void closeTheBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void loanReportShowsTheSummarysNumbers() throws IOException {
    JsonNode summary = JSON.readTree(OUT.resolve("loan/summary.json").toFile());
    HeadlessChromium.Page page = readable("loan/report.html", "report-loan.png");

    String text = page.eval("document.body.innerText").asText();
    assertThat(text)
        .contains(percent(summary.path("agreement").path("rate").asDouble()))
        .contains(percent(summary.path("agreement").path("wilson_95_lower").asDouble()))
        .contains(percent(summary.path("agreement").path("wilson_95_upper").asDouble()));
  }

  @Test
  void searchReportIsReadable() throws IOException {
    readable("search/report.html", "report-search.png");
  }

  @Test
  void driftReportShowsItsJsonsVerdict() throws IOException {
    Path run = firstRunWithDrift();
    JsonNode report = JSON.readTree(run.resolve("drift_report.json").toFile());
    HeadlessChromium.Page page =
        readable(OUT.relativize(run.resolve("index.html")).toString(), "drift-report.png");

    assertThat(report.path("drift").asBoolean()).isTrue();
    assertThat(page.eval("document.getElementById('status').dataset.status").asText())
        .isEqualTo(report.path("status").asText());
    assertThat(page.eval("document.getElementById('status').innerText").asText())
        .startsWith("Dataset drift")
        .contains(percent(report.path("share").asDouble(), 1));
    // the report names what it read and when, as drift_report.json does: one day is told from
    // another by its inputs' full paths, rows, file times and the run's own time
    assertThat(page.eval("document.getElementById('inputs').dataset.ranAt").asText())
        .isEqualTo(report.path("run_at").asText())
        .isNotEmpty();
    for (String side : List.of("reference", "current")) {
      String row = "document.querySelector('#inputs tr[data-side=" + side + "]')";
      JsonNode input = report.path(side);
      assertThat(input.path("location").asText()).startsWith("/").endsWith(".csv");
      assertThat(page.eval(row + ".querySelector('.location').innerText").asText())
          .isEqualTo(input.path("location").asText());
      assertThat(page.eval(row + ".querySelector('.rows').innerText").asText())
          .startsWith(String.format(Locale.ROOT, "%,d", input.path("rows").asLong()));
      assertThat(input.path("modified").asText()).isNotEmpty();
      assertThat(page.eval(row + ".querySelector('.modified').innerText").asText())
          .isEqualTo(input.path("modified").asText().substring(0, 19).replace('T', ' ') + " UTC");
    }
    // the histograms say what their axes are, and the salary bins read as money, not 1.314e+04
    JsonNode titles =
        page.eval(
            "Object.values(Chart.instances).filter(c => c.canvas.id.startsWith('dist-'))"
                + ".map(c => [c.options.scales.x.title.text, c.options.scales.y.title.text])");
    assertThat(titles.size()).isEqualTo(report.path("columns").size());
    for (JsonNode t : titles) {
      assertThat(t.get(0).asText()).contains("bins");
      assertThat(t.get(1).asText()).isEqualTo("share of rows (%)");
    }
    String salaryBins =
        page.eval(
                "Object.values(Chart.instances).filter(c => c.canvas.id.startsWith('dist-')"
                    + " && c.options.scales.x.title.text.startsWith('salary'))[0].data.labels.join('|')")
            .asText();
    assertThat(salaryBins).doesNotContain("e+").containsPattern("\\d{2},\\d{3} – \\d{2},\\d{3}");
  }

  @Test
  void dashboardShowsEveryRunAndTheLatestStatus() throws IOException {
    Path site = OUT.resolve("monitor/drift-site");
    JsonNode status = JSON.readTree(site.resolve("status.json").toFile());
    HeadlessChromium.Page page =
        readable(OUT.relativize(site.resolve("index.html")).toString(), "dashboard.png");

    assertThat(page.eval("document.getElementById('status').dataset.status").asText())
        .isEqualTo(status.path("status").asText());
    assertThat(page.eval("document.querySelectorAll('#runs tbody tr').length").asInt())
        .isEqualTo(status.path("runs").asInt());

    // the banner, the job cards and the column badges speak of the same runs: no "Drift" badge
    // beside a "Healthy" banner, and a job's card counts the drifted columns its badges show
    String banner = page.eval("document.getElementById('status').innerText").asText();
    JsonNode cards =
        page.eval(
            "[...document.querySelectorAll('.card.job[data-run]')].map(c => ({run: c.dataset.run,"
                + " badge: c.querySelector('.tag').innerText, text: c.innerText}))");
    JsonNode badges =
        page.eval(
            "[...document.querySelectorAll('.column-badge')].map(b => ({run: b.dataset.run,"
                + " text: b.innerText}))");
    assertThat(cards.size()).isPositive();
    assertThat(badges.size()).isPositive();
    if (banner.startsWith("Healthy")) {
      assertThat(badges.findValuesAsText("text")).doesNotContain("Drift");
      assertThat(cards.findValuesAsText("badge")).containsOnly("Healthy");
    }
    assertThat(banner.startsWith("Drift detected"))
        .isEqualTo(cards.findValuesAsText("badge").contains("Drift"));
    for (JsonNode card : cards) {
      java.util.regex.Matcher drifted =
          java.util.regex.Pattern.compile("(\\d+) of (\\d+) columns drifted")
              .matcher(card.path("text").asText());
      if (!drifted.find()) {
        assertThat(card.path("badge").asText()).isEqualTo("Last run failed");
        continue;
      }
      long shown = 0;
      for (JsonNode b : badges) {
        if (b.path("run").asText().equals(card.path("run").asText())
            && b.path("text").asText().equals("Drift")) {
          shown++;
        }
      }
      assertThat(shown)
          .as("columns with a Drift badge for run %s", card.path("run").asText())
          .isEqualTo(Long.parseLong(drifted.group(1)));
    }

    // every run is on the trend axes, to the second, and the failed day is a marker saying why
    int runs = status.path("runs").asInt();
    for (String chart : List.of("share-chart", "column-0")) {
      JsonNode data = page.eval("Chart.getChart('" + chart + "').data");
      List<String> labels = new java.util.ArrayList<>();
      data.path("labels").forEach(l -> labels.add(l.asText()));
      assertThat(data.path("labels").size()).as("runs on the axis of %s", chart).isEqualTo(runs);
      assertThat(data.path("labels").toString()).containsPattern("\\d{2}:\\d{2}:\\d{2}");
      assertThat(labels).doesNotHaveDuplicates();
      JsonNode failed = null;
      for (JsonNode d : data.path("datasets")) {
        if (d.path("label").asText().equals("failed run")) {
          failed = d;
        }
      }
      assertThat(failed).as("failed-run markers of %s", chart).isNotNull();
      int markers = 0;
      for (int i = 0; i < runs; i++) {
        if (!failed.path("data").get(i).isNull()) {
          markers++;
          assertThat(failed.path("failedReasons").get(i).asText()).contains("no such file");
        }
      }
      assertThat(markers).as("failed runs marked on %s", chart).isEqualTo(1);
    }
  }

  /**
   * Opens a page under the demo's output and checks what every page owes its reader; keeps its
   * screenshot.
   */
  private static HeadlessChromium.Page readable(String relative, String screenshot)
      throws IOException {
    Path file = OUT.resolve(relative).toAbsolutePath();
    HeadlessChromium.Page page = browser.open(file);
    page.screenshot(SHOTS.resolve(screenshot));

    assertThat(page.errors()).as("console errors and warnings of %s", relative).isEmpty();
    // offline: the only request is the file itself (Chart.js and the data are inline)
    assertThat(page.requests()).as("requests of %s", relative).allMatch(u -> u.startsWith("file:"));
    assertThat(
            page.eval("performance.getEntriesByType('resource').map(e => e.name)")
                .findValuesAsText(""))
        .as("resources of %s", relative)
        .isEmpty();
    assertThat(page.eval("performance.getEntriesByType('resource').length").asInt())
        .as("resources loaded by %s", relative)
        .isZero();

    // every canvas is a chart, and every chart has data points
    int canvases = page.eval("document.querySelectorAll('canvas').length").asInt();
    JsonNode charts =
        page.eval(
            "Object.values(Chart.instances).map(c => ({id: c.canvas.id, points:"
                + " c.data.datasets.reduce((n, d) => n + d.data.filter(v => v !== null &&"
                + " v !== undefined).length, 0)}))");
    assertThat(charts.size())
        .as("charts drawn on the %d canvases of %s", canvases, relative)
        .isEqualTo(canvases);
    for (JsonNode c : charts) {
      assertThat(c.path("points").asInt())
          .as("data points of chart #%s", c.path("id").asText())
          .isPositive();
    }

    // charts use the full width: a grid whose cards fit on one row has no empty track at its end
    JsonNode gaps =
        page.eval(
            "[...document.querySelectorAll('.grid')].filter(g => g.children.length > 0 &&"
                + " [...g.children].every(c => c.offsetTop === g.children[0].offsetTop))"
                + ".map(g => g.getBoundingClientRect().right -"
                + " g.lastElementChild.getBoundingClientRect().right)");
    for (JsonNode gap : gaps) {
      assertThat(gap.asDouble())
          .as("empty width at the end of a grid in %s", relative)
          .isLessThan(2);
    }
    assertThat(page.eval("document.documentElement.scrollWidth").asInt())
        .as("width of %s (no horizontal scrolling at %d px)", relative, HeadlessChromium.WIDTH)
        .isLessThanOrEqualTo(HeadlessChromium.WIDTH);

    // accessibility basics: every chart has a name and a text alternative (its data as a table),
    // status tags and banners are words, and text, badges included, passes WCAG AA contrast
    assertThat(Accessibility.chartsWithoutText(page))
        .as("charts without a text alternative in %s", relative)
        .isEmpty();
    assertThat(Accessibility.lowContrast(page))
        .as("text below WCAG AA contrast in %s", relative)
        .isEmpty();
    assertThat(
            page.eval(
                    "[...document.querySelectorAll('.tag, .banner')].filter(e =>"
                        + " !e.innerText.trim()).length")
                .asInt())
        .as("status shown by colour alone in %s", relative)
        .isZero();
    return page;
  }

  private static Path firstRunWithDrift() throws IOException {
    Path runs = OUT.resolve("monitor/drift-site/runs");
    try (Stream<Path> dirs = Files.list(runs)) {
      List<Path> sorted = dirs.sorted().toList();
      for (Path run : sorted) {
        Path json = run.resolve("drift_report.json");
        if (Files.exists(json) && JSON.readTree(json.toFile()).path("drift").asBoolean()) {
          return run;
        }
      }
    }
    throw new AssertionError("the demo week has no run with drift under " + runs);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String percent(double share) {
    return percent(share, 2);
  }

  private static String percent(double share, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
  }
}
