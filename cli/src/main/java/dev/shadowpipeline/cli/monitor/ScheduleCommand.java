package dev.shadowpipeline.cli.monitor;

import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.UsageException;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreException;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadow schedule}: run the configured drift jobs and the dashboard build on their cron schedules. */
@Command(
    name = "schedule",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    header = "Run drift jobs on a schedule (default daily 09:00 UTC), with history, alerts and a dashboard.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = "shadow schedule --config monitor.yaml [--run-now] [--once] [--dry-run]",
    description = {
      "",
      "Reads monitor.yaml (see examples/monitor.yaml): the history database, alert channels, cooldown, on_drift "
          + "action, jobs with UNIX cron schedules in UTC, and the site. Each run writes OUT/runs/<run id>/, is "
          + "saved to the database (failed runs too, with their error), alerts through the channels and, on drift, "
          + "runs on_drift. A failing run is recorded and alerted; the next run still happens. SIGTERM lets a "
          + "running job finish, then exits.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  shadow schedule --config monitor.yaml                 # run forever, logging the next run times",
      "  shadow schedule --config monitor.yaml --run-now --once  # one run of every job now, then exit (CI)",
      "",
      "Exit codes: 0 done; 1 with --once when a job run failed; 2 bad config or unreachable database."
    })
public final class ScheduleCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", required = true, order = 1,
      description = "The monitoring configuration (monitor.yaml).")
  Path config;

  @Option(names = "--run-now", order = 2, description = "Run every job (and the site) once at start.")
  boolean runNow;

  @Option(names = "--once", order = 3,
      description = "Exit after one batch: after --run-now's runs, or after the next scheduled runs.")
  boolean once;

  @Option(names = "--dry-run", order = 4,
      description = "Print alert payloads and the on_drift action instead of sending or running them.")
  boolean dryRun;

  private final CliContext ctx;

  ScheduleCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    MonitorConfig monitor = MonitorConfig.load(config, ctx.env());
    Clock clock = Clock.systemUTC();
    PrintWriter log = ctx.out();
    Store store = open(monitor.db(), ctx);
    Scheduler scheduler = null;
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = null;
    try {
      log.println("shadow schedule: " + monitor.describe() + "; database " + store.describe()
          + (dryRun ? "; DRY RUN: nothing is sent" : ""));
      Alerting alerting = Alerting.from(monitor, dryRun, clock);
      scheduler = Scheduler.waiting(tasks(monitor, store, alerting, clock, log), clock, log);
      Scheduler running = scheduler;
      if (!once) {
        // SIGTERM (docker stop, systemd) and Ctrl-C: let a running job finish and the store close, then exit
        hook = new Thread(() -> {
          running.stop();
          try {
            finished.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "shadow-schedule-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      int failed = 0;
      if (runNow) {
        failed += runNowBatch(monitor, store, alerting, clock, log);
        if (once) {
          return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
        }
      }
      failed += scheduler.loop(once);
      return once && failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
    } finally {
      store.close();
      finished.countDown();
      if (hook != null && !(scheduler != null && scheduler.stopped())) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for the latch counted down above
        }
      }
    }
  }

  // --run-now runs the drift jobs first and then the site once, whatever the site's own schedule
  private static int runNowBatch(MonitorConfig monitor, Store store, Alerting alerting, Clock clock,
      PrintWriter log) {
    DriftJob job = new DriftJob(store, alerting, clock, log);
    int failed = 0;
    for (MonitorConfig.Job j : monitor.jobs()) {
      log.println("[" + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] running " + j.name());
      if (!job.run(j).succeeded()) {
        failed++;
      }
    }
    if (monitor.site() != null && !buildSite(monitor.site(), store, clock, log)) {
      failed++;
    }
    return failed;
  }

  /** The scheduler's tasks: one per job, plus the site on its own schedule (or after each job). */
  static List<Scheduler.Task> tasks(MonitorConfig monitor, Store store, Alerting alerting, Clock clock,
      PrintWriter log) {
    DriftJob job = new DriftJob(store, alerting, clock, log);
    MonitorConfig.Site site = monitor.site();
    List<Scheduler.Task> tasks = new ArrayList<>();
    for (MonitorConfig.Job j : monitor.jobs()) {
      tasks.add(new Scheduler.Task(j.name(), j.schedule(), () -> {
        boolean ok = job.run(j).succeeded();
        if (site != null && site.schedule() == null) {
          ok &= buildSite(site, store, clock, log); // the dashboard shows the new run, or its failure, at once
        }
        return ok;
      }));
    }
    if (site != null && site.schedule() != null) {
      tasks.add(new Scheduler.Task("site", site.schedule(), () -> buildSite(site, store, clock, log)));
    }
    return tasks;
  }

  static boolean buildSite(MonitorConfig.Site site, Store store, Clock clock, PrintWriter log) {
    try {
      DashboardSite.Built built = DashboardSite.build(store, site.out(), site.title(), clock);
      log.printf("site: %s (%s, %d runs, %d reports archived now)%n", built.index(),
          built.status().name().toLowerCase(java.util.Locale.ROOT), built.runs(), built.archivedNow());
      return true;
    } catch (IOException | StoreException e) {
      log.println("site: FAILED to build " + site.out() + ": " + e.getMessage());
      return false;
    }
  }

  /** Opens the store, turning a bad URL or an unreachable database into one clear line. */
  static Store open(String db, CliContext ctx) {
    try {
      return Store.open(db, StoreOptions.fromEnvironment(ctx.env()));
    } catch (IllegalArgumentException | StoreException e) {
      throw new UsageException("db " + e.getMessage(), e);
    }
  }
}
