package dev.shadowpipeline.report.site;

import static dev.shadowpipeline.report.compare.LoanRecords.answer;
import static dev.shadowpipeline.report.compare.LoanRecords.failed;
import static dev.shadowpipeline.report.compare.LoanRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.report.drift.DriftJson;
import dev.shadowpipeline.report.drift.DriftReport;
import dev.shadowpipeline.report.html.AtomicFiles;
import dev.shadowpipeline.report.html.ParsedPage;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.store.ColumnResult;
import dev.shadowpipeline.store.ColumnScorePoint;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.LatencyPercentiles;
import dev.shadowpipeline.store.ScoreKind;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard built from a real SQLite store, parsed as a browser reads it, and checked against the store and the
 * {@code status.json} written beside it. The drift reports it archives are rendered from the standard engine's
 * results on simulated data.
 */
class DashboardSitePageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLANTED = "<script>alert(1)</script>";
  private static final Instant NOW = Instant.parse("2026-01-08T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  // to the second: two runs in the same minute are two points (issue 17)
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Instant DAY1 = Instant.parse("2026-01-05T09:00:00Z");
  private static final int WINDOWS = 120;

  @TempDir Path dir;
  private Store store;
  private Path site;

  @BeforeEach
  void openStore() {
    store = Store.open(dir.resolve("history.db").toString(), StoreOptions.defaults());
    site = dir.resolve("site");
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // --- history
  // -----------------------------------------------------------------------------------------------------

  /** Writes a run folder the way a drift job does, from the standard engine on simulated data; returns its report. */
  private Path runFolder(String name, double salaryShift) throws Exception {
    DriftResult result =
        DriftEngine.standard(DriftOptions.DEFAULTS)
            .compare(new Simulation(300, 7, Map.of("salary", salaryShift), Map.of()).generate());
    Path folder = dir.resolve("jobs").resolve(name);
    Files.createDirectories(folder);
    DriftReport.write(folder.resolve("index.html"), result);
    AtomicFiles.writeString(folder.resolve("drift_report.json"), DriftJson.report(result));
    AtomicFiles.writeString(folder.resolve("drift_status.json"), DriftJson.status(result));
    return folder.resolve("index.html");
  }

  private static ColumnResult pValue(String column, double p, boolean drifted) {
    return new ColumnResult(
        column, "numeric", "ks", ScoreKind.P_VALUE, 0.2, p, 0.05, drifted, 0, 0, 0, null);
  }

  private static ColumnResult distance(String column, double d, boolean drifted) {
    return new ColumnResult(
        column, "numeric", "wasserstein", ScoreKind.DISTANCE, d, d, 0.1, drifted, 0, 0, 0, null);
  }

  /**
   * Job {@code credit}: healthy on day 1, drifted on day 2, failed on day 3 (with markup in its error). Job
   * {@code ads}: one incomplete run on day 3. Every run of credit scores a column named with markup.
   */
  private void saveHistory() throws Exception {
    Path healthy = runFolder("healthy", 0);
    Path drifted = runFolder("drifted", 25_000);
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("credit", DAY1),
            DAY1,
            DAY1.plusSeconds(3),
            "ref.csv",
            "current-" + PLANTED + ".csv",
            false,
            0,
            0.1,
            3,
            0,
            healthy.toString()),
        List.of(
            pValue("age", 0.61, false),
            pValue("salary", 0.32, false),
            distance(PLANTED, 0.02, false)));
    Instant day2 = DAY1.plus(Duration.ofDays(1));
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("credit", day2),
            day2,
            day2.plusSeconds(4),
            "ref.csv",
            "day2.csv",
            true,
            2 / 3.0,
            0.1,
            3,
            2,
            drifted.toString()),
        List.of(
            pValue("age", 0.45, false),
            pValue("salary", 1e-30, true),
            distance(PLANTED, 0.25, true)));
    Instant day3 = DAY1.plus(Duration.ofDays(2));
    store.saveRun(
        DriftRun.failed(
            RunIds.of("credit", day3),
            day3,
            day3.plusSeconds(1),
            "ref.csv",
            "day3.csv",
            "cannot read day3.csv: " + PLANTED,
            drifted.toString()),
        List.of());
    Instant ads = day3.plusSeconds(600);
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("ads", ads),
            ads,
            ads.plusSeconds(2),
            "ads-ref.csv",
            "ads.csv",
            false,
            0,
            0.5,
            1,
            0,
            null,
            List.of("column 'clicks' is missing from current ads.csv")),
        List.of(pValue("ctr", 0.7, false)));
  }

  /** Two hours of per-minute windows from one proxy, ending an hour before now. */
  private List<ComparisonWindow> saveWindows() {
    List<ComparisonWindow> windows = new ArrayList<>();
    Instant start = NOW.minus(Duration.ofHours(3));
    for (int k = 0; k < WINDOWS; k++) {
      Instant from = start.plus(Duration.ofMinutes(k));
      long timeouts = k % 11 == 0 ? 1 : 0; // shadow errors count the timeouts too
      windows.add(
          new ComparisonWindow(
              "proxy-1",
              from,
              from.plus(Duration.ofMinutes(1)),
              105,
              100,
              100 - k % 7,
              k % 3 == 0 ? 1 : 0,
              (k % 5 == 0 ? 2 : 0) + timeouts,
              timeouts,
              new LatencyPercentiles(10 + k % 4, 20, 30),
              new LatencyPercentiles(12, 25 + k % 6, 40),
              new LatencyPercentiles(2, 5, 10)));
    }
    store.upsertWindows(windows);
    return windows;
  }

  // --- reading the page
  // --------------------------------------------------------------------------------------------

  private static List<Double> doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(v -> v.isNull() ? null : v.asDouble())
        .toList();
  }

  private static long sum(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).sum();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share).replace(".0%", "%");
  }

  private Element jobCard(ParsedPage page, String job) {
    for (Element h3 : page.doc().select("h1 ~ .card > h3")) {
      if (h3.ownText().equals(job)) {
        return h3.parent();
      }
    }
    throw new AssertionError("no card for job " + job);
  }

  // --- tests
  // ---------------------------------------------------------------------------------------------------

  @Test
  void theStatusAndRunsTableShowTheStoreAndStatusJson() throws Exception {
    saveHistory();
    DashboardSite.Built built = DashboardSite.build(store, site, "Drift monitor", CLOCK);
    JsonNode status = JSON.readTree(site.resolve("status.json").toFile());
    ParsedPage page = ParsedPage.read(site.resolve("index.html"));
    List<DriftRun> runs = store.runs();

    // the latest run of credit failed: the worst state of any job
    assertThat(status.get("status").asText()).isEqualTo("failed");
    assertThat(built.status()).isEqualTo(DashboardSite.Status.FAILED);
    assertThat(page.doc().getElementById("status").attr("data-status"))
        .isEqualTo(status.get("status").asText());
    assertThat(page.text("#status"))
        .isEqualTo("Last run failed. The last good report stays available below.");
    assertThat(status.get("runs").asInt()).isEqualTo(runs.size()).isEqualTo(4);
    assertThat(status.get("last_run").asText()).isEqualTo(runs.get(3).runId());
    assertThat(page.text("h1 + .muted"))
        .isEqualTo("Generated 2026-01-08 10:00:00 UTC from 4 drift runs.");

    // one row per run, newest first
    Elements rows = page.doc().select("#runs tbody tr");
    assertThat(rows).hasSize(runs.size());
    for (int i = 0; i < rows.size(); i++) {
      DriftRun run = runs.get(runs.size() - 1 - i);
      Elements cells = rows.get(i).children();
      assertThat(cells.get(0).text()).isEqualTo(SECOND.format(run.startedAt()));
      assertThat(cells.get(1).text()).isEqualTo(RunIds.job(run.runId()));
      assertThat(cells.get(2).text())
          .as(run.runId())
          .isEqualTo(
              !run.succeeded()
                  ? "Failed"
                  : run.datasetDrift() ? "Drift" : run.incomplete() ? "Incomplete" : "Healthy");
      assertThat(cells.get(3).text()).isEqualTo(run.succeeded() ? percent(run.driftShare()) : "–");
      assertThat(cells.get(4).text())
          .isEqualTo(run.succeeded() ? run.columnsDrifted() + " / " + run.columnsTotal() : "–");
      assertThat(rows.get(i).hasClass("failed")).isEqualTo(!run.succeeded());
      if (!run.succeeded()) {
        assertThat(cells.get(6).text()).isEqualTo(run.errorMessage());
      } else {
        assertThat(cells.get(6).text()).startsWith(run.currentSource() + ", ");
      }
    }
    // the failed run links to the last good report of its job; the ads run has no report to link
    assertThat(rows.get(1).select("a").eachText()).containsExactly("last good report");
    assertThat(rows.get(1).select("a").attr("href"))
        .isEqualTo("runs/" + RunIds.folder(runs.get(1).runId()) + "/index.html");
    assertThat(rows.get(0).select("a")).isEmpty();
    assertThat(rows.get(0).child(6).text())
        .endsWith("column 'clicks' is missing from current ads.csv");
    assertThat(rows.get(2).select("a").eachText()).containsExactly("report");
    assertThat(rows.get(3).select("a").eachText()).containsExactly("report");

    // the job cards: credit failed with its error and the last good report, ads incomplete with its
    // problem
    Element credit = jobCard(page, "credit");
    assertThat(credit.selectFirst(".tag").text()).isEqualTo("Last run failed");
    assertThat(credit.selectFirst(".failed-run").text())
        .isEqualTo("Run of 2026-01-07 09:00:00 UTC failed: cannot read day3.csv: " + PLANTED);
    assertThat(credit.select("a").eachAttr("href"))
        .containsExactly(rows.get(1).select("a").attr("href"));
    assertThat(credit.text()).contains("Last good report: 2026-01-06 09:00:00 UTC (drift)");
    Element ads = jobCard(page, "ads");
    assertThat(ads.selectFirst(".tag").text()).isEqualTo("Incomplete");
    assertThat(ads.select(".incomplete-run li").eachText())
        .containsExactly("column 'clicks' is missing from current ads.csv");
    assertThat(ads.text())
        .contains("Latest run 2026-01-07 09:10:00 UTC: 0 of 1 columns drifted (0%)");
  }

  @Test
  void everyChartCanvasHasItsDataInline() throws Exception {
    saveHistory();
    List<ComparisonWindow> windows = saveWindows();
    DashboardSite.Built built = DashboardSite.build(store, site, "Drift monitor", CLOCK);
    ParsedPage page = ParsedPage.read(site.resolve("index.html"));
    assertThat(built.windows()).isEqualTo(WINDOWS);
    assertThat(page.text("h1 + .muted"))
        .endsWith("from 4 drift runs and " + WINDOWS + " shadow comparison windows.");

    JsonNode share = page.data("share-data");
    JsonNode columns = page.data("column-data");
    JsonNode window = page.data("window-data");
    List<String> expected =
        new ArrayList<>(List.of("share-chart", "agreement-chart", "latency-chart"));
    columns.forEach(c -> expected.add("column-" + c.get("index").asInt()));
    assertThat(page.canvasIds()).containsExactlyInAnyOrderElementsOf(expected);

    // every run on the axis, one series per job with the job's threshold; a failed run is a gap
    // in its job's series and a marker with the reason (issue 17: the failed day was left out)
    List<DriftRun> all = store.runs();
    assertThat(share.get("labels")).hasSize(all.size());
    assertThat(share.get("series").findValuesAsText("label")).containsExactly("ads", "credit");
    for (int i = 0; i < all.size(); i++) {
      DriftRun run = all.get(i);
      assertThat(share.at("/labels/" + i).asText()).isEqualTo(SECOND.format(run.startedAt()));
      JsonNode series =
          share.at("/series/" + (RunIds.job(run.runId()).equals("ads") ? 0 : 1) + "/data");
      if (run.succeeded()) {
        assertThat(series.get(i).asDouble()).isCloseTo(run.driftShare(), within(1e-12));
        assertThat(share.at("/thresholds/" + RunIds.job(run.runId())).asDouble())
            .isEqualTo(run.driftShareThreshold());
        assertThat(share.at("/failed/" + i).isNull()).isTrue();
      } else {
        assertThat(series.get(i).isNull()).isTrue();
        assertThat(share.at("/failed/" + i).isNull()).isFalse();
        assertThat(share.at("/failedReasons/" + i).asText()).contains(run.errorMessage());
      }
    }

    // one chart per job and column, its scores those of the store, oldest first
    Map<String, List<ColumnScorePoint>> histories = store.columnHistories();
    assertThat(columns).hasSize(4);
    for (JsonNode chart : columns) {
      String[] jobAndColumn = chart.get("name").asText().split(" · ", 2);
      List<ColumnScorePoint> points =
          histories.get(jobAndColumn[1]).stream()
              .filter(p -> RunIds.job(p.runId()).equals(jobAndColumn[0]))
              .toList();
      assertThat(doubles(chart.get("scores")).stream().filter(Objects::nonNull).toList())
          .as(chart.get("name").asText())
          .containsExactlyElementsOf(points.stream().map(ColumnScorePoint::score).toList());
      assertThat(doubles(chart.get("thresholds")).stream().filter(Objects::nonNull).toList())
          .containsExactlyElementsOf(points.stream().map(ColumnScorePoint::threshold).toList());
      assertThat(chart.get("labels")).hasSameSizeAs(chart.get("scores"));
      assertThat(chart.get("pValue").asBoolean())
          .isEqualTo(points.get(0).scoreKind() == ScoreKind.P_VALUE);
      Element card = page.doc().getElementById("column-" + chart.get("index").asInt()).parent();
      assertThat(card.selectFirst("h3").ownText()).isEqualTo(chart.get("name").asText());
      // the badge: the column in its job's last scored run (credit's day 2, ads' only run)
      String lastScored =
          all.stream()
              .filter(r -> r.succeeded() && RunIds.job(r.runId()).equals(jobAndColumn[0]))
              .reduce((a, b) -> b)
              .orElseThrow()
              .runId();
      ColumnScorePoint now =
          points.stream().filter(p -> p.runId().equals(lastScored)).findFirst().orElseThrow();
      assertThat(card.selectFirst(".tag").text()).isEqualTo(now.drifted() ? "Drift" : "No drift");
      assertThat(card.selectFirst(".tag").attr("data-run")).isEqualTo(lastScored);
    }

    // the windows: two hours of minutes fit in the point limit, so one point per window
    assertThat(window.get("bucket").asText()).isEqualTo("1 min");
    assertThat(window.get("labels")).hasSize(WINDOWS);
    for (String series :
        List.of(
            "agreement",
            "critical",
            "errors",
            "primaryP50",
            "primaryP95",
            "shadowP50",
            "shadowP95")) {
      assertThat(window.get(series)).as(series).hasSize(WINDOWS);
    }
    for (int k = 0; k < WINDOWS; k++) {
      ComparisonWindow w = windows.get(k);
      assertThat(window.at("/labels/" + k).asText()).isEqualTo(SECOND.format(w.windowStart()));
      assertThat(window.at("/agreement/" + k).asDouble()).isCloseTo(w.agreement(), within(1e-6));
      assertThat(window.at("/primaryP50/" + k).asDouble())
          .isEqualTo(w.primaryLatency().p50Millis());
      assertThat(window.at("/shadowP95/" + k).asDouble()).isEqualTo(w.shadowLatency().p95Millis());
    }
    assertThat(sum(window.get("critical")))
        .isEqualTo(windows.stream().mapToLong(ComparisonWindow::critical).sum());
    assertThat(sum(window.get("errors")))
        .isEqualTo(windows.stream().mapToLong(ComparisonWindow::shadowErrors).sum());
  }

  @Test
  void theSiteIsOfflineAndLinksOnlyToItsOwnArchive() throws Exception {
    saveHistory();
    DashboardSite.build(store, site, "Drift monitor " + PLANTED, CLOCK);
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();
    assertThat(page.doc().select("script"))
        .hasSize(6); // three data scripts, Chart.js, the drawing code, the charts' data tables

    // every link is relative, stays inside the site and finds its file there
    List<String> links = page.doc().select("a[href]").eachAttr("href");
    assertThat(links).isNotEmpty();
    for (String link : links) {
      Path target = site.resolve(link).normalize();
      assertThat(target).as(link).startsWith(site);
      assertThat(Files.isRegularFile(target)).as(link).isTrue();
      ParsedPage.read(target).assertLoadsNothing();
    }
    // the two good runs of credit archived with their JSON files; the failed run has no folder of
    // its own
    try (var archived = Files.list(site.resolve("runs"))) {
      List<Path> folders = archived.sorted().toList();
      assertThat(folders).hasSize(2);
      for (Path folder : folders) {
        try (var files = Files.list(folder)) {
          assertThat(files.map(f -> f.getFileName().toString()).toList())
              .containsExactlyInAnyOrder("index.html", "drift_report.json", "drift_status.json");
        }
      }
    }

    // planted in the title, a failed run's error, a column name and a data source
    page.assertShownAsText(PLANTED);
    assertThat(page.doc().title()).isEqualTo("Drift monitor " + PLANTED);
    assertThat(page.text("h1")).isEqualTo("Drift monitor " + PLANTED);
    assertThat(page.doc().select(".grid .card h3").eachText())
        .anyMatch(t -> t.startsWith("credit · " + PLANTED));
    assertThat(page.doc().select("#runs td").eachText())
        .anyMatch(t -> t.contains("current-" + PLANTED + ".csv"));
    assertThat(page.data("column-data").findValuesAsText("name")).contains("credit · " + PLANTED);
  }

  /** A window as the proxy keeps it: its minute's summary, folded by the aggregator, with the fields it stores. */
  private static ComparisonWindow window(Instant start, ComparisonSummary s) {
    return new ComparisonWindow(
        "proxy-1",
        start,
        start.plus(Duration.ofMinutes(1)),
        s.requests(),
        s.requests(),
        s.matches(),
        s.severity("critical"),
        s.shadowErrors(),
        s.shadowTimeouts(),
        percentiles(s.primaryLatency()),
        percentiles(s.shadowLatency()),
        percentiles(s.latencyDelta()));
  }

  private static LatencyPercentiles percentiles(LatencySummary l) {
    return l.count() == 0
        ? LatencyPercentiles.NONE
        : new LatencyPercentiles(l.p50Millis(), l.p95Millis(), l.p99Millis());
  }

  @Test
  void eachFailedShadowCallCountsOnceInTheErrorSeries() throws Exception {
    // a minute of 20 pairs: 3 shadow timeouts and 2 refused connections
    ComparisonAggregator minute = new ComparisonAggregator();
    for (int i = 0; i < 20; i++) {
      CapturedResponse shadow =
          i < 3
              ? failed(ErrorKind.TIMEOUT)
              : i < 5 ? failed(ErrorKind.CONNECTION_REFUSED) : answer(200, "approve", 0.5, 12);
      minute.accept(record(i, "/predict", "", answer(200, "approve", 0.5, 10), shadow));
    }
    ComparisonSummary summary = minute.summary();
    assertThat(summary.shadowErrors())
        .isEqualTo(5); // every call without an answer, the timeouts among them
    assertThat(summary.shadowTimeouts()).isEqualTo(3);
    store.upsertWindow(window(NOW.minus(Duration.ofHours(1)), summary));
    ParsedPage page =
        ParsedPage.read(DashboardSite.build(store, site, "Drift monitor", CLOCK).index());

    JsonNode window = page.data("window-data");
    assertThat(page.canvasIds()).containsExactly("agreement-chart", "latency-chart");
    assertThat(window.get("errors")).hasSize(1);
    assertThat(window.at("/errors/0").asLong()).isEqualTo(5);
    assertThat(window.at("/critical/0").asLong()).isZero();
    assertThat(window.at("/agreement/0").asDouble()).isEqualTo(15 / 20.0);
    assertThat(window.at("/primaryP50/0").asDouble()).isCloseTo(10, within(0.01));
  }

  @Test
  void anEmptyStoreShowsThatNoRunWasRecorded() throws Exception {
    DashboardSite.Built built = DashboardSite.build(store, site, "Drift monitor", CLOCK);
    JsonNode status = JSON.readTree(site.resolve("status.json").toFile());
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();

    assertThat(built.status()).isEqualTo(DashboardSite.Status.EMPTY);
    assertThat(status.get("status").asText()).isEqualTo("empty");
    assertThat(status.get("runs").asInt()).isZero();
    assertThat(status.has("last_run")).isFalse();
    assertThat(page.doc().getElementById("status").attr("data-status")).isEqualTo("empty");
    assertThat(page.doc().getElementById("status").hasClass("ok")).isFalse();
    assertThat(page.doc().select("#runs tbody tr")).isEmpty();
    assertThat(page.canvasIds()).isEmpty();
    assertThat(page.doc().text())
        .contains(
            "No successful run yet.",
            "No column results yet.",
            "No shadow comparison windows in this database yet");
    // the drawing code still finds its data, empty
    assertThat(page.data("share-data").get("labels")).isEmpty();
    assertThat(page.data("column-data")).isEmpty();
    assertThat(page.data("window-data")).isEmpty();
  }

  @Test
  void anIncompleteLatestRunIsNeverShownHealthy() throws Exception {
    Path report = runFolder("healthy", 0);
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("credit", DAY1),
            DAY1,
            DAY1.plusSeconds(3),
            "ref.csv",
            "cur.csv",
            false,
            0,
            0.1,
            3,
            0,
            report.toString()),
        List.of(pValue("age", 0.61, false)));
    Instant later = DAY1.plusSeconds(3600);
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("ads", later),
            later,
            later.plusSeconds(2),
            "ref.csv",
            "ads.csv",
            false,
            0,
            0.1,
            2,
            0,
            null,
            List.of("column 'bid' could not be tested")),
        List.of(pValue("ctr", 0.7, false)));
    DashboardSite.Built built = DashboardSite.build(store, site, "Drift monitor", CLOCK);
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();

    assertThat(built.status()).isEqualTo(DashboardSite.Status.INCOMPLETE);
    assertThat(JSON.readTree(site.resolve("status.json").toFile()).get("status").asText())
        .isEqualTo("incomplete");
    Element banner = page.doc().getElementById("status");
    assertThat(banner.attr("data-status")).isEqualTo("incomplete");
    assertThat(banner.hasClass("warn")).isTrue();
    assertThat(jobCard(page, "credit").selectFirst(".tag").text()).isEqualTo("Healthy");
    assertThat(jobCard(page, "ads").selectFirst(".tag").text()).isEqualTo("Incomplete");
    assertThat(page.doc().select("#runs tbody tr td:eq(2)").eachText())
        .containsExactly("Incomplete", "Healthy");
  }

  @Test
  void aJobWhoseOnlyRunFailedHasNoReportToOffer() throws Exception {
    store.saveRun(
        DriftRun.failed(
            RunIds.of("credit", DAY1),
            DAY1,
            DAY1.plusSeconds(1),
            "ref.csv",
            "cur.csv",
            "cannot read cur.csv: no such file",
            null),
        List.of());
    DashboardSite.Built built = DashboardSite.build(store, site, "Drift monitor", CLOCK);
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();

    assertThat(built.status()).isEqualTo(DashboardSite.Status.FAILED);
    assertThat(built.archived()).isZero();
    assertThat(JSON.readTree(site.resolve("status.json").toFile()).get("status").asText())
        .isEqualTo("failed");
    Element credit = jobCard(page, "credit");
    assertThat(credit.text())
        .contains("cannot read cur.csv: no such file", "No successful run yet.");
    assertThat(page.doc().select("a[href]")).isEmpty();
    Elements cells = page.doc().select("#runs tbody tr").first().children();
    assertThat(cells.eachText())
        .containsExactly(
            "2026-01-05 09:00:00",
            "credit",
            "Failed",
            "–",
            "–",
            "–",
            "cannot read cur.csv: no such file");
    assertThat(page.canvasIds()).isEmpty(); // nothing succeeded: no share, no column scores
  }

  /** Daily at 09:00 UTC, as the default monitor schedule. */
  private static final RunSchedule DAILY_NINE =
      new RunSchedule() {
        @Override
        public Set<String> jobs() {
          return Set.of("credit", "fraud");
        }

        @Override
        public Optional<Instant> next(String job, Instant after) {
          if (!jobs().contains(job)) {
            return Optional.empty();
          }
          Instant nine = after.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
          return Optional.of(nine.isAfter(after) ? nine : nine.plus(Duration.ofDays(1)));
        }

        @Override
        public String describe(String job) {
          return "'0 9 * * *' UTC";
        }
      };

  private void healthyRun(Instant at, ColumnResult... columns) throws Exception {
    store.saveRun(
        DriftRun.succeeded(
            RunIds.of("credit", at),
            at,
            at.plusSeconds(2),
            "ref.csv",
            "cur.csv",
            false,
            (double) Arrays.stream(columns).filter(ColumnResult::drifted).count() / columns.length,
            0.7,
            columns.length,
            (int) Arrays.stream(columns).filter(ColumnResult::drifted).count(),
            null),
        List.of(columns));
  }

  @Test
  void aScheduledRunThatLeftNoTraceIsAGapWithAMarkerSayingWhen() throws Exception {
    // runs on days 1, 2 and 4 (05..08 Jan, now 08 Jan 10:00): day 3's 09:00 run is missing; job
    // fraud is configured but never ran
    healthyRun(DAY1, pValue("age", 0.5, false));
    healthyRun(DAY1.plus(Duration.ofDays(1)), pValue("age", 0.4, false));
    healthyRun(DAY1.plus(Duration.ofDays(3)), pValue("age", 0.3, false));
    DashboardSite.build(store, site, "Drift monitor", CLOCK, DAILY_NINE);
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();

    JsonNode share = page.data("share-data");
    List<String> labels = new ArrayList<>();
    share.get("labels").forEach(l -> labels.add(l.asText()));
    assertThat(labels)
        .containsExactly(
            "2026-01-05 09:00:00",
            "2026-01-06 09:00:00",
            "2026-01-07 09:00:00",
            "2026-01-08 09:00:00");
    assertThat(share.at("/series/0/data/2").isNull()).isTrue();
    assertThat(doubles(share.get("missing"))).containsExactly(null, null, 0.0, null);
    assertThat(share.at("/missingReasons/2").asText())
        .isEqualTo(
            "credit: no run recorded; scheduled at 2026-01-07 09:00:00 UTC ('0 9 * * *' UTC)");
    JsonNode column = page.data("column-data").get(0);
    assertThat(column.get("labels")).hasSize(4);
    assertThat(column.at("/scores/2").isNull()).isTrue();
    assertThat(column.at("/missing/2").isNull()).isFalse();
    assertThat(column.at("/missingReasons/2").asText()).contains("2026-01-07 09:00:00");
    // the table lists only what happened
    assertThat(page.doc().select("#runs tbody tr")).hasSize(3);

    Element fraud = page.doc().selectFirst(".never-run");
    assertThat(fraud.attr("data-job")).isEqualTo("fraud");
    assertThat(fraud.selectFirst(".tag").text()).isEqualTo("No run yet");
    assertThat(fraud.text()).contains("Next: 2026-01-09 09:00:00 UTC");
    assertThat(page.text("#status")).endsWith("1 scheduled job has not run yet.");
    assertThat(page.doc().getElementById("status").hasClass("ok")).isFalse();

    // without a schedule, nothing is expected: no marker, no card
    DashboardSite.build(store, site, "Drift monitor", CLOCK);
    ParsedPage plain = ParsedPage.read(site.resolve("index.html"));
    assertThat(plain.data("share-data").get("labels")).hasSize(3);
    assertThat(plain.doc().select(".never-run")).isEmpty();
    // the run of today is due at 09:00 and not yet an hour late at 09:30: not missing yet
    DashboardSite.build(
        store,
        site,
        "Drift monitor",
        Clock.fixed(Instant.parse("2026-01-09T09:30:00Z"), ZoneOffset.UTC),
        DAILY_NINE);
    assertThat(
            doubles(ParsedPage.read(site.resolve("index.html")).data("share-data").get("missing")))
        .containsExactly(null, null, 0.0, null);
  }

  @Test
  void theBannerAndEveryBadgeSpeakOfTheSameRun() throws Exception {
    // day 1: salary and clicks drifted (2 of 3, under the dataset threshold of 70%); day 2: salary
    // drifted again, clicks not scored at all
    healthyRun(
        DAY1,
        pValue("age", 0.5, false),
        pValue("salary", 0.001, true),
        pValue("clicks", 0.01, true));
    healthyRun(
        DAY1.plus(Duration.ofDays(1)), pValue("age", 0.4, false), pValue("salary", 0.002, true));
    DashboardSite.build(store, site, "Drift monitor", CLOCK);
    ParsedPage page = ParsedPage.read(site.resolve("index.html")).assertLoadsNothing();

    String latest = store.runs().get(1).runId();
    Element banner = page.doc().getElementById("status");
    assertThat(banner.attr("data-status")).isEqualTo("healthy");
    // one column drifted: the banner says so rather than "Healthy"
    assertThat(banner.text())
        .isEqualTo(
            "No dataset drift in the latest run, but 1 column drifted (below the dataset's"
                + " threshold): salary.");
    assertThat(banner.hasClass("warn")).isTrue();
    Element credit = jobCard(page, "credit");
    assertThat(credit.attr("data-run")).isEqualTo(latest);
    assertThat(credit.selectFirst(".tag").text()).isEqualTo("No dataset drift");
    assertThat(credit.text()).contains("1 of 2 columns drifted (50%): salary");
    Map<String, String> badges = new java.util.TreeMap<>();
    for (Element b : page.doc().select(".column-badge")) {
      assertThat(b.attr("data-run")).isEqualTo(latest);
      badges.put(b.parent().ownText(), b.text());
    }
    // clicks drifted on day 1 but was not scored in the latest run: not "Drift" now
    assertThat(badges)
        .containsExactly(
            Map.entry("age", "No drift"),
            Map.entry("clicks", "Not scored in the last run"),
            Map.entry("salary", "Drift"));
  }
}
