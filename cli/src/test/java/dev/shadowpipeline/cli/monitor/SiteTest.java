package dev.shadowpipeline.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.monitor.Alerting;
import dev.shadowpipeline.app.monitor.CronSchedule;
import dev.shadowpipeline.app.monitor.DriftJob;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.app.monitor.MutableClock;
import dev.shadowpipeline.app.simulate.SimulatedCsv;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.LatencyPercentiles;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadow site} over a real SQLite history: offline pages, the failed-run banner, archived reports. */
class SiteTest {

  private static final Pattern EXTERNAL =
      Pattern.compile(
          "<(?:script|link|img|iframe)[^>]*(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LINK = Pattern.compile("href=\"(runs/[^\"]+)\"");

  @TempDir Path dir;

  private Path history(boolean lastFails) throws IOException {
    Path reference = dir.resolve("reference.csv");
    SimulatedCsv.writeCsv(
        reference, new Simulation(400, 1, Map.of(), Map.of()).generate().reference());
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T09:00:00Z"));
    Path db = dir.resolve("state/shadow.db");
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      DriftJob job =
          new DriftJob(store, Alerting.none(), clock, new PrintWriter(new StringWriter()));
      for (int day = 0; day < 4; day++) {
        Path current = dir.resolve("current-" + day + ".csv");
        SimulatedCsv.writeCsv(
            current,
            new Simulation(400, 10 + day, Map.of("salary", day * 8000.0), Map.of())
                .generate()
                .current());
        job.run(
            new MonitorConfig.Job(
                "credit",
                CronSchedule.parse("0 9 * * *"),
                reference,
                current,
                0.1,
                null,
                dir.resolve("state")));
        clock.advance(Duration.ofDays(1));
      }
      if (lastFails) {
        job.run(
            new MonitorConfig.Job(
                "credit",
                CronSchedule.parse("0 9 * * *"),
                reference,
                dir.resolve("gone.csv"),
                0.1,
                null,
                dir.resolve("state")));
      }
      for (int minute = 0; minute < 30; minute++) {
        Instant start = Instant.parse("2026-01-02T10:00:00Z").plus(Duration.ofMinutes(minute));
        store.upsertWindow(
            new ComparisonWindow(
                "proxy-1",
                start,
                start.plusSeconds(60),
                100,
                98,
                90,
                2,
                1,
                0,
                new LatencyPercentiles(20, 40, 60),
                new LatencyPercentiles(30, 70, 90),
                new LatencyPercentiles(10, 30, 40)));
      }
    }
    return db;
  }

  @Test
  void theDashboardIsOneOfflineFileAndLinksToEveryArchivedReport() throws IOException {
    Path db = history(false);
    Path site = dir.resolve("site");

    CliRun run = CliRun.run("site", "--db", db.toString(), "--out", site.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("status drift")
        .contains("4 runs")
        .contains("4 reports archived");
    String html = Files.readString(site.resolve("index.html"));
    assertThat(html)
        .contains("data-status=\"drift\"")
        .contains("Dataset drift share")
        .contains("Column scores")
        .contains("Agreement")
        .contains("salary");
    List<String> links = new ArrayList<>();
    for (Matcher m = LINK.matcher(html); m.find(); ) {
      links.add(m.group(1));
    }
    assertThat(links)
        .contains(
            "runs/20260101T090000Z_credit/index.html", "runs/20260104T090000Z_credit/index.html");
    for (String link : links) {
      assertThat(site.resolve(link)).isRegularFile();
    }
    // every page of the site is one offline file: nothing loaded over the network
    try (Stream<Path> pages = Files.walk(site)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".html")).toList()) {
        assertThat(EXTERNAL.matcher(Files.readString(page)).find()).as(page.toString()).isFalse();
        assertThat(Files.readString(page)).contains("new Chart(");
      }
    }
  }

  @Test
  void aFailedLastRunShowsTheBannerKeepsTheLastGoodReportAndDeletesNothing() throws IOException {
    Path db = history(false);
    Path site = dir.resolve("site");
    assertThat(CliRun.run("site", "--db", db.toString(), "--out", site.toString()).exitCode())
        .isZero();
    Path archived = site.resolve("runs/20260104T090000Z_credit/index.html");
    String before = Files.readString(archived);
    // the job's own copies vanish (a fresh CI runner): the archive must keep them
    try (Stream<Path> files = Files.walk(dir.resolve("state/runs"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    history(true); // appends a failed run (the other runs are replaced with identical ones)

    CliRun run = CliRun.run("site", "--db", db.toString(), "--out", site.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String html = Files.readString(site.resolve("index.html"));
    assertThat(html)
        .contains("data-status=\"failed\"")
        .contains("Last run failed")
        .contains("gone.csv: no such file")
        .contains("Last good report: <a href=\"runs/20260104T090000Z_credit/index.html\"");
    assertThat(Files.readString(archived)).isEqualTo(before);
    assertThat(Files.readString(site.resolve("status.json"))).contains("\"status\": \"failed\"");
  }

  @Test
  void anIncompleteLastRunIsNeverShownHealthyAndAnUntestableOneIsAFailedDay() throws IOException {
    Path reference = dir.resolve("reference.csv");
    Simulation sim = new Simulation(400, 1, Map.of("salary", 0.0), Map.of());
    SimulatedCsv.writeCsv(reference, sim.generate().reference());
    Path full = dir.resolve("full.csv");
    SimulatedCsv.writeCsv(full, sim.generate().current());
    Path noClicks = dir.resolve("no-clicks.csv");
    Files.write(
        noClicks,
        Files.readAllLines(full).stream()
            .map(line -> line.substring(0, line.lastIndexOf(',')))
            .toList());
    Path headerOnly = dir.resolve("header-only.csv");
    Files.writeString(headerOnly, "age,salary,clicks\n");
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T09:00:00Z"));
    Path db = dir.resolve("state/shadow.db");
    Path site = dir.resolve("site");
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      DriftJob job =
          new DriftJob(store, Alerting.none(), clock, new PrintWriter(new StringWriter()));
      // clicks vanished: it counts as drifted, 1 of 3, short of a 0.9 drift share; so no drift, but
      // incomplete
      job.run(
          new MonitorConfig.Job(
              "credit",
              CronSchedule.parse("0 9 * * *"),
              reference,
              noClicks,
              0.9,
              null,
              dir.resolve("state")));
    }

    assertThat(CliRun.run("site", "--db", db.toString(), "--out", site.toString()).exitCode())
        .isZero();
    String html = Files.readString(site.resolve("index.html"));
    assertThat(html)
        .contains("data-status=\"incomplete\"")
        .doesNotContain("data-status=\"healthy\"")
        .contains("Incomplete check")
        .contains("column &#39;clicks&#39; of reference " + reference);
    assertThat(Files.readString(site.resolve("status.json")))
        .contains("\"status\": \"incomplete\"");

    clock.advance(Duration.ofDays(1));
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      new DriftJob(store, Alerting.none(), clock, new PrintWriter(new StringWriter()))
          .run(
              new MonitorConfig.Job(
                  "credit",
                  CronSchedule.parse("0 9 * * *"),
                  reference,
                  headerOnly,
                  0.1,
                  null,
                  dir.resolve("state")));
    }
    assertThat(CliRun.run("site", "--db", db.toString(), "--out", site.toString()).exitCode())
        .isZero();
    assertThat(Files.readString(site.resolve("index.html")))
        .contains("data-status=\"failed\"")
        .contains("no data rows (only a header); nothing to compare");
  }

  @Test
  void aMissingDatabaseIsOneClearLine() {
    CliRun run =
        CliRun.run("site", "--db", dir.resolve("nope.db").toString(), "--out", dir.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .contains("nope.db")
        .contains("no such database file");
  }

  @Test
  void aDatabaseWithoutHistoryIsRefusedLeftUnchangedAndNoSiteFolderIsMade() throws Exception {
    // an empty file, e.g. made by touch: opening it to write would give it the schema and publish
    // an
    // empty dashboard as if all were well
    Path empty = Files.createFile(dir.resolve("empty.db"));
    Path site = dir.resolve("site");
    CliRun run = CliRun.run("site", "--db", empty.toString(), "--out", site.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --db "
                + empty
                + ": no history yet (no drift run or shadow window was ever saved there; shadow"
                + " schedule, shadow drift --db or shadow proxy --db write one); left unchanged");
    assertThat(empty).isEmptyFile();
    assertThat(site).doesNotExist();

    Path foreign = dir.resolve("crm.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + foreign);
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INTEGER)");
    }
    byte[] before = Files.readAllBytes(foreign);
    CliRun other = CliRun.run("site", "--db", foreign.toString(), "--out", site.toString());
    assertThat(other.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(other.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --db: database file " + foreign + " is not a Shadow Pipeline history");
    assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
    assertThat(site).doesNotExist();
  }
}
