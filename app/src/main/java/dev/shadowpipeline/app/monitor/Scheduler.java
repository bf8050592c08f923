package dev.shadowpipeline.app.monitor;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks on cron schedules, one at a time, in configuration order when several are due together.
 *
 * <p>Time comes from an injected {@link Clock} and waiting from an injected {@link Sleeper}, so tests run a month of
 * schedule in milliseconds. A task that throws is logged and its next run still happens. After a batch the next time
 * of each task that ran is computed from the time the batch <em>finished</em>: a run that overlaps its next slot
 * skips that slot rather than running twice in a row.
 *
 * <p>{@link #stop()} (from a shutdown hook on SIGTERM) wakes a waiting loop at once and lets a running task finish;
 * the loop then returns.
 */
final class Scheduler {

  /** Waits until an instant; returns false when told to stop first. */
  interface Sleeper {
    boolean sleepUntil(Instant when) throws InterruptedException;
  }

  /**
   * A named action on a schedule.
   *
   * @param name for logs
   * @param schedule when it runs
   * @param action what it does; returns whether it succeeded
   */
  record Task(String name, CronSchedule schedule, java.util.function.BooleanSupplier action) {
    Task {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(action, "action");
    }
  }

  private final List<Task> tasks;
  private final Clock clock;
  private final PrintWriter log;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final Sleeper sleeper;
  private volatile boolean stopped;
  private int runs;

  Scheduler(List<Task> tasks, Clock clock, PrintWriter log, Sleeper sleeper) {
    this.tasks = List.copyOf(tasks);
    if (this.tasks.isEmpty()) {
      throw new IllegalArgumentException("a scheduler needs at least one task");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
    this.sleeper = sleeper != null ? sleeper : this::sleepOnClock;
  }

  /** A scheduler that really waits. */
  static Scheduler waiting(List<Task> tasks, Clock clock, PrintWriter log) {
    return new Scheduler(tasks, clock, log, null);
  }

  /** Asks the loop to return; a running task finishes first. */
  void stop() {
    stopped = true;
    stopSignal.countDown();
  }

  boolean stopped() {
    return stopped;
  }

  /** How many task runs were started, failed ones included; 0 after a loop that ran nothing. */
  int runs() {
    return runs;
  }

  /** When each task runs next, strictly after {@code after}. */
  Map<Task, Instant> nextTimes(Instant after) {
    Map<Task, Instant> next = new LinkedHashMap<>();
    for (Task task : tasks) {
      task.schedule().next(after).ifPresent(t -> next.put(task, t));
    }
    return next;
  }

  /** Runs the given tasks now, in order; returns how many failed. */
  int runAll(List<Task> batch) {
    int failed = 0;
    for (Task task : batch) {
      if (stopped) {
        break;
      }
      if (!runOne(task)) {
        failed++;
      }
    }
    return failed;
  }

  /** Runs every task now. */
  int runAllNow() {
    return runAll(tasks);
  }

  /**
   * Waits for due tasks and runs them until {@link #stop()}, or after one batch when {@code once}.
   *
   * @return failed task runs
   */
  int loop(boolean once) throws InterruptedException {
    int failed = 0;
    Map<Task, Instant> next = nextTimes(clock.instant());
    while (!stopped) {
      if (next.isEmpty()) {
        log.println(stamp() + "no schedule fires again; stopping");
        return failed;
      }
      logNext(next);
      Instant due = next.values().stream().min(Instant::compareTo).orElseThrow();
      if (!sleeper.sleepUntil(due) || stopped) {
        break;
      }
      List<Task> batch = new ArrayList<>();
      for (Map.Entry<Task, Instant> e : next.entrySet()) {
        if (!e.getValue().isAfter(due)) {
          batch.add(e.getKey());
        }
      }
      failed += runAll(batch);
      if (once) {
        return failed;
      }
      Instant after = clock.instant().isAfter(due) ? clock.instant() : due;
      for (Task task : batch) {
        Instant t = task.schedule().next(after).orElse(null);
        if (t == null) {
          next.remove(task);
        } else {
          next.put(task, t);
        }
      }
    }
    log.println(stamp() + "stopped");
    return failed;
  }

  private boolean runOne(Task task) {
    runs++;
    log.println(stamp() + "running " + task.name());
    try {
      return task.action().getAsBoolean();
    } catch (RuntimeException | Error e) {
      // a bug in one task must not end the schedule; the next run still happens
      log.println(stamp() + task.name() + " failed unexpectedly: " + e);
      return false;
    }
  }

  private void logNext(Map<Task, Instant> next) {
    Instant now = clock.instant();
    StringBuilder line = new StringBuilder(stamp()).append("next: ");
    boolean first = true;
    for (Map.Entry<Task, Instant> e : next.entrySet()) {
      line.append(first ? "" : ", ")
          .append(e.getKey().name())
          .append(" at ")
          .append(e.getValue())
          .append(" (in ")
          .append(human(Duration.between(now, e.getValue())))
          .append(')');
      first = false;
    }
    log.println(line);
  }

  private String stamp() {
    return "[" + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "] ";
  }

  static String human(Duration d) {
    if (d.isNegative()) {
      return "now";
    }
    long minutes = d.toMinutes();
    if (minutes < 1) {
      return d.toSeconds() + "s";
    }
    if (minutes < 60) {
      return minutes + "m";
    }
    return d.toHours() + "h " + (minutes % 60) + "m";
  }

  // wakes at least once a minute so a suspended machine or a clock change is noticed
  private boolean sleepOnClock(Instant when) throws InterruptedException {
    while (!stopped) {
      long millis = Duration.between(clock.instant(), when).toMillis();
      if (millis <= 0) {
        return true;
      }
      if (stopSignal.await(Math.min(millis, 60_000), TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    return false;
  }
}
