package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.QualityResult;
import dev.shadowpipeline.shadow.metrics.LatencySummary;
import dev.shadowpipeline.shadow.quality.ClassificationComparison;
import dev.shadowpipeline.shadow.quality.Metric;
import dev.shadowpipeline.shadow.quality.MetricDifference;
import dev.shadowpipeline.shadow.quality.RegressionComparison;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.WindowedSummaries;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.LatencyPercentiles;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreException;
import dev.shadowpipeline.store.StoreOptions;
import dev.shadowpipeline.store.WindowQuality;
import dev.shadowpipeline.store.writer.WindowWriter;
import dev.shadowpipeline.store.writer.WindowWriterOptions;
import dev.shadowpipeline.store.writer.WriterStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps a shadow comparison's per-minute aggregates in the history database ({@code --db}), where the dashboard
 * shows agreement and latency over months. Windows are queued to a background writer that never blocks the record
 * worker; a database outage is retried with a bounded buffer, then counted and logged while the proxy keeps serving.
 */
public final class ComparisonHistory implements AutoCloseable {

  /** Window length. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private final Store store;
  private final WindowWriter writer;
  private final WindowedSummaries windows;

  private ComparisonHistory(Store store, WindowWriter writer, WindowedSummaries windows) {
    this.store = store;
    this.writer = writer;
    this.windows = windows;
  }

  /**
   * Opens the database and the writer.
   *
   * @param db a SQLite file path or a JDBC URL (credentials from SHADOW_DB_USER / SHADOW_DB_PASSWORD)
   * @param instanceId names this proxy or replay among the writers of one database
   * @param grace how long after a window's end late records (slow shadows) still count in it
   * @throws ConfigException naming --db when the database cannot be opened
   */
  public static ComparisonHistory open(
      String db, String instanceId, Duration grace, Clock clock, Map<String, String> env) {
    return open(db, "--db", instanceId, grace, clock, env, null);
  }

  /**
   * Opens the database and the writer; each window also carries the quality against the labels posted to the proxy
   * so far, as {@code live} last computed it when the window closed (never computed for the window: the record worker
   * does not wait for a bootstrap).
   *
   * @param where what a message names as the database's source: {@code --db}, or the config key it came from
   *     ({@code shadow.yaml: proxy.db})
   * @param live the proxy's live labels, or {@code null} when it takes none
   * @throws ConfigException naming {@code where} when the database cannot be opened
   */
  public static ComparisonHistory open(
      String db,
      String where,
      String instanceId,
      Duration grace,
      Clock clock,
      Map<String, String> env,
      LiveQuality live) {
    Store store;
    try {
      store = Store.open(db, StoreOptions.fromEnvironment(env));
    } catch (IllegalArgumentException | StoreException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
    WindowWriter writer = WindowWriter.start(store::upsertWindows, WindowWriterOptions.defaults());
    WindowedSummaries windows =
        new WindowedSummaries(
            WINDOW,
            grace,
            clock,
            w ->
                writer.offer(
                    toStore(instanceId, w)
                        .withQuality(live == null ? null : toStore(live.latest()))));
    return new ComparisonHistory(store, writer, windows);
  }

  /**
   * Queues a window of another writer's records (the collector keeps the windows of every proxy of a fleet, each under
   * its own instance id); returns at once.
   */
  public void offer(String instanceId, WindowedSummaries.Window window) {
    writer.offer(toStore(instanceId, window));
  }

  /** The record consumer to give the proxy or the replay. */
  public WindowedSummaries windows() {
    return windows;
  }

  /** A window's summary as the store keeps it. */
  public static ComparisonWindow toStore(String instanceId, WindowedSummaries.Window w) {
    ComparisonSummary s = w.summary();
    return new ComparisonWindow(
        instanceId,
        w.start(),
        w.end(),
        s.requests(),
        // the agreement's pairs and matches, as summary.json's: summed over the windows they give
        // the run's, and the dashboard's trend is the agreement the gate decides on
        s.agreementPairs(),
        s.agreementMatches(),
        s.agreementLeftOut(),
        s.severity("critical"),
        s.shadowErrors(),
        s.shadowTimeouts(),
        percentiles(s.primaryLatency()),
        percentiles(s.shadowLatency()),
        percentiles(s.latencyDelta()),
        null);
  }

  /**
   * The headline of a live quality as a window keeps it: accuracy (with McNemar's p) for a classification, MAE for a
   * regression, each with the 95% interval of shadow − primary; {@code null} when nothing was compared yet.
   */
  public static WindowQuality toStore(LiveQuality.Snapshot snapshot) {
    QualityResult q = snapshot == null ? null : snapshot.result();
    if (q == null || !q.compared()) {
      return null;
    }
    long pairs = q.counts().joined();
    if (q.classification() != null) {
      ClassificationComparison c = q.classification();
      MetricDifference d = c.differences().get(Metric.ACCURACY);
      return WindowQuality.classification(
          pairs,
          c.primary().value(Metric.ACCURACY),
          c.shadow().value(Metric.ACCURACY),
          d == null ? Double.NaN : d.lower(),
          d == null ? Double.NaN : d.upper(),
          c.mcnemarP());
    }
    RegressionComparison r = q.regression();
    MetricDifference d = r.differences().get(Metric.MAE);
    return WindowQuality.regression(
        pairs,
        r.primary().value(Metric.MAE),
        r.shadow().value(Metric.MAE),
        d == null ? Double.NaN : d.lower(),
        d == null ? Double.NaN : d.upper());
  }

  private static LatencyPercentiles percentiles(LatencySummary l) {
    return l.count() == 0
        ? LatencyPercentiles.NONE
        : new LatencyPercentiles(l.p50Millis(), l.p95Millis(), l.p99Millis());
  }

  /** The database, printable: any password in its URL masked. */
  public String describe() {
    return store.describe();
  }

  /** What the writer did. */
  public WriterStats stats() {
    return writer.stats();
  }

  /** Waits up to ten seconds for the queued windows, then closes the database. Call after the records are closed. */
  @Override
  public void close() {
    try {
      writer.close(Duration.ofSeconds(10));
    } finally {
      store.close();
    }
  }

  /**
   * Closes as {@link #close()} does after a run that failed: a database file that this open created and no window
   * was written to is removed again, with the folders it created.
   */
  public void discard() {
    try {
      writer.close(Duration.ofSeconds(10));
    } finally {
      store.closeDiscardingIfEmpty();
    }
  }
}
