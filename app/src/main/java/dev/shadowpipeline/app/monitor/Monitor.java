package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.report.site.DashboardSite;
import dev.shadowpipeline.report.site.RunSchedule;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreException;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drift monitor of a {@code monitor.yaml}, running: its history database open, its jobs and dashboard on their
 * schedules (cron, UTC), each job a {@link DriftJob} that saves, alerts and acts. What {@code shadow schedule} runs.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.open(MonitorConfig.load(file, env, warnings), env, false, Clock.systemUTC(), log)) {
 *   monitor.loop(false); // until stop()
 * }
 * }</pre>
 */
public final class Monitor implements AutoCloseable {

  private final MonitorConfig config;
  private final Store store;
  private final Alerting alerting;
  private final Clock clock;
  private final PrintWriter log;
  private final Scheduler scheduler;

  private Monitor(
      MonitorConfig config, Store store, Alerting alerting, Clock clock, PrintWriter log) {
    this.config = config;
    this.store = store;
    this.alerting = alerting;
    this.clock = clock;
    this.log = log;
    this.scheduler = Scheduler.waiting(tasks(config, store, alerting, clock, log), clock, log);
  }

  /**
   * Opens the history database and readies the schedule.
   *
   * @param dryRun print alert payloads and the on-drift action instead of sending or running them
   * @throws ConfigException when the database cannot be opened
   */
  public static Monitor open(
      MonitorConfig config, Map<String, String> env, boolean dryRun, Clock clock, PrintWriter log) {
    Store store = openStore(config.source().getFileName() + ": db", config.db(), env);
    return new Monitor(config, store, Alerting.from(config, dryRun, clock), clock, log);
  }

  /**
   * Opens a history database, turning a bad URL or an unreachable database into one clear line.
   *
   * @param where what the message names as the source of the value: {@code --db} or {@code monitor.yaml: db}
   */
  public static Store openStore(String where, String db, Map<String, String> env) {
    try {
      return Store.open(db, StoreOptions.fromEnvironment(env));
    } catch (IllegalArgumentException | StoreException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens a history database to read it, as {@link #openStore} does, but leaves one that holds no history as it was
   * ({@link Store#openHistory}).
   *
   * @return the store, or empty when the database holds no history yet
   */
  public static Optional<Store> openHistory(String where, String db, Map<String, String> env) {
    try {
      return Store.openHistory(db, StoreOptions.fromEnvironment(env));
    } catch (IllegalArgumentException | StoreException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  /** The history database, described for people (credentials masked). */
  public String describeStore() {
    return store.describe();
  }

  /**
   * Runs every job now, then builds the site once.
   *
   * @return how many of them failed
   */
  public int runNow() {
    return runNowBatch(config, store, alerting, clock, log);
  }

  /**
   * Runs jobs as their schedules come due.
   *
   * @param once return after the next batch instead of running until {@link #stop()}
   * @return how many runs failed
   */
  public int loop(boolean once) throws InterruptedException {
    return scheduler.loop(once);
  }

  /** Asks the loop to return once the running job (if any) has finished. Any thread. */
  public void stop() {
    scheduler.stop();
  }

  /**
   * How many scheduled runs {@link #loop} started; 0 when it returned without running anything (no schedule fires
   * again), which {@code --once} must not pass off as done.
   */
  public int scheduledRuns() {
    return scheduler.runs();
  }

  /** Whether {@link #stop()} was called. */
  public boolean stopped() {
    return scheduler.stopped();
  }

  @Override
  public void close() {
    store.close();
  }

  // --run-now runs the drift jobs first and then the site once, whatever the site's own schedule
  private static int runNowBatch(
      MonitorConfig monitor, Store store, Alerting alerting, Clock clock, PrintWriter log) {
    DriftJob job = new DriftJob(store, alerting, clock, log);
    int failed = 0;
    for (MonitorConfig.Job j : monitor.jobs()) {
      log.println(
          "["
              + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + "] running "
              + j.name());
      if (!job.run(j).succeeded()) {
        failed++;
      }
    }
    if (monitor.site() != null
        && !buildSite(monitor.site(), new JobSchedules(monitor.jobs()), store, clock, log)) {
      failed++;
    }
    return failed;
  }

  /** The scheduler's tasks: one per job, plus the site on its own schedule (or after each job). */
  static List<Scheduler.Task> tasks(
      MonitorConfig monitor, Store store, Alerting alerting, Clock clock, PrintWriter log) {
    DriftJob job = new DriftJob(store, alerting, clock, log);
    MonitorConfig.Site site = monitor.site();
    JobSchedules schedules = new JobSchedules(monitor.jobs());
    List<Scheduler.Task> tasks = new ArrayList<>();
    for (MonitorConfig.Job j : monitor.jobs()) {
      tasks.add(
          new Scheduler.Task(
              j.name(),
              j.schedule(),
              () -> {
                boolean ok = job.run(j).succeeded();
                if (site != null && site.schedule() == null) {
                  ok &=
                      buildSite(
                          site, schedules, store, clock,
                          log); // the dashboard shows the new run, or its failure, at once
                }
                return ok;
              }));
    }
    if (site != null && site.schedule() != null) {
      tasks.add(
          new Scheduler.Task(
              "site", site.schedule(), () -> buildSite(site, schedules, store, clock, log)));
    }
    return tasks;
  }

  static boolean buildSite(
      MonitorConfig.Site site, RunSchedule schedules, Store store, Clock clock, PrintWriter log) {
    try {
      DashboardSite.Built built =
          DashboardSite.build(store, site.out(), site.title(), clock, schedules);
      log.printf(
          "site: %s (%s, %d runs, %d reports archived now)%n",
          built.index(),
          built.status().name().toLowerCase(java.util.Locale.ROOT),
          built.runs(),
          built.archivedNow());
      return true;
    } catch (IOException | StoreException e) {
      log.println("site: FAILED to build " + site.out() + ": " + e.getMessage());
      return false;
    }
  }
}
