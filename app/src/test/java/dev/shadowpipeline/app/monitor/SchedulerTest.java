package dev.shadowpipeline.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.shadowpipeline.alert.DiscordChannel;
import dev.shadowpipeline.alert.Secret;
import dev.shadowpipeline.app.simulate.SimulatedCsv;
import dev.shadowpipeline.drift.simulate.Simulation;
import dev.shadowpipeline.store.DriftRun;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedule logic on a clock the test moves: cron-utils' times, failures, stopping. */
class SchedulerTest {

  @TempDir Path dir;

  @Test
  void dailyAtNineUtcFiresAtNineUtcEveryDay() {
    CronSchedule daily = CronSchedule.parse(MonitorConfig.DEFAULT_SCHEDULE);
    assertThat(daily.next(Instant.parse("2026-01-05T08:59:59Z")))
        .contains(Instant.parse("2026-01-05T09:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-01-05T09:00:00Z")))
        .contains(Instant.parse("2026-01-06T09:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-01-05T10:00:00Z")))
        .contains(Instant.parse("2026-01-06T09:00:00Z"));
    // across a month end and a DST change elsewhere: UTC has none
    assertThat(daily.next(Instant.parse("2026-03-31T12:00:00Z")))
        .contains(Instant.parse("2026-04-01T09:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-03-29T00:30:00Z")))
        .contains(Instant.parse("2026-03-29T09:00:00Z"));
    CronSchedule weekdays = CronSchedule.parse("30 6 * * 1-5");
    assertThat(weekdays.next(Instant.parse("2026-01-09T07:00:00Z"))) // a Friday
        .contains(Instant.parse("2026-01-12T06:30:00Z"));
  }

  @Test
  void badCronExpressionsAreRejectedWithTheExpression() {
    assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *")).hasMessageContaining("'0 25 * * *'");
    assertThatThrownBy(() -> CronSchedule.parse("daily")).hasMessageContaining("UNIX cron");
  }

  @Test
  void anExpressionThatNeverFiresIsRefusedAndRareOnesAreKept() {
    Instant now = Instant.parse("2026-12-01T08:00:00Z");
    // days no month has parse and validate in cron-utils, whose next time is then empty
    for (String never : List.of("0 9 31 2 *", "0 9 30 2 *", "0 9 31 4 *", "0 9 31 6,9,11 *")) {
      assertThatThrownBy(() -> CronSchedule.parse(never, now))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("'" + never + "' never fires");
    }
    // a leap day is up to 4 years away (from 2028-03-01 the next is 2032-02-29): still a schedule
    assertThat(CronSchedule.parse("0 0 29 2 *", Instant.parse("2028-03-01T00:00:00Z")).expression())
        .isEqualTo("0 0 29 2 *");
    assertThat(CronSchedule.parse("0 0 31 * *", now).next(now))
        .contains(Instant.parse("2026-12-31T00:00:00Z"));
    // day-of-month and day-of-week both set fire on either, as in POSIX cron: 29 Feb or any Monday
    assertThat(CronSchedule.parse("0 0 29 2 1", now).next(now))
        .contains(Instant.parse("2027-02-01T00:00:00Z"));
  }

  @Test
  void aLoopWithNothingToRunReportsThatItRanNothing() throws Exception {
    // built around parse(), which refuses it, as a schedule that stopped firing would look
    CronParser unix = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    CronSchedule never =
        new CronSchedule("0 9 31 2 *", ExecutionTime.forCron(unix.parse("0 9 31 2 *")));
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    StringWriter log = new StringWriter();
    Scheduler scheduler =
        new Scheduler(
            List.of(new Scheduler.Task("a", never, () -> true)),
            clock,
            new PrintWriter(log, true),
            when -> true);
    assertThat(scheduler.loop(true)).isZero();
    assertThat(scheduler.runs()).isZero();
    assertThat(log.toString()).contains("no schedule fires again");
  }

  @Test
  void aTaskThatThrowsIsLoggedAndEveryTaskRunsAgainNextTime() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    List<String> ran = new ArrayList<>();
    List<Instant> woke = new ArrayList<>();
    CronSchedule daily = CronSchedule.parse("0 9 * * *");
    Scheduler[] holder = new Scheduler[1];
    Scheduler.Sleeper sleeper =
        when -> {
          woke.add(when);
          clock.set(when.plusSeconds(5)); // the job takes a few seconds
          if (woke.size() == 3) {
            holder[0].stop(); // SIGTERM during the third wait: the loop returns without running it
            return false;
          }
          return true;
        };
    StringWriter log = new StringWriter();
    holder[0] =
        new Scheduler(
            List.of(
                new Scheduler.Task(
                    "broken",
                    daily,
                    () -> {
                      ran.add("broken@" + clock.instant());
                      throw new IllegalStateException("boom");
                    }),
                new Scheduler.Task(
                    "credit",
                    daily,
                    () -> {
                      ran.add("credit@" + clock.instant());
                      return true;
                    })),
            clock,
            new PrintWriter(log, true),
            sleeper);

    int failed = holder[0].loop(false);

    assertThat(woke)
        .containsExactly(
            Instant.parse("2026-01-06T09:00:00Z"),
            Instant.parse("2026-01-07T09:00:00Z"),
            Instant.parse("2026-01-08T09:00:00Z"));
    assertThat(ran)
        .containsExactly(
            "broken@2026-01-06T09:00:05Z",
            "credit@2026-01-06T09:00:05Z",
            "broken@2026-01-07T09:00:05Z",
            "credit@2026-01-07T09:00:05Z");
    assertThat(failed).isEqualTo(2);
    assertThat(log.toString())
        .contains("broken failed unexpectedly: java.lang.IllegalStateException: boom")
        .contains("next: broken at 2026-01-06T09:00:00Z (in 23h 0m)")
        .contains("stopped");
  }

  @Test
  void onceRunsOnlyTheNextBatch() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    List<Instant> ran = new ArrayList<>();
    Scheduler scheduler =
        new Scheduler(
            List.of(
                new Scheduler.Task(
                    "a",
                    CronSchedule.parse("0 9 * * *"),
                    () -> {
                      ran.add(clock.instant());
                      return false;
                    })),
            clock,
            new PrintWriter(new StringWriter()),
            when -> {
              clock.set(when);
              return true;
            });
    assertThat(scheduler.loop(true)).isEqualTo(1);
    assertThat(scheduler.runs()).isEqualTo(1);
    assertThat(ran).containsExactly(Instant.parse("2026-01-05T09:00:00Z"));
  }

  @Test
  void aFailingJobIsRecordedAndAlertedAndTheNextRunsStillHappen() throws Exception {
    Path reference = dir.resolve("reference.csv");
    Path current = dir.resolve("current.csv");
    Simulation sim = new Simulation(300, 3, Map.of("salary", 0.0), Map.of());
    SimulatedCsv.writeCsv(reference, sim.generate().reference());
    SimulatedCsv.writeCsv(current, sim.generate().current());
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T12:00:00Z"));
    try (Receiver discord = new Receiver();
        Store store = Store.open(dir.resolve("shadow.db").toString(), StoreOptions.defaults())) {
      CronSchedule daily = CronSchedule.parse("0 9 * * *");
      MonitorConfig config =
          new MonitorConfig(
              dir.resolve("monitor.yaml"),
              "x",
              dir.resolve("alert-state.json"),
              List.of(DiscordChannel.of(new Secret(discord.url()))),
              Duration.ofHours(24),
              null,
              List.of(
                  new MonitorConfig.Job(
                      "broken",
                      daily,
                      reference,
                      dir.resolve("not-there.csv"),
                      0.1,
                      null,
                      dir.resolve("out")),
                  new MonitorConfig.Job(
                      "credit", daily, reference, current, 0.1, null, dir.resolve("out"))),
              new MonitorConfig.Site(dir.resolve("site"), null, null, "t"));
      PrintWriter log = new PrintWriter(new StringWriter(), true);
      List<Scheduler.Task> tasks =
          Monitor.tasks(config, store, Alerting.from(config, false, clock), clock, log);
      int[] wakes = {0};
      Scheduler scheduler =
          new Scheduler(
              tasks,
              clock,
              log,
              when -> {
                clock.set(when);
                return ++wakes[0] <= 2;
              });

      scheduler.loop(false);

      List<DriftRun> runs = store.runs();
      assertThat(runs)
          .extracting(DriftRun::runId)
          .containsExactly(
              "20260106T090000Z_broken",
              "20260106T090000Z_credit",
              "20260107T090000Z_broken",
              "20260107T090000Z_credit");
      assertThat(runs).extracting(DriftRun::succeeded).containsExactly(false, true, false, true);
      assertThat(runs.get(0).errorMessage()).contains("not-there.csv");
      // failed on both days; the reminder comes once the 24 h cooldown has passed
      assertThat(discord.contents())
          .hasSize(2)
          .allSatisfy(c -> assertThat(c).containsIgnoringCase("broken"));
      assertThat(dir.resolve("site/index.html")).isRegularFile();
    }
  }
}
