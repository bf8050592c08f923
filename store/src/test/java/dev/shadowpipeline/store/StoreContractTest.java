package dev.shadowpipeline.store;

import static dev.shadowpipeline.store.Fixtures.T0;
import static dev.shadowpipeline.store.Fixtures.column;
import static dev.shadowpipeline.store.Fixtures.columns;
import static dev.shadowpipeline.store.Fixtures.run;
import static dev.shadowpipeline.store.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.store.writer.WindowWriter;
import dev.shadowpipeline.store.writer.WindowWriterOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run once per backend by the subclasses. */
abstract class StoreContractTest {

  /** A fresh, empty database: a file path or a JDBC URL. */
  abstract String newDatabase() throws Exception;

  abstract Backend expectedBackend();

  StoreOptions options() {
    return StoreOptions.defaults();
  }

  private Store open(String database) {
    return Store.open(database, options());
  }

  @Test
  void savesRunsAndReadsThemBackInTimeOrder() throws Exception {
    try (Store store = open(newDatabase())) {
      assertThat(store.backend()).isEqualTo(expectedBackend());
      assertThat(store.latestRun()).isEmpty();

      DriftRun second = run("day-2", T0.plusSeconds(86_400), 0.3, true);
      DriftRun first = run("day-1", T0, 0.0, false);
      DriftRun failed =
          DriftRun.failed(
              "day-3",
              T0.plusSeconds(2 * 86_400),
              T0.plusSeconds(2 * 86_400 + 5),
              "data/reference.csv",
              "data/current-day-3.csv",
              "cannot read data/current-day-3.csv: line 7: 3 fields, " + "expected 4",
              "runs/day-2/index.html");
      store.saveRun(second, columns(0.001));
      store.saveRun(first, columns(0.4));
      store.saveRun(failed, List.of());

      assertThat(store.runs()).containsExactly(first, second, failed);
      assertThat(store.latestRun()).contains(failed);
      assertThat(store.run("day-2")).contains(second);
      assertThat(store.run("nope")).isEmpty();

      DriftRun readFailed = store.run("day-3").orElseThrow();
      assertThat(readFailed.driftShare()).isNaN();
      assertThat(readFailed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(readFailed.errorMessage()).contains("line 7");
    }
  }

  @Test
  void anIncompleteRunKeepsItsProblems() throws Exception {
    try (Store store = open(newDatabase())) {
      List<String> problems =
          List.of(
              "column 'city' of reference r.csv is missing from current c.csv (counted as "
                  + "drifted)",
              "column 'notes' was not tested (error): test 'ks' does not apply to text columns");
      DriftRun incomplete =
          DriftRun.succeeded(
              "r1", T0, T0.plusSeconds(1), "r.csv", "c.csv", true, 0.5, 0.1, 2, 1, null, problems);
      store.saveRun(incomplete, List.of());
      store.saveRun(run("r2", T0.plusSeconds(60), 0.0, false), List.of());

      assertThat(store.run("r1")).contains(incomplete);
      assertThat(store.run("r1").orElseThrow().incomplete()).isTrue();
      assertThat(store.run("r2").orElseThrow().problems()).isEmpty();
      assertThat(store.run("r2").orElseThrow().incomplete()).isFalse();
    }
    assertThatThrownBy(
            () ->
                DriftRun.succeeded(
                    "r3",
                    T0,
                    T0,
                    "r.csv",
                    "c.csv",
                    false,
                    0,
                    0.1,
                    1,
                    0,
                    null,
                    List.of("two\nlines")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one non-blank line");
  }

  @Test
  void columnResultsRoundTripIncludingNotComputedValues() throws Exception {
    try (Store store = open(newDatabase())) {
      store.saveRun(run("r1", T0, 0.1, true), columns(0.001));

      List<ColumnResult> read = store.columnResults("r1");

      // records compare doubles with Double.compare, so NaN equals NaN here
      assertThat(read).containsExactlyElementsOf(columns(0.001));
      assertThat(read.get(2).errorMessage()).isEqualTo("column is empty in the current data");
      assertThat(store.columnResults("unknown")).isEmpty();
    }
  }

  @Test
  void savingARunIdAgainReplacesTheRunAndItsColumns() throws Exception {
    try (Store store = open(newDatabase())) {
      store.saveRun(run("r1", T0, 0.3, true), columns(0.001));
      DriftRun rerun = run("r1", T0.plusSeconds(60), 0.0, false);

      store.saveRun(rerun, List.of(column("age", 0.9, false)));

      assertThat(store.runs()).containsExactly(rerun);
      assertThat(store.columnResults("r1")).extracting(ColumnResult::column).containsExactly("age");
    }
  }

  @Test
  void rejectsColumnResultsWithTheSameName() throws Exception {
    try (Store store = open(newDatabase())) {
      assertThatThrownBy(
              () ->
                  store.saveRun(
                      run("r1", T0, 0.0, false),
                      List.of(column("age", 0.5, false), column("age", 0.4, false))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("repeated: age");
      assertThat(store.runs()).isEmpty();
    }
  }

  @Test
  void columnHistoryCoversSuccessfulRunsOldestFirst() throws Exception {
    try (Store store = open(newDatabase())) {
      store.saveRun(run("d2", T0.plusSeconds(86_400), 0.1, true), columns(0.01));
      store.saveRun(run("d1", T0, 0.0, false), columns(0.6));
      store.saveRun(
          DriftRun.failed(
              "d3",
              T0.plusSeconds(2 * 86_400),
              T0.plusSeconds(2 * 86_400),
              "ref",
              "cur",
              "boom",
              null),
          List.of());

      List<ColumnScorePoint> age = store.columnHistory("age");

      assertThat(age).extracting(ColumnScorePoint::runId).containsExactly("d1", "d2");
      assertThat(age).extracting(ColumnScorePoint::score).containsExactly(0.6, 0.01);
      assertThat(age.get(1).drifted()).isTrue();
      assertThat(age.get(0).startedAt()).isEqualTo(T0);
      assertThat(store.columnHistories()).containsOnlyKeys("age", "city", "notes");
      assertThat(store.columnHistories().get("notes").get(0).score()).isNaN();
      assertThat(store.columnHistory("missing")).isEmpty();
    }
  }

  @Test
  void windowsAreUpsertedByInstanceAndStartAndReadByRange() throws Exception {
    try (Store store = open(newDatabase())) {
      ComparisonWindow first = window("proxy-a", T0, 100, 90);
      ComparisonWindow second = window("proxy-a", T0.plusSeconds(60), 50, 50);
      ComparisonWindow other = window("proxy-b", T0, 10, 1);
      store.upsertWindows(List.of(first, second, other));
      store.upsertWindow(first); // a retried write changes nothing

      ComparisonWindow corrected = window("proxy-a", T0, 120, 100);
      store.upsertWindow(corrected);

      assertThat(store.windows(T0, T0.plusSeconds(3600))).containsExactly(corrected, other, second);
      assertThat(store.windows(T0.plusSeconds(60), T0.plusSeconds(120))).containsExactly(second);
      assertThat(store.windows(T0.minusSeconds(60), T0)).isEmpty();
      ComparisonWindow read = store.windows(T0, T0.plusSeconds(1)).get(0);
      assertThat(read.shadowLatency().p99Millis()).isNaN();
      assertThat(read.latencyDelta().p95Millis()).isEqualTo(-2.0);
      assertThat(read.agreement()).isEqualTo(100.0 / 120);
    }
  }

  @Test
  void windowsKeepTheQualityAgainstLabelsAndNullWithout() throws Exception {
    try (Store store = open(newDatabase())) {
      ComparisonWindow classified =
          window("proxy-a", T0, 100, 90)
              .withQuality(WindowQuality.classification(80, 0.75, 0.8125, -0.0125, 0.1125, 0.0391));
      ComparisonWindow regressed =
          window("proxy-b", T0, 100, 90)
              .withQuality(WindowQuality.regression(40, 0.52, 0.4475, -0.125, -0.0175));
      ComparisonWindow unlabelled = window("proxy-a", T0.plusSeconds(60), 100, 90);
      ComparisonWindow undefined =
          window("proxy-c", T0, 1, 1)
              .withQuality(
                  WindowQuality.classification(
                      0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1));
      store.upsertWindows(List.of(classified, regressed, unlabelled, undefined));

      assertThat(store.windows(T0, T0.plusSeconds(3600)))
          .containsExactly(classified, regressed, undefined, unlabelled);
      assertThat(store.windows(T0.plusSeconds(60), T0.plusSeconds(61)).get(0).quality()).isNull();

      // a window written again without labels loses its quality (the upsert replaces every column)
      store.upsertWindow(window("proxy-b", T0, 100, 90));
      assertThat(store.windows(T0, T0.plusSeconds(1)))
          .filteredOn(w -> w.instanceId().equals("proxy-b"))
          .extracting(ComparisonWindow::quality)
          .containsOnlyNulls();
    }
  }

  @Test
  void severalWritersShareOneDatabase() throws Exception {
    String database = newDatabase();
    try (Store proxyA = open(database);
        Store proxyB = open(database)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Store store : List.of(proxyA, proxyB)) {
          String instance = store == proxyA ? "proxy-a" : "proxy-b";
          done.add(
              pool.submit(
                  () -> {
                    for (int minute = 0; minute < 30; minute++) {
                      store.upsertWindow(window(instance, T0.plusSeconds(60L * minute), minute, 0));
                      // both also write the same shared key; the last write wins, never a
                      // duplicate-key error
                      store.upsertWindow(window("shared", T0, minute, 0));
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }

      List<ComparisonWindow> all = proxyA.windows(T0, T0.plusSeconds(3600));
      assertThat(all).hasSize(61);
      assertThat(all).filteredOn(w -> w.instanceId().equals("shared")).hasSize(1);
    }
  }

  @Test
  void openingAHistoryToReadLeavesADatabaseWithoutOneAsItWas() throws Exception {
    String database = newDatabase();
    assertThat(Store.openHistory(database, options())).isEmpty();
    try (Store store = open(database)) {
      assertThat(store.migrationsApplied())
          .as("the schema was not written by the reader")
          .isPositive();
      store.saveRun(run("r1", T0, 0.5, true), List.of());
    }
    Store history = Store.openHistory(database, options()).orElseThrow();
    try (history) {
      assertThat(history.migrationsApplied()).isZero();
      assertThat(history.runs()).extracting(DriftRun::runId).containsExactly("r1");
    }
  }

  @Test
  void segmentVerdictsRoundTripAndAreReplacedWithTheirRun() throws Exception {
    try (Store store = open(newDatabase())) {
      List<SegmentResult> segments =
          List.of(
              new SegmentResult(
                  "region",
                  "north",
                  false,
                  1,
                  "ok",
                  1400,
                  1380,
                  true,
                  true,
                  0.5,
                  2,
                  1,
                  List.of("x")),
              new SegmentResult(
                  "region", null, false, 1, "ok", 40, 41, true, false, 0.0, 2, 0, List.of()),
              new SegmentResult(
                  "region",
                  "new",
                  false,
                  1,
                  "only_in_current",
                  0,
                  90,
                  false,
                  false,
                  Double.NaN,
                  0,
                  0,
                  List.of()),
              new SegmentResult(
                  "region",
                  null,
                  true,
                  5,
                  "too_small",
                  12,
                  20,
                  false,
                  false,
                  Double.NaN,
                  0,
                  0,
                  List.of()));
      store.saveRun(run("r1", T0, 0.2, true), columns(0.01), segments);
      assertThat(store.segmentResults("r1")).containsExactlyElementsOf(segments);
      assertThat(store.columnResults("r1")).hasSize(3);
      assertThat(store.segmentResults("nope")).isEmpty();
      // saving the run again without segments leaves none behind
      store.saveRun(run("r1", T0, 0.2, true), columns(0.01));
      assertThat(store.segmentResults("r1")).isEmpty();
    }
  }

  @Test
  void migrationsApplyOnceAndReopeningKeepsTheData() throws Exception {
    String database = newDatabase();
    try (Store store = open(database)) {
      assertThat(store.migrationsApplied()).isPositive();
      store.saveRun(run("r1", T0, 0.2, true), columns(0.01));
      store.upsertWindow(window("proxy-a", T0, 1, 1));
    }
    try (Store again = open(database)) {
      assertThat(again.migrationsApplied()).isZero();
      assertThat(again.runs()).extracting(DriftRun::runId).containsExactly("r1");
      assertThat(again.columnResults("r1")).hasSize(3);
      assertThat(again.windows(T0, T0.plusSeconds(60))).hasSize(1);
    }
  }

  @Test
  void windowWriterWritesEverythingOfferedBeforeClose() throws Exception {
    try (Store store = open(newDatabase())) {
      WindowWriter writer =
          WindowWriter.start(
              store::upsertWindows, WindowWriterOptions.defaults().withBatchSize(32));
      Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      for (int i = 0; i < 250; i++) {
        assertThat(writer.offer(window("proxy-a", start.plusSeconds(60L * i), i, 0))).isTrue();
      }

      assertThat(writer.close(Duration.ofSeconds(30))).isTrue();

      assertThat(writer.stats().written()).isEqualTo(250);
      assertThat(writer.stats().dropped()).isZero();
      assertThat(store.windows(start, start.plusSeconds(60L * 250))).hasSize(250);
      assertThat(writer.offer(window("proxy-a", start, 1, 0))).isFalse();
    }
  }
}
