package dev.shadowpipeline.cli.monitor;

import dev.shadowpipeline.app.monitor.Monitor;
import dev.shadowpipeline.app.monitor.MonitorConfig;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.cli.OutputFolder;
import dev.shadowpipeline.cli.UsageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
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
    header =
        "Run drift jobs on a schedule (default daily 09:00 UTC), with history, alerts and a dashboard.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = "shadow schedule --config monitor.yaml [--run-now] [--once] [--dry-run]",
    description = {
      "",
      "Reads monitor.yaml (see examples/monitor.yaml): the history database, alert channels, cooldown, on-drift "
          + "action, jobs with UNIX cron schedules in UTC, and the site. A schedule that never fires (e.g. "
          + "'0 9 31 2 *', 31 February: no time in the next 4 years matches it) is refused with its key "
          + "(exit 2) before the database is opened. Each run writes OUT/runs/<run id>/, is "
          + "saved to the database (failed runs too, with their error), alerts through the channels and, on drift, "
          + "runs on-drift. A failing run is recorded and alerted; the next run still happens. SIGTERM lets a "
          + "running job finish, then exits.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  shadow schedule --config monitor.yaml                 # run forever, logging the next run times",
      "  shadow schedule --config monitor.yaml --run-now --once  # one run of every job now, then exit (CI)",
      "",
      "Exit codes: 0 done; 1 with --once when a job run failed; 2 bad config (a schedule that never fires "
          + "included) or unreachable database."
    })
public final class ScheduleCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      order = 1,
      description = "The monitoring configuration (monitor.yaml).")
  Path config;

  @Option(
      names = "--run-now",
      order = 2,
      description = "Run every job (and the site) once at start.")
  boolean runNow;

  @Option(
      names = "--once",
      order = 3,
      description =
          "Exit after one batch: after --run-now's runs, or, without --run-now, after the next scheduled runs "
              + "(it waits for them: the 'next:' line says when; up to a day with the default schedule). Exit 2 if "
              + "it ran nothing.")
  boolean once;

  @Option(
      names = "--dry-run",
      order = 4,
      description =
          "Print alert payloads and the on-drift action instead of sending or running them.")
  boolean dryRun;

  private final CliContext ctx;

  ScheduleCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  // before the database is opened and the first run is due (09:00 by default): a folder that cannot
  // be written would otherwise fail every run, hours later, one at a time
  private static void checkOutputFolders(MonitorConfig config) {
    String file = config.source().getFileName().toString();
    for (int i = 0; i < config.jobs().size(); i++) {
      OutputFolder.checkWritable(file + ": jobs[" + i + "].out", config.jobs().get(i).out());
    }
    if (config.site() != null) {
      OutputFolder.checkWritable(file + ": site.out", config.site().out());
    }
  }

  @Override
  public Integer call() throws Exception {
    MonitorConfig config = MonitorConfig.load(this.config, ctx.env(), ctx::warn);
    checkOutputFolders(config);
    PrintWriter log = ctx.out();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = null;
    try (Monitor monitor = Monitor.open(config, ctx.env(), dryRun, Clock.systemUTC(), log)) {
      log.println(
          "shadow schedule: "
              + config.describe()
              + "; database "
              + monitor.describeStore()
              + (dryRun ? "; DRY RUN: nothing is sent" : ""));
      if (!once) {
        // SIGTERM (docker stop, systemd) and Ctrl-C: let a running job finish and the store close,
        // then exit
        hook =
            new Thread(
                () -> {
                  monitor.stop();
                  try {
                    finished.await(60, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "shadow-schedule-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
      }
      int failed = 0;
      if (runNow) {
        failed += monitor.runNow();
        if (once) {
          return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
        }
      }
      failed += monitor.loop(once);
      boolean stopped = monitor.stopped();
      if (once && !stopped && monitor.scheduledRuns() == 0) {
        // every schedule is checked to fire when the file is read, so this is a safety net: exit 0
        // would tell CI that a batch ran
        throw new UsageException(
            "--once ran nothing: no schedule in " + this.config + " fires again");
      }
      if (hook != null && !stopped) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for the latch counted down below
        }
      }
      return once && failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
    } finally {
      finished.countDown();
    }
  }
}
