package dev.shadowpipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shadowpipeline.alert.DiscordChannel;
import dev.shadowpipeline.alert.Secret;
import dev.shadowpipeline.app.monitor.Alerting;
import dev.shadowpipeline.app.monitor.CronSchedule;
import dev.shadowpipeline.app.monitor.DriftJob;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.app.progress.Progress;
import dev.shadowpipeline.app.simulate.SimulatedCsv;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The drift half of {@code shadow demo}: a week of daily drift monitoring, offline, in a few seconds.
 *
 * <p>Seven days of "current" data are simulated against one reference ({@link Simulation}, seeded): healthy for
 * three days, then {@code salary} starts to move (day 4), the nightly export does not arrive on day 5 (a failed run),
 * and on days 6 and 7 the shift grows and {@code age} moves too. Each day's run goes through the real
 * {@link DriftJob} at 09:00 UTC of that day into an embedded SQLite store, with alerts sent to a Discord-shaped
 * receiver on 127.0.0.1 that prints what Discord would have shown; then the dashboard is built.
 */
final class DriftPipelineDemo {

  /** Days simulated. */
  public static final int DAYS = 7;

  private static final int ROWS = 1_000;
  // Healthy days are fresh samples of the reference's distribution, so a 5% test flags one of the
  // three columns on
  // one of the three healthy days for about a third of seeds; that is statistics, not a bug, but
  // the demo's story
  // reads better with a seed whose healthy days are clean (seeds 1, 3, 4, 6, 8 are; 2, 5, 7 are
  // not).
  private static final long SEED = 1;
  private static final int FAILING_DAY = 5;
  private static final String JOB = "credit-model";
  // 36 h: the drift of day 4 is reminded on day 6 (48 h later) but not again on day 7 (24 h later),
  // so the demo shows
  // both a reminder and the cooldown holding one back, whatever the milliseconds of each run
  private static final Duration COOLDOWN = Duration.ofHours(36);

  private DriftPipelineDemo() {}

  /**
   * What the demo produced.
   *
   * @param site the dashboard page
   * @param database the SQLite history file
   * @param days days simulated
   * @param runs runs recorded
   * @param failedRuns of which failed
   * @param driftRuns of which found dataset drift
   * @param alertsReceived messages the local receiver got
   * @param alerts the first line of each message, as Discord would show it
   * @param elapsed wall time
   */
  public record Result(
      Path site,
      Path database,
      int days,
      int runs,
      int failedRuns,
      int driftRuns,
      int alertsReceived,
      List<String> alerts,
      Duration elapsed) {
    public Result {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(database, "database");
      alerts = List.copyOf(alerts);
    }
  }

  /** Runs the week ending today. */
  public static Result run(PrintWriter out, Path outDir, Progress progress) throws IOException {
    return run(out, outDir, progress, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Runs the week ending {@code lastDay}.
   *
   * @throws IOException when the demo's files cannot be written
   */
  public static Result run(PrintWriter out, Path outDir, Progress progress, LocalDate lastDay)
      throws IOException {
    long startNanos = System.nanoTime();
    Path data = outDir.resolve("drift-data");
    Path monitor = outDir.resolve("drift-monitor");
    Path site = outDir.resolve("drift-site");
    Path db = monitor.resolve("shadow.db");
    Path state = monitor.resolve("alert-state.json");
    // a demo run stands alone: its history is its own week, not the last demo's too
    for (Path old :
        List.of(db, monitor.resolve("shadow.db-wal"), monitor.resolve("shadow.db-shm"), state)) {
      Files.deleteIfExists(old);
    }
    Files.createDirectories(monitor);

    Simulation base = new Simulation(ROWS, SEED, Map.of("salary", 0.0), Map.of());
    Path reference = data.resolve("reference.csv");
    SimulatedCsv.writeCsv(reference, base.generate().reference());

    List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = discordReceiver(received);
    DemoClock clock = new DemoClock();
    int runs = 0;
    int failed = 0;
    int drifted = 0;
    try (Store store = Store.open(db.toString(), StoreOptions.defaults())) {
      String url =
          "http://127.0.0.1:" + receiver.getAddress().getPort() + "/api/webhooks/demo/token";
      MonitorConfig config =
          new MonitorConfig(
              outDir.resolve("demo-monitor.yaml"),
              db.toString(),
              state,
              List.of(DiscordChannel.of(new Secret(url))),
              COOLDOWN,
              null,
              List.of(),
              new MonitorConfig.Site(site, null, null, "Drift monitor (demo week)"));
      Alerting alerting = Alerting.from(config, false, clock);
      PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
      DriftJob job = new DriftJob(store, alerting, clock, quiet);
      out.println();
      out.println(
          "Drift monitoring, one simulated week (daily job at 09:00 UTC, alerts to a local Discord stand-in):");
      for (int day = 1; day <= DAYS; day++) {
        LocalDate date = lastDay.minusDays(DAYS - day);
        clock.set(date.atTime(9, 0).toInstant(ZoneOffset.UTC));
        Path dayDir = data.resolve("day-" + day);
        Path current = dayDir.resolve("current.csv");
        if (day == FAILING_DAY) {
          Files.deleteIfExists(current); // the nightly export did not arrive
        } else {
          Simulation sim = new Simulation(ROWS, SEED + day, shift(day), Map.of());
          SimulatedCsv.writeCsv(current, sim.generate().current());
        }
        int before = received.size();
        MonitorConfig.Job dayJob =
            new MonitorConfig.Job(
                JOB,
                CronSchedule.parse(MonitorConfig.DEFAULT_SCHEDULE),
                reference,
                current,
                0.1,
                null,
                monitor);
        DriftJob.Outcome outcome = job.run(dayJob);
        runs++;
        if (!outcome.succeeded()) {
          failed++;
        } else if (outcome.drift()) {
          drifted++;
        }
        out.printf(
            Locale.ROOT,
            "  day %d (%s): %s%n",
            day,
            date,
            outcome.succeeded()
                ? (outcome.drift() ? "DRIFT, " : "healthy, ")
                    + String.format(Locale.ROOT, "%.0f%% of columns drifted", 100 * outcome.share())
                : "run FAILED: " + shortPath(outcome.error(), outDir));
        for (String message : received.subList(before, received.size())) {
          out.println("      Discord <- " + message);
        }
        progress.update(day);
      }
      DashboardSite.Built built =
          DashboardSite.build(store, site, "Drift monitor (demo week)", Clock.systemUTC());
      progress.finish();
      out.printf(
          Locale.ROOT,
          "  %d runs (%d drift, %d failed), %d alerts; history %s; dashboard %s%n",
          runs,
          drifted,
          failed,
          received.size(),
          db,
          built.index());
      return new Result(
          built.index(),
          db,
          DAYS,
          runs,
          failed,
          drifted,
          received.size(),
          received,
          Duration.ofNanos(System.nanoTime() - startNanos));
    } finally {
      receiver.stop(0);
    }
  }

  // healthy, then salary moves, then more and age too
  private static Map<String, Double> shift(int day) {
    return switch (day) {
      case 1, 2, 3 -> Map.of("salary", 0.0);
      case 4 -> Map.of("salary", 4000.0);
      case 6 -> Map.of("salary", 12000.0, "age", 2.0);
      default -> Map.of("salary", 20000.0, "age", 3.0);
    };
  }

  private static String shortPath(String error, Path outDir) {
    return error == null ? "" : error.replace(outDir.toString() + "/", "");
  }

  /** A stand-in for Discord's webhook endpoint: answers 204 as Discord does and keeps each message's first line. */
  private static HttpServer discordReceiver(List<String> received) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ObjectMapper json = new ObjectMapper();
    server.createContext(
        "/api/webhooks/",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            JsonNode message = json.readTree(body.readNBytes(1 << 20));
            String content =
                message.path("content").asText("").replace("**", "").replace('\n', ' ');
            received.add(content.length() > 110 ? content.substring(0, 109) + "…" : content);
          } catch (IOException e) {
            received.add("(unreadable message: " + e.getMessage() + ")");
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** Stands at 09:00 of the simulated day, moving on with real time so a run ends after it starts. */
  private static final class DemoClock extends Clock {
    private volatile Instant base = Instant.EPOCH;
    private volatile long setNanos = System.nanoTime();

    void set(Instant instant) {
      base = instant;
      setNanos = System.nanoTime();
    }

    @Override
    public Instant instant() {
      return base.plusNanos(System.nanoTime() - setNanos);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the demo clock is UTC only");
    }
  }
}
