package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.metrics.ProxyStats;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordsFingerprint;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.trace.ProxyTracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow proxy: a reverse proxy that answers every caller from the primary model and sends a copy of sampled
 * requests to the shadow model, compares the two answers off the caller's path and appends each pair to
 * {@code records.jsonl} in the output folder.
 *
 * <pre>{@code
 * ProxyConfig config = ProxyConfig.builder(primaryUrl, shadowUrl).port(8080).build();
 * try (ShadowProxy proxy = ShadowProxy.builder(config).capture(settings).start()) {
 *   ... // serve until shutdown
 * }
 * }</pre>
 *
 * <p>{@link #close()} is the graceful stop (what SIGTERM triggers in the command line): it stops accepting, lets
 * requests in progress finish, gives shadow copies up to the drain timeout, and flushes and closes the records.
 */
public final class ShadowProxy implements AutoCloseable {

  /** Name of the records file inside the output folder. */
  public static final String RECORDS_FILE = CaptureOutputs.RECORDS_FILE;

  private static final Logger log = LoggerFactory.getLogger(ShadowProxy.class);

  private final ProxyConfig config;
  private final Vertx vertx;
  private final ProxyCore core;
  private final List<ProxyVerticle> verticles;
  private final int port;
  private final HttpServer adminServer;
  private final Lifecycle lifecycle;
  private final CaptureOutputs outputs;
  private final Path recordsFile;
  private final LongSupplier nanoTime;
  private final LiveQuality labels;
  private boolean closed;

  ShadowProxy(
      ProxyCore core,
      List<ProxyVerticle> verticles,
      int port,
      HttpServer adminServer,
      Lifecycle lifecycle,
      CaptureOutputs outputs,
      LiveQuality labels) {
    this.config = core.config;
    this.vertx = core.vertx;
    this.nanoTime = core.nanoTime;
    this.core = core;
    this.verticles = verticles;
    this.port = port;
    this.adminServer = adminServer;
    this.lifecycle = lifecycle;
    this.outputs = outputs;
    this.recordsFile = config.outDir().resolve(RECORDS_FILE);
    this.labels = labels;
  }

  /** A builder for a proxy that runs with {@code config}; everything else has a default. */
  public static Builder builder(ProxyConfig config) {
    return new Builder(config);
  }

  /**
   * What a proxy is started with besides its {@link ProxyConfig}: how pairs are judged and kept, who else gets the
   * records, and the clocks. Every setting has a default, so {@code ShadowProxy.builder(config).start()} is a
   * complete proxy.
   */
  public static final class Builder {
    final ProxyConfig config;
    CaptureSettings capture;
    List<RecordConsumer> consumers = List.of();
    LiveQuality labels;
    Supplier<JudgeSummary> judge;
    Clock clock = Clock.systemUTC();
    LongSupplier nanoTime = System::nanoTime;
    String instanceId;
    ProxyTracing tracing;

    private Builder(ProxyConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * How pairs are compared, redacted and kept (records, regression suite, aggregates). Default: the JSON comparison
     * with the config's tolerance, ignored fields and redacted headers.
     */
    public Builder capture(CaptureSettings settings) {
      capture = Objects.requireNonNull(settings, "capture");
      return this;
    }

    /** Further consumers of every record, called on the record worker (never the caller's path). Default: none. */
    public Builder consumers(List<RecordConsumer> extra) {
      consumers = List.copyOf(extra);
      return this;
    }

    /**
     * Accept ground truth while running: {@code POST /labels} on the admin API joins labels with the predictions
     * {@code labels} keeps (its store becomes a consumer of every record), {@code /summary} then carries the quality,
     * and {@link #close()} writes {@code quality.json}. Default: none ({@code POST /labels} answers 404).
     */
    public Builder labels(LiveQuality live) {
      labels = Objects.requireNonNull(live, "labels");
      return this;
    }

    /**
     * The pairwise judge's verdicts so far, for {@code GET /summary} ({@code llm.judge}); the judge itself is fed by
     * one of the {@link #consumers}. Default: none.
     */
    public Builder judge(Supplier<JudgeSummary> verdicts) {
      judge = Objects.requireNonNull(verdicts, "judge");
      return this;
    }

    /** Wall clock for record timestamps and request ids. Default: the system's, in UTC. */
    public Builder clock(Clock wallClock) {
      clock = Objects.requireNonNull(wallClock, "clock");
      return this;
    }

    /** Monotonic clock for latencies and deadlines. Default: {@link System#nanoTime()}. */
    public Builder nanoTime(LongSupplier monotonic) {
      nanoTime = Objects.requireNonNull(monotonic, "nanoTime");
      return this;
    }

    /**
     * This proxy's name in a fleet: every record carries it as {@code instance_id}, the summary counts per instance,
     * and exported spans carry it as {@code service.instance.id}. Default: {@link FleetIdentity#defaultInstanceId}
     * of the process environment and the proxy's port.
     *
     * @throws IllegalArgumentException when it is blank or longer than {@value FleetIdentity#MAX_LENGTH} characters
     */
    public Builder instanceId(String id) {
      instanceId = FleetIdentity.check(id);
      return this;
    }

    /**
     * How the proxy takes part in distributed traces; the proxy closes it (sending the spans still queued) when it
     * stops. Default: {@link ProxyTracing#idsOnly()}, trace context in the headers and records, nothing exported.
     */
    public Builder tracing(ProxyTracing spans) {
      tracing = Objects.requireNonNull(spans, "tracing");
      return this;
    }

    /**
     * Starts the proxy. Blocks until the proxy (and the admin server, unless disabled) listens.
     *
     * @throws ProxyStartException when a port is taken, the output folder cannot be written, or a CA file is unusable
     */
    public ShadowProxy start() throws ProxyStartException {
      CaptureSettings settings =
          capture != null
              ? capture
              : CaptureSettings.defaults(
                  config.relativeTolerance(), config.ignore(), config.redactHeaders());
      String id =
          instanceId != null
              ? instanceId
              : FleetIdentity.defaultInstanceId(System.getenv(), config.port());
      return ProxyAssembly.start(
          config,
          settings,
          consumers,
          labels,
          judge,
          clock,
          nanoTime,
          id,
          tracing != null ? tracing : ProxyTracing.idsOnly());
    }
  }

  /** The port callers connect to. */
  public int port() {
    return port;
  }

  /** The admin server's port, or -1 when it is disabled. */
  public int adminPort() {
    return adminServer == null ? -1 : adminServer.actualPort();
  }

  /** Where records are appended. */
  public Path recordsFile() {
    return recordsFile;
  }

  /**
   * The live aggregates of every pair compared so far, with this proxy's drops (copies not sent, pairs not recorded)
   * in its row of the per-instance counts.
   */
  public ComparisonSummary summary() {
    return LiveSummary.of(core, outputs.aggregator());
  }

  /** This proxy's fleet identity, the {@code instance_id} of its records. */
  public String instanceId() {
    return core.instanceId;
  }

  /** How the proxy takes part in distributed traces. */
  public ProxyTracing tracing() {
    return core.tracing;
  }

  /** The live labels' join and quality, or {@code null} when the proxy takes no labels. */
  public LiveQuality liveQuality() {
    return labels;
  }

  /**
   * The quality against the labels posted so far, as {@code quality.json} has it, or {@code null} when no label came.
   *
   * @throws IllegalArgumentException when the labels cannot be used as the task needs (the message says why)
   */
  public ObjectNode quality() {
    return labels == null || !labels.hasLabels()
        ? null
        : QualityJson.toJson(labels.quality(), new ObjectMapper());
  }

  /** The outputs: records, regression suite, aggregates. Read the suite only after {@link #close()}. */
  public CaptureOutputs outputs() {
    return outputs;
  }

  /** The run-time control of the shadow target (what the admin API changes). */
  public ShadowControl shadowControl() {
    return core.control;
  }

  /** Counters and latency distributions so far. */
  public ProxyStats stats() {
    return core.metrics.stats();
  }

  /** The Prometheus text exposition of the proxy's metrics. */
  public String scrapeMetrics() {
    return core.metrics.scrape();
  }

  /** The registry behind {@code /metrics}: parts started beside the proxy (the pairwise judge) add their meters. */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return core.metrics.registry();
  }

  /** Each caller event loop's verticle (tests check how they were laid out on the threads). */
  List<ProxyVerticle> verticles() {
    synchronized (verticles) {
      return List.copyOf(verticles);
    }
  }

  /** The configuration the proxy runs with. */
  public ProxyConfig config() {
    return config;
  }

  /**
   * Stops gracefully: stops accepting connections, lets requests in progress finish (up to the primary timeout),
   * gives shadow copies in flight up to the drain timeout (those still running then are cancelled and recorded as
   * such), then drains the record queue and flushes and closes the records file. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lifecycle.startDraining();
    log.info("shutting down: finishing requests in progress");
    Duration grace = config.primaryTimeout().plusSeconds(1);
    List<Future<Void>> shutdowns = new ArrayList<>();
    synchronized (verticles) {
      for (ProxyVerticle v : verticles) {
        shutdowns.add(v.shutdown(grace));
      }
    }
    quietly(Future.join(shutdowns), grace.plusSeconds(5));

    // Every mirrored exchange still open has had its primary answer (the servers are shut); what it
    // may still wait
    // for is its shadow copy, which gets the drain timeout.
    long drainUntil = nanoTime.getAsLong() + config.drainTimeout().toNanos();
    while (core.openExchanges.get() > 0 && nanoTime.getAsLong() < drainUntil) {
      sleepMillis(10);
    }
    int left = core.inFlight.current() + core.secondaryInFlight.current();
    if (left > 0) {
      log.warn(
          "{} shadow (and secondary) copies still in flight after the drain timeout of {} ms; cancelling them",
          left,
          config.drainTimeout().toMillis());
      core.activeShadowCalls.forEach(StreamDeadline::cancel);
    }
    long settleUntil = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(2);
    while (core.openExchanges.get() > 0 && nanoTime.getAsLong() < settleUntil) {
      sleepMillis(10);
    }

    boolean complete = core.pipeline.close(Duration.ofSeconds(30));
    core.tracing.close(
        Duration.ofSeconds(5)); // the spans still queued, after the last copies ended
    writeQuality();
    if (adminServer != null) {
      quietly(adminServer.close(), Duration.ofSeconds(5));
    }
    List<Future<Void>> pools = new ArrayList<>();
    synchronized (verticles) {
      for (ProxyVerticle v : verticles) {
        pools.add(v.closeClients());
      }
    }
    quietly(Future.join(pools), Duration.ofSeconds(5));
    quietly(core.mirrorVertx.close(), Duration.ofSeconds(10)); // with the copies' pools
    quietly(vertx.close(), Duration.ofSeconds(10));
    log.info(
        "proxy stopped; {} records in {}{}{}",
        core.pipeline.processed(),
        recordsFile,
        core.pipeline.givenUp() == 0
            ? ""
            : " (" + core.pipeline.givenUp() + " without their semantic similarity)",
        complete ? "" : " (some queued records were lost, see above)");
  }

  // labels posted while running: their quality goes beside the records, as shadow labels would
  // write it
  private void writeQuality() {
    if (labels == null || !labels.hasLabels()) {
      return;
    }
    Path file = config.outDir().resolve(QualityJson.FILE);
    try {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode json = QualityJson.toJson(labels.quality(), mapper);
      if (Files.isRegularFile(recordsFile)) {
        // the records are closed by now: the gate can tell whether later runs appended to them
        RecordsFingerprint.of(recordsFile).writeTo(json);
      }
      AtomicFile.write(
          file, mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
      log.info("quality against the posted labels written to {}", file);
    } catch (IOException | RuntimeException e) {
      log.error("could not write {}: {}", file, e.toString());
    }
  }

  // waits for a step of a shutdown (or of a start given up) without letting its failure hide the
  // cause
  static void quietly(Future<?> future, Duration timeout) {
    try {
      future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | CompletionException e) {
      log.debug("shutdown step did not complete cleanly: {}", e.toString());
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
