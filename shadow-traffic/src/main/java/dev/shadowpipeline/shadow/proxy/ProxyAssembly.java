package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.capture.CaptureOutputs;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import dev.shadowpipeline.shadow.record.SinkState;
import dev.shadowpipeline.shadow.summary.RecentDivergences;
import dev.shadowpipeline.shadow.trace.ProxyTracing;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.channel.unix.Errors;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a running {@link ShadowProxy}, each part once and after the parts it needs: the outputs, the metrics, the
 * record pipeline (which reports to the metrics), the gauges that read the pipeline and the in-flight bounds, the
 * mirroring control, the request handlers and their servers, the admin API. Nothing is handed a part that does not
 * exist yet.
 */
final class ProxyAssembly {

  // the proxy's logger: what starting says is the proxy's to say, and callers quiet the proxy by
  // that name (the demo)
  private static final Logger log = LoggerFactory.getLogger(ShadowProxy.class);
  // Shorter than the idle timeouts common model servers use (uvicorn 5 s, gunicorn 2-5 s, Node 5
  // s), so the proxy
  // retires an idle pooled connection before the server does and never sends on a connection being
  // closed.
  private static final int UPSTREAM_KEEP_ALIVE_SECONDS = 4;
  private static final int UPSTREAM_MAX_HEADER_BYTES = 64 * 1024;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int EADDRINUSE = 98;

  private ProxyAssembly() {}

  static ShadowProxy start(
      ProxyConfig config,
      CaptureSettings capture,
      List<RecordConsumer> consumers,
      LiveQuality labels,
      Supplier<JudgeSummary> judge,
      Clock clock,
      LongSupplier nanoTime,
      String instanceId,
      ProxyTracing tracing)
      throws ProxyStartException {
    try {
      return assemble(
          config, capture, consumers, labels, judge, clock, nanoTime, instanceId, tracing);
    } catch (ProxyStartException | RuntimeException e) {
      tracing.close(Duration.ZERO); // a proxy that did not start owns no exporter
      throw e;
    }
  }

  private static ShadowProxy assemble(
      ProxyConfig config,
      CaptureSettings capture,
      List<RecordConsumer> consumers,
      LiveQuality labels,
      Supplier<JudgeSummary> judge,
      Clock clock,
      LongSupplier nanoTime,
      String instanceId,
      ProxyTracing tracing)
      throws ProxyStartException {
    String itself = config.upstreamOnItself();
    if (itself != null) {
      throw new ProxyStartException(
          ProxyStartException.Setting.PORT,
          "the "
              + itself
              + " model's URL is this proxy's own address, port "
              + config.port()
              + ": every request would come back to the proxy",
          null);
    }
    warnAboutBounds(config);
    ObjectMapper mapper = new ObjectMapper();
    int captureLimit = (int) Math.min(Integer.MAX_VALUE - 8, config.captureMaxBytes());
    ProxyMetrics metrics = new ProxyMetrics();
    if (capture.comparator() instanceof MeterBinder counted) {
      counted.bindTo(metrics.registry()); // e.g. the semantic engine's queue and outcomes
    }
    List<SinkState> sinks = new ArrayList<>();
    for (RecordConsumer consumer : consumers) {
      if (consumer instanceof MeterBinder counted) {
        counted.bindTo(metrics.registry()); // e.g. a broker sink's deliveries and drops
      }
      if (consumer instanceof SinkState state) {
        sinks.add(state); // listed by /health
      }
    }
    List<RecordConsumer> all = new ArrayList<>(consumers);
    all.add(metrics.llmRecords()); // the LLM answers' meters read the records, on the record worker
    if (labels != null) {
      all.add(labels.store()); // predictions kept on the record worker, never on the caller's path
    }
    RecentDivergences recent = new RecentDivergences(); // the live page's latest diverging pairs
    all.add(recent);
    // a CA file that cannot be read is found before anything is opened
    HttpClientOptions upstream = upstreamOptions(config);
    NewOutputFiles created = NewOutputFiles.before(config.outDir());
    CaptureOutputs outputs =
        openOutputs(config, capture, mapper, captureLimit, nanoTime, all, instanceId);
    tracing.bindTo(metrics.registry());
    Lifecycle lifecycle = new Lifecycle();

    RecordPipeline pipeline = null;
    Vertx vertx = null;
    Vertx mirrorVertx = null;
    // everything made below is given back on every way out but the proxy's return: event loops left
    // running would keep the JVM alive after a start that failed, and a failure here is the user's
    // to read, not an internal error
    boolean started = false;
    try {
      pipeline =
          RecordPipeline.builder(capture.comparator(), mapper)
              .sinks(List.of(outputs.sink()))
              .listener(metrics)
              .capacity(config.recordQueue())
              .capacityBytes(config.recordQueueBytes())
              .captureLimitBytes(captureLimit)
              .nanoTime(nanoTime)
              .workerNice(config.recordNice())
              .start();
      InFlightLimit inFlight = new InFlightLimit(config.maxInFlight());
      InFlightLimit secondaryInFlight = new InFlightLimit(config.maxInFlight());
      ByteBudget inFlightBytes = new ByteBudget("max-in-flight-bytes", config.inFlightBytes());
      metrics.shadowCopiesInFlight(inFlight::current);
      if (config.hasSecondary()) {
        metrics.secondaryCopiesInFlight(secondaryInFlight::current);
      }
      metrics.recordQueue(pipeline::queued);
      metrics.recordsPending(pipeline::pending);
      metrics.recordWorkerNice(pipeline::workerNice);
      metrics.memoryPool("in_flight", inFlightBytes::used, inFlightBytes.limit());
      metrics.memoryPool("record_queue", pipeline::queuedBytes, pipeline.capacityBytes());

      // Netty's epoll transport where the platform has it (Linux on x86-64 and ARM64): fewer copies
      // and system calls per forwarded call than the JDK's selector; elsewhere Vert.x falls back to
      // NIO
      vertx = eventLoops(config);
      // the copies run on event loops of their own (MirrorLoop): as many as serve callers, one
      // paired with each
      mirrorVertx = eventLoops(config);
      ShadowControl control = new ShadowControl(ShadowTarget.initial(config));
      MirrorPolicy policy = new MirrorPolicy(() -> ThreadLocalRandom.current().nextDouble());
      ProxyCore core =
          new ProxyCore(
              config,
              vertx,
              mirrorVertx,
              upstream,
              control,
              policy,
              inFlight,
              secondaryInFlight,
              inFlightBytes,
              metrics,
              pipeline,
              clock,
              nanoTime,
              instanceId,
              tracing);

      core.shedding.bindTo(metrics.registry());
      List<ProxyVerticle> verticles = new ArrayList<>();
      int port = deployProxy(core, verticles);
      HttpServer admin = null;
      if (config.adminEnabled()) {
        RecordPipeline records = pipeline;
        AdminApi api =
            new AdminApi(
                vertx,
                config,
                port,
                control,
                metrics,
                records,
                () -> LiveSummary.of(core, outputs.aggregator()),
                lifecycle,
                mapper,
                labels,
                judge,
                sinks,
                recent);
        admin = listenAdmin(vertx, config, api, port);
      }
      ShadowProxy proxy = new ShadowProxy(core, verticles, port, admin, lifecycle, outputs, labels);
      log.info(
          "shadow proxy listening on {} ({} event loops on {}, {} more for the copies), primary {},"
              + " shadow {}{}{}",
          HostPort.of(config.host(), port),
          config.eventLoops(),
          vertx.isNativeTransportEnabled() ? "epoll" : "NIO",
          config.eventLoops(),
          config.primary(),
          config.shadow(),
          config.hasSecondary() ? ", secondary " + config.secondary() : "",
          admin == null ? "" : ", admin on " + HostPort.of(config.adminHost(), admin.actualPort()));
      started = true;
      return proxy;
    } finally {
      if (!started) {
        if (pipeline != null) {
          pipeline.close(Duration.ofSeconds(5));
        } else {
          closeUnstarted(outputs); // what a pipeline would have closed
        }
        // waited for: the command returns only once their threads are gone
        if (mirrorVertx != null) {
          ShadowProxy.quietly(mirrorVertx.close(), Duration.ofSeconds(10));
        }
        if (vertx != null) {
          ShadowProxy.quietly(vertx.close(), Duration.ofSeconds(10));
        }
        // a proxy that never started leaves no empty records.jsonl or suite behind; earlier runs'
        // files were there before and are kept
        created.removeIfEmpty(outputs.suite().size());
      }
    }
  }

  private static void closeUnstarted(CaptureOutputs outputs) {
    try {
      outputs.sink().close();
    } catch (IOException e) {
      log.debug("could not close the outputs of a proxy that did not start", e);
    }
  }

  // a pair holds up to three captured bodies; bounds smaller than that drop every large pair, which
  // is legal but
  // rarely meant
  private static void warnAboutBounds(ProxyConfig config) {
    long pair = 3 * config.captureMaxBytes();
    if (config.recordQueueBytes() < pair || config.inFlightBytes() < pair) {
      log.warn(
          "--record-queue-bytes ({} bytes) or --max-in-flight-bytes ({} bytes) is smaller than three captured "
              + "bodies of --capture-max ({} bytes): pairs with large bodies will be dropped",
          config.recordQueueBytes(),
          config.inFlightBytes(),
          config.captureMaxBytes());
    }
  }

  private static CaptureOutputs openOutputs(
      ProxyConfig config,
      CaptureSettings capture,
      ObjectMapper mapper,
      int captureLimit,
      LongSupplier nanoTime,
      List<RecordConsumer> consumers,
      String instanceId)
      throws ProxyStartException {
    try {
      return CaptureOutputs.open(
          config.outDir(), capture, true, mapper, captureLimit, nanoTime, consumers, instanceId);
    } catch (IOException | SecurityException e) {
      throw new ProxyStartException(
          ProxyStartException.Setting.OUT_DIR,
          "cannot write records to " + config.outDir() + ": " + e.getMessage(),
          e);
    }
  }

  // the settings every upstream pool shares; the pools themselves are per event loop
  // (UpstreamClients)
  private static HttpClientOptions upstreamOptions(ProxyConfig config) throws ProxyStartException {
    HttpClientOptions options =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout(UPSTREAM_KEEP_ALIVE_SECONDS)
            .setTcpNoDelay(true)
            .setDecompressionSupported(
                false) // the caller gets the bytes exactly as the upstream sent them
            .setMaxHeaderSize(UPSTREAM_MAX_HEADER_BYTES)
            .setTrustAll(config.insecure())
            .setVerifyHost(!config.insecure());
    if (config.upstreamCa() != null) {
      if (!Files.isReadable(config.upstreamCa())) {
        throw new ProxyStartException(
            ProxyStartException.Setting.UPSTREAM_CA,
            "cannot read CA certificate file " + config.upstreamCa(),
            null);
      }
      options.setTrustOptions(new PemTrustOptions().addCertPath(config.upstreamCa().toString()));
    }
    return options;
  }

  private static Vertx eventLoops(ProxyConfig config) {
    return Vertx.vertx(
        new VertxOptions()
            .setEventLoopPoolSize(config.eventLoops())
            .setPreferNativeTransport(true));
  }

  private static int deployProxy(ProxyCore core, List<ProxyVerticle> verticles)
      throws ProxyStartException {
    ProxyConfig config = core.config;
    // one copies' loop per caller loop: the instances of a deployment get the next event loops of
    // their Vert.x one after the other, so these take one loop each; the suppliers open the pools
    // before that (see UpstreamClients.open)
    List<MirrorLoop> mirrors = new ArrayList<>();
    await(
        core.mirrorVertx.deployVerticle(
            () -> {
              MirrorLoop m =
                  new MirrorLoop(core.mirrorVertx, config, core.upstreamOptions, core.nanoTime);
              synchronized (mirrors) {
                mirrors.add(m);
              }
              return m;
            },
            new DeploymentOptions().setInstances(config.eventLoops())),
        ProxyStartException.Setting.OTHER,
        "event loops for the copies");
    Iterator<MirrorLoop> pairs = mirrors.iterator();
    // All instances listen on one port and Vert.x shares the socket among them, so every event loop
    // accepts
    // callers. Vert.x shares only explicit ports, so "any free port" (0) is resolved to a concrete
    // one first.
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    await(
        core.vertx.deployVerticle(
            () -> {
              MirrorLoop mirror;
              synchronized (mirrors) {
                mirror = pairs.next();
              }
              ProxyVerticle v =
                  new ProxyVerticle(
                      core,
                      UpstreamClients.open(
                          core.vertx, config, core.upstreamOptions, mirror, core.nanoTime),
                      port);
              synchronized (verticles) {
                verticles.add(v);
              }
              return v;
            },
            new DeploymentOptions().setInstances(config.eventLoops())),
        ProxyStartException.Setting.PORT,
        "proxy on " + config.host() + ":" + port);
    return port;
  }

  private static HttpServer listenAdmin(
      Vertx vertx, ProxyConfig config, AdminApi api, int proxyPort) throws ProxyStartException {
    String conflict = config.adminPortConflict(proxyPort); // "any free port" is known only now
    if (conflict != null) {
      throw new ProxyStartException(ProxyStartException.Setting.ADMIN_PORT, conflict, null);
    }
    HttpServer admin =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(config.adminHost()).setPort(config.adminPort()))
            .requestHandler(api);
    await(
        admin.listen(),
        ProxyStartException.Setting.ADMIN_PORT,
        "admin server on " + config.adminHost() + ":" + config.adminPort());
    return admin;
  }

  private static int freePort(String host) throws ProxyStartException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new ProxyStartException(
          ProxyStartException.Setting.PORT,
          "cannot find a free port on " + host + ": " + e.getMessage(),
          e);
    }
  }

  // the JDK says BindException; Netty's epoll transport a NativeIoException with bind(2)'s errno
  // (EADDRINUSE, 98 on the Linux platforms whose native transport the jar carries)
  private static boolean addressInUse(Throwable cause) {
    return cause instanceof BindException
        || (cause instanceof Errors.NativeIoException e && e.expectedErr() == -EADDRINUSE);
  }

  private static <T> T await(Future<T> future, ProxyStartException.Setting setting, String what)
      throws ProxyStartException {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (addressInUse(cause)) {
        throw new ProxyStartException(
            setting, "cannot start the " + what + ": address already in use", cause);
      }
      throw new ProxyStartException(
          setting, "cannot start the " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new ProxyStartException(setting, "cannot start the " + what + ": timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProxyStartException(setting, "interrupted while starting the " + what, e);
    }
  }
}
