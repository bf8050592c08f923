package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics;
import dev.shadowpipeline.shadow.metrics.ProxyStats;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow proxy: a reverse proxy that answers every caller from the primary model and sends a copy of sampled
 * requests to the shadow model, compares the two answers off the caller's path and appends each pair to
 * {@code records.jsonl} in the output folder.
 *
 * <pre>{@code
 * try (ShadowProxy proxy = ShadowProxy.start(ProxyConfig.builder(primaryUrl, shadowUrl).port(8080).build())) {
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
  // Shorter than the idle timeouts common model servers use (uvicorn 5 s, gunicorn 2-5 s, Node 5 s), so the proxy
  // retires an idle pooled connection before the server does and never sends on a connection being closed.
  private static final int UPSTREAM_KEEP_ALIVE_SECONDS = 4;
  private static final int UPSTREAM_MAX_HEADER_BYTES = 64 * 1024;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final ProxyConfig config;
  private final Vertx vertx;
  private final ProxyCore core;
  private final List<ProxyVerticle> verticles;
  private final HttpServer adminServer;
  private final Path recordsFile;
  private final CaptureOutputs outputs;
  private final int port;
  private final LongSupplier nanoTime;
  private volatile boolean draining;
  private boolean closed;

  private ShadowProxy(ProxyConfig config, Vertx vertx, ProxyCore core, List<ProxyVerticle> verticles,
      HttpServer adminServer, Path recordsFile, int port, LongSupplier nanoTime, CaptureOutputs outputs) {
    this.outputs = outputs;
    this.config = config;
    this.vertx = vertx;
    this.core = core;
    this.verticles = verticles;
    this.adminServer = adminServer;
    this.recordsFile = recordsFile;
    this.port = port;
    this.nanoTime = nanoTime;
  }

  /** Starts a proxy with the system clocks. Blocks until it listens. */
  public static ShadowProxy start(ProxyConfig config) throws ProxyStartException {
    return start(config, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * Starts a proxy. Blocks until both servers listen.
   *
   * @param clock wall clock for record timestamps
   * @param nanoTime monotonic clock for latencies and deadlines of the record pipeline
   * @throws ProxyStartException when a port is taken, the output folder cannot be written, or a CA file is unusable
   */
  public static ShadowProxy start(ProxyConfig config, Clock clock, LongSupplier nanoTime) throws ProxyStartException {
    return start(config, CaptureSettings.defaults(config.relativeTolerance(), config.ignore(), config.redactHeaders()),
        clock, nanoTime);
  }

  /**
   * Starts a proxy that judges pairs and keeps records as {@code capture} says.
   *
   * @throws ProxyStartException when a port is taken, the output folder cannot be written, or a CA file is unusable
   */
  public static ShadowProxy start(ProxyConfig config, CaptureSettings capture, Clock clock, LongSupplier nanoTime)
      throws ProxyStartException {
    return start(config, capture, List.of(), clock, nanoTime);
  }

  /**
   * Starts a proxy whose records also go to {@code extra} consumers, on the record worker (never the caller's path).
   *
   * @throws ProxyStartException when a port is taken, the output folder cannot be written, or a CA file is unusable
   */
  public static ShadowProxy start(ProxyConfig config, CaptureSettings capture, List<RecordConsumer> extra,
      Clock clock, LongSupplier nanoTime) throws ProxyStartException {
    ObjectMapper mapper = new ObjectMapper();
    warnAboutBounds(config);
    int captureLimit = (int) Math.min(Integer.MAX_VALUE - 8, config.captureMaxBytes());
    Path recordsFile = config.outDir().resolve(RECORDS_FILE);
    CaptureOutputs outputs = openOutputs(config, capture, mapper, captureLimit, nanoTime, extra);

    InFlightLimit inFlight = new InFlightLimit(config.maxInFlight());
    AtomicReference<RecordPipeline> pipelineRef = new AtomicReference<>();
    ProxyMetrics metrics = new ProxyMetrics(inFlight::current, () -> {
      RecordPipeline p = pipelineRef.get();
      return p == null ? 0 : p.queued();
    });
    RecordPipeline pipeline = RecordPipeline
        .builder(capture.comparator(), mapper)
        .sinks(List.of(outputs.sink()))
        .listener(metrics)
        .capacity(config.recordQueue())
        .capacityBytes(config.recordQueueBytes())
        .captureLimitBytes(captureLimit)
        .nanoTime(nanoTime)
        .start();
    pipelineRef.set(pipeline);
    ByteBudget inFlightBytes = new ByteBudget("max-in-flight-bytes", config.inFlightBytes());
    metrics.memoryPool("in_flight", inFlightBytes::used, inFlightBytes.limit());
    metrics.memoryPool("record_queue", pipeline::queuedBytes, pipeline.capacityBytes());

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()));
    try {
      HttpClient primaryClient = client(vertx, config, config.maxConnections());
      HttpClient shadowClient = client(vertx, config, Math.min(config.maxInFlight(), config.maxConnections()));
      ShadowControl control =
          new ShadowControl(new ShadowTarget(config.shadow(), config.sampleRate(), false));
      MirrorPolicy policy = new MirrorPolicy(config, () -> ThreadLocalRandom.current().nextDouble());
      ProxyCore core = new ProxyCore(config, vertx, primaryClient, shadowClient, control, policy, inFlight,
          inFlightBytes, metrics, pipeline, clock, nanoTime);

      List<ProxyVerticle> verticles = new ArrayList<>();
      int port = deployProxy(vertx, core, verticles);
      ShadowProxy[] self = new ShadowProxy[1];
      HttpServer admin = null;
      if (config.adminEnabled()) {
        AdminApi api = new AdminApi(vertx, config, control, metrics, () -> self[0] != null && self[0].draining,
            mapper, () -> outputs.aggregator().summary(), pipeline::health);
        admin = vertx.createHttpServer(new HttpServerOptions().setHost(config.adminHost())
            .setPort(config.adminPort())).requestHandler(api);
        await(admin.listen(), ProxyStartException.Setting.ADMIN_PORT,
            "admin server on " + config.adminHost() + ":" + config.adminPort());
      }
      self[0] = new ShadowProxy(config, vertx, core, verticles, admin, recordsFile, port, nanoTime, outputs);
      log.info("shadow proxy listening on {}:{}, primary {}, shadow {}{}", config.host(), port, config.primary(),
          config.shadow(), admin == null ? "" : ", admin on " + config.adminHost() + ":" + admin.actualPort());
      return self[0];
    } catch (ProxyStartException | RuntimeException e) {
      pipeline.close(Duration.ofSeconds(5));
      vertx.close();
      throw e;
    }
  }

  // a pair holds up to three captured bodies; bounds smaller than that drop every large pair, which is legal but
  // rarely meant
  private static void warnAboutBounds(ProxyConfig config) {
    long pair = 3 * config.captureMaxBytes();
    if (config.recordQueueBytes() < pair || config.inFlightBytes() < pair) {
      log.warn("--record-queue-bytes ({} bytes) or --max-in-flight-bytes ({} bytes) is smaller than three captured "
          + "bodies of --capture-max ({} bytes): pairs with large bodies will be dropped", config.recordQueueBytes(),
          config.inFlightBytes(), config.captureMaxBytes());
    }
  }

  private static CaptureOutputs openOutputs(ProxyConfig config, CaptureSettings capture, ObjectMapper mapper,
      int captureLimit, LongSupplier nanoTime, List<RecordConsumer> extra) throws ProxyStartException {
    try {
      return CaptureOutputs.open(config.outDir(), capture, true, mapper, captureLimit, nanoTime, extra);
    } catch (IOException | SecurityException e) {
      throw new ProxyStartException(ProxyStartException.Setting.OUT_DIR,
          "cannot write records to " + config.outDir() + ": " + e.getMessage(), e);
    }
  }

  private static HttpClient client(Vertx vertx, ProxyConfig config, int maxConnections) throws ProxyStartException {
    HttpClientOptions options = new HttpClientOptions()
        .setKeepAlive(true)
        .setKeepAliveTimeout(UPSTREAM_KEEP_ALIVE_SECONDS)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false) // the caller gets the bytes exactly as the upstream sent them
        .setMaxHeaderSize(UPSTREAM_MAX_HEADER_BYTES)
        .setTrustAll(config.insecure())
        .setVerifyHost(!config.insecure());
    if (config.upstreamCa() != null) {
      if (!Files.isReadable(config.upstreamCa())) {
        throw new ProxyStartException(ProxyStartException.Setting.UPSTREAM_CA,
            "cannot read CA certificate file " + config.upstreamCa(), null);
      }
      options.setTrustOptions(new PemTrustOptions().addCertPath(config.upstreamCa().toString()));
    }
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(maxConnections)
        // bounded: beyond it a request fails at once (503 for the primary, a dropped copy for the shadow)
        .setMaxWaitQueueSize(maxConnections * 4);
    // a connection reset is the failure of the call on it, which that call records and counts; without a handler of its
    // own Vert.x would also log every reset at ERROR (a shadow that resets wrote one line per copy)
    return vertx.httpClientBuilder().with(options).with(pool)
        .withConnectHandler(connection -> connection.exceptionHandler(t ->
            log.debug("upstream connection failed: {}", t.toString())))
        .build();
  }

  private static int deployProxy(Vertx vertx, ProxyCore core, List<ProxyVerticle> verticles)
      throws ProxyStartException {
    ProxyConfig config = core.config;
    // All instances listen on one port and Vert.x shares the socket among them, so every event loop accepts
    // callers. Vert.x shares only explicit ports, so "any free port" (0) is resolved to a concrete one first.
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    await(vertx.deployVerticle(() -> {
      ProxyVerticle v = new ProxyVerticle(core, port);
      synchronized (verticles) {
        verticles.add(v);
      }
      return v;
    }, new DeploymentOptions().setInstances(config.eventLoops())), ProxyStartException.Setting.PORT,
        "proxy on " + config.host() + ":" + port);
    return port;
  }

  private static int freePort(String host) throws ProxyStartException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new ProxyStartException(ProxyStartException.Setting.PORT, "cannot find a free port on " + host + ": "
          + e.getMessage(), e);
    }
  }

  private static <T> T await(Future<T> future, ProxyStartException.Setting setting, String what)
      throws ProxyStartException {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof BindException) {
        throw new ProxyStartException(setting, "cannot start the " + what + ": address already in use", cause);
      }
      throw new ProxyStartException(setting, "cannot start the " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new ProxyStartException(setting, "cannot start the " + what + ": timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProxyStartException(setting, "interrupted while starting the " + what, e);
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

  /** The live aggregates of every pair compared so far. */
  public ComparisonSummary summary() {
    return outputs.aggregator().summary();
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
    draining = true;
    log.info("shutting down: finishing requests in progress");
    Duration grace = config.primaryTimeout().plusSeconds(1);
    List<Future<Void>> shutdowns = new ArrayList<>();
    synchronized (verticles) {
      for (ProxyVerticle v : verticles) {
        shutdowns.add(v.shutdown(grace));
      }
    }
    quietly(Future.join(shutdowns), grace.plusSeconds(5));

    // Every mirrored exchange still open has had its primary answer (the servers are shut); what it may still wait
    // for is its shadow copy, which gets the drain timeout.
    long drainUntil = nanoTime.getAsLong() + config.drainTimeout().toNanos();
    while (core.openExchanges.get() > 0 && nanoTime.getAsLong() < drainUntil) {
      sleepMillis(10);
    }
    int left = core.inFlight.current();
    if (left > 0) {
      log.warn("{} shadow copies still in flight after the drain timeout of {} ms; cancelling them", left,
          config.drainTimeout().toMillis());
      core.activeShadowCalls.forEach(StreamDeadline::cancel);
    }
    long settleUntil = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(2);
    while (core.openExchanges.get() > 0 && nanoTime.getAsLong() < settleUntil) {
      sleepMillis(10);
    }

    boolean complete = core.pipeline.close(Duration.ofSeconds(30));
    if (adminServer != null) {
      quietly(adminServer.close(), Duration.ofSeconds(5));
    }
    quietly(core.primaryClient.close(), Duration.ofSeconds(5));
    quietly(core.shadowClient.close(), Duration.ofSeconds(5));
    quietly(vertx.close(), Duration.ofSeconds(10));
    log.info("proxy stopped; {} records in {}{}", core.pipeline.processed(), recordsFile,
        complete ? "" : " (some queued records were lost, see above)");
  }

  private static void quietly(Future<?> future, Duration timeout) {
    try {
      future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
