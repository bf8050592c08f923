package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.gate.Gate;
import dev.shadowpipeline.shadow.gate.GateCriteria;
import dev.shadowpipeline.shadow.judge.JudgeSummary;
import dev.shadowpipeline.shadow.labels.LiveQuality;
import dev.shadowpipeline.shadow.labels.PredictionStore;
import dev.shadowpipeline.shadow.labels.QualityJson;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import dev.shadowpipeline.shadow.record.PipelineHealth;
import dev.shadowpipeline.shadow.record.RecordPipeline;
import dev.shadowpipeline.shadow.record.SinkState;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;
import dev.shadowpipeline.shadow.summary.RecentDivergences;
import dev.shadowpipeline.shadow.summary.SummaryJson;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints: {@code GET /} (the live page, {@link LivePage}), {@code GET /health}, {@code GET /metrics}
 * (Prometheus text format), {@code GET /summary}, {@code GET|PUT /admin/shadow} and {@code POST /labels} (ground truth,
 * JSONL). Changes need {@code Authorization: Bearer <token>}; without a configured token the API is read-only.
 */
final class AdminApi implements Handler<HttpServerRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final int MAX_BODY_BYTES = 16 * 1024;

  /** The largest {@code POST /labels} body: about 100,000 labels of a short key and outcome. */
  static final int MAX_LABELS_BODY_BYTES = 8 << 20;

  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final ProxyConfig config;
  private final int proxyPort;
  private final ShadowControl control;
  private final ProxyMetrics metrics;
  private final RecordPipeline pipeline;
  private final Supplier<ComparisonSummary> summary;
  private final Lifecycle lifecycle;
  private final ObjectMapper mapper;
  private final byte[] token;
  private final LiveQuality labels;
  private final Supplier<JudgeSummary> judge;
  private final List<SinkState> sinks;
  private final RecentDivergences recent;
  private final Buffer livePage = LivePage.load();
  private final WorkerExecutor qualityWorker;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();

  /**
   * @param proxyPort the port the proxy listens on (the one it got, for "any free port"): a shadow URL there is refused
   * @param control what {@code /admin/shadow} shows and changes
   * @param metrics what {@code /metrics} publishes
   * @param pipeline whose health {@code /health} reports
   * @param summary the live aggregates {@code /summary} shows, with this proxy's drops
   * @param lifecycle whether the proxy is draining, for {@code /health}
   * @param labels what {@code POST /labels} feeds, or {@code null} when the proxy takes no labels
   * @param judge the pairwise judge's verdicts so far, or {@code null} without a judge
   * @param sinks the record sinks that deliver elsewhere (a broker), whose state {@code /health} lists
   * @param recent the last diverging pairs, for {@code /summary}'s {@code recent_divergences}
   */
  AdminApi(
      Vertx vertx,
      ProxyConfig config,
      int proxyPort,
      ShadowControl control,
      ProxyMetrics metrics,
      RecordPipeline pipeline,
      Supplier<ComparisonSummary> summary,
      Lifecycle lifecycle,
      ObjectMapper mapper,
      LiveQuality labels,
      Supplier<JudgeSummary> judge,
      List<SinkState> sinks,
      RecentDivergences recent) {
    this.vertx = vertx;
    this.config = config;
    this.proxyPort = proxyPort;
    this.control = control;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.summary = summary;
    this.lifecycle = lifecycle;
    this.mapper = mapper;
    this.token =
        config.adminToken() == null ? null : config.adminToken().getBytes(StandardCharsets.UTF_8);
    this.labels = labels;
    this.judge = judge;
    this.sinks = List.copyOf(sinks);
    this.recent = recent;
    // one thread, and a long enough limit that a bootstrap over many pairs is not reported as a
    // blocked thread
    this.qualityWorker =
        labels == null
            ? null
            : vertx.createSharedWorkerExecutor("shadow-live-quality", 1, 30, TimeUnit.MINUTES);
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path();
    switch (path) {
      case "/" -> only(req, HttpMethod.GET, () -> LivePage.serve(req.response(), livePage));
      case "/health" -> only(req, HttpMethod.GET, () -> health(req));
      case "/metrics" -> only(req, HttpMethod.GET, () -> metrics(req));
      case "/summary" -> only(req, HttpMethod.GET, () -> summary(req));
      case "/admin/shadow" -> {
        if (HttpMethod.GET.equals(req.method())) {
          json(req.response(), 200, shadowState());
        } else if (HttpMethod.PUT.equals(req.method())) {
          updateShadow(req);
        } else {
          methodNotAllowed(req, "GET, PUT");
        }
      }
      case "/labels" -> only(req, HttpMethod.POST, () -> postLabels(req));
      default ->
          error(
              req.response(),
              404,
              "no such endpoint: "
                  + path
                  + " (try /, /health, /metrics, /summary, /admin/shadow or /labels)");
    }
  }

  private void only(HttpServerRequest req, HttpMethod method, Runnable action) {
    if (method.equals(req.method())) {
      action.run();
    } else {
      methodNotAllowed(req, method.name());
    }
  }

  private void health(HttpServerRequest req) {
    ObjectNode body = mapper.createObjectNode();
    boolean isDraining = lifecycle.draining();
    PipelineHealth records = pipeline.health();
    boolean delivering = sinks.stream().allMatch(SinkState::delivering);
    // degraded still answers 200: callers are served whatever happens to the records, so a load
    // balancer must not
    // take the proxy out of rotation for it; monitoring reads the status and the reason
    body.put("status", isDraining ? "draining" : records.ok() && delivering ? "up" : "degraded");
    body.put("recording", records.ok() ? "ok" : records.problem());
    if (!sinks.isEmpty()) {
      ArrayNode list = body.putArray("sinks");
      sinks.forEach(sink -> list.add(sink.stateJson()));
    }
    body.put("primary", config.primary().url());
    ShadowTarget target = control.current();
    body.put("shadow", target.address().url());
    if (config.hasSecondary()) {
      body.put("secondary", config.secondary().url()); // masked, like every upstream URL shown
    }
    body.put("mirroring", target.paused() ? "paused" : "active");
    // 503 while draining tells a load balancer to stop sending new callers here
    json(req.response(), isDraining ? 503 : 200, body);
  }

  private void metrics(HttpServerRequest req) {
    // scraping walks every meter: done on a worker so the admin event loop stays free
    vertx
        .executeBlocking(metrics::scrape, false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                req.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TYPE)
                    .end(ar.result());
              } else {
                error(req.response(), 500, "could not render metrics: " + ar.cause());
              }
            });
  }

  // the live aggregates as summary.json has them, with the comparison's own drift (agreement
  // falling, latency rising)
  private void summary(HttpServerRequest req) {
    vertx
        .executeBlocking(this::summaryJson, false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                json(req.response(), 200, ar.result());
              } else {
                error(req.response(), 500, "could not build the summary: " + ar.cause());
              }
            });
  }

  // with labels posted, the quality of both models against them as last computed (quality.json
  // without its examples); computing it can take seconds, so /summary never waits for it
  private ObjectNode summaryJson() {
    ComparisonSummary current = summary.get();
    ObjectNode root = SummaryJson.toJson(current, mapper);
    // the promotion verdict as the run stands, with the criteria the proxy's report.html applies
    root.set(
        "gate",
        Gate.toJson(
            Gate.evaluate(current, GateCriteria.DEFAULTS), GateCriteria.DEFAULTS, current, mapper));
    root.set("recent_divergences", recent.toJson(mapper));
    if (labels != null && labels.hasLabels()) {
      LiveQuality.Snapshot s = labels.latest();
      if (s == null) {
        root.putNull("quality");
      } else if (s.error() != null) {
        root.putObject("quality").put("error", "the posted labels cannot be used: " + s.error());
      } else {
        root.set("quality", QualityJson.summaryJson(QualityJson.toJson(s.result(), mapper)));
      }
      root.put("quality_labels_pending", labels.labelsReceived() - (s == null ? 0 : s.labels()));
    }
    if (judge != null) {
      SummaryJson.putJudge(root, judge.get());
    }
    return root;
  }

  // ground truth while running: JSONL, one label per line, joined with the kept predictions on a
  // worker; a bad line refuses the whole batch, so that a corrected retry does not count labels
  // twice. The quality is then recomputed in the background, one computation at a time.
  private void postLabels(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (labels == null) {
      error(
          resp,
          404,
          "this proxy takes no labels: start it with --labels-join record-id (or a request field such as "
              + "/applicant_id)");
      return;
    }
    if (!allowedToChange(req)) {
      return;
    }
    readBody(
        req,
        MAX_LABELS_BODY_BYTES,
        body ->
            vertx
                .executeBlocking(
                    () -> labels.accept(LiveQuality.parse(body.getBytes(), labels.join(), mapper)),
                    false)
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        json(resp, 200, batchJson(ar.result()));
                        scheduleRefresh();
                      } else if (ar.cause() instanceof IllegalArgumentException bad) {
                        error(resp, 400, "labels refused, none taken: " + bad.getMessage());
                      } else {
                        error(resp, 500, "could not take the labels: " + ar.cause());
                      }
                    }));
  }

  // batches that come while the quality is computed are taken by one more computation after it
  private void scheduleRefresh() {
    if (!refreshQueued.compareAndSet(false, true)) {
      return;
    }
    qualityWorker
        .executeBlocking(
            () -> {
              refreshQueued.set(false);
              return labels.refresh();
            },
            false)
        .onFailure(
            e -> log.warn("could not compute the quality against the labels: {}", e.toString()));
  }

  private ObjectNode batchJson(LiveQuality.Batch b) {
    ObjectNode body = mapper.createObjectNode();
    body.put("received", b.received());
    body.put("matched", b.matched());
    body.put("unmatched", b.unmatched());
    body.put("duplicates", b.duplicates());
    body.put("excluded_failed", b.excludedFailed());
    body.put("dropped_for_memory", b.dropped());
    PredictionStore store = labels.store();
    body.put("predictions_kept", store.size());
    body.put("predictions_evicted", store.evicted());
    body.put("predictions_evicted_unlabelled", store.evictedUnlabelled());
    return body;
  }

  private ObjectNode shadowState() {
    ShadowTarget target = control.current();
    ObjectNode body = mapper.createObjectNode();
    body.put("url", target.address().url());
    body.put("sample_rate", target.sampleRate());
    body.put("paused", target.paused());
    if (config.hasSecondary()) {
      ObjectNode secondary = body.putObject("secondary");
      secondary.put("url", config.secondary().url());
      // a share of all requests: the configured one, or the shadow's own when none was set
      secondary.put(
          "sample_rate",
          Double.isNaN(config.secondarySampleRate())
              ? target.sampleRate()
              : Math.min(config.secondarySampleRate(), target.sampleRate()));
    }
    body.put("writable", token != null);
    return body;
  }

  // the same rule for every change: a token must be configured, and given
  private boolean allowedToChange(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (token == null) {
      error(
          resp,
          403,
          "the admin API is read-only: start the proxy with --admin-token or SHADOW_ADMIN_TOKEN to "
              + "allow changes");
      return false;
    }
    if (!authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
      resp.putHeader("WWW-Authenticate", "Bearer realm=\"shadow-admin\"");
      error(resp, 401, "missing or wrong bearer token");
      return false;
    }
    return true;
  }

  // reads a body of at most maxBytes; a larger one is drained, never held, and refused with 413
  private void readBody(HttpServerRequest req, int maxBytes, Handler<Buffer> then) {
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    req.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            tooLarge[0] = true;
          } else if (!tooLarge[0]) {
            body.appendBuffer(chunk);
          }
        });
    req.endHandler(
        v -> {
          if (tooLarge[0]) {
            error(req.response(), 413, "admin request body over " + maxBytes + " bytes");
            return;
          }
          then.handle(body);
        });
  }

  private void updateShadow(HttpServerRequest req) {
    if (allowedToChange(req)) {
      readBody(req, MAX_BODY_BYTES, body -> applyUpdate(body, req.response()));
    }
  }

  private void applyUpdate(Buffer body, HttpServerResponse resp) {
    JsonNode json;
    try {
      json = mapper.readTree(body.getBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      error(resp, 400, "body is not valid JSON: " + JsonErrorText.of(e));
      return;
    } catch (java.io.IOException e) {
      error(resp, 400, "could not read body: " + e.getMessage());
      return;
    }
    if (json == null || !json.isObject()) {
      error(
          resp,
          400,
          "body must be a JSON object such as {\"url\": \"http://host:port\", \"sample_rate\": 0.5, "
              + "\"paused\": false}");
      return;
    }
    String url = null;
    Double rate = null;
    Boolean paused = null;
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      JsonNode value = json.get(field);
      switch (field) {
        case "url" -> {
          if (!value.isTextual()) {
            error(resp, 400, "url must be a string");
            return;
          }
          url = value.asText();
        }
        case "sample_rate" -> {
          if (!value.isNumber()) {
            error(resp, 400, "sample_rate must be a number between 0 and 1");
            return;
          }
          rate = value.doubleValue();
        }
        case "paused" -> {
          if (!value.isBoolean()) {
            error(resp, 400, "paused must be true or false");
            return;
          }
          paused = value.booleanValue();
        }
        default -> {
          error(resp, 400, "unknown field '" + field + "' (allowed: url, sample_rate, paused)");
          return;
        }
      }
    }
    if (url == null) {
      apply(resp, null, rate, paused);
      return;
    }
    UpstreamAddress address;
    try {
      address = UpstreamAddress.parse(url);
    } catch (IllegalArgumentException e) {
      error(resp, 400, e.getMessage());
      return;
    }
    // the proxy itself as its own shadow: every copy would come back in as a caller's request and
    // be
    // mirrored again, round and round. Telling needs the host name resolved, which an event loop
    // must not wait for.
    String given = url;
    Double givenRate = rate;
    Boolean givenPaused = paused;
    vertx
        .executeBlocking(() -> config.reachesProxyAt(address, proxyPort))
        .onComplete(
            itself -> {
              if (itself.succeeded() && itself.result()) {
                error(
                    resp,
                    400,
                    "url "
                        + address.url()
                        + " is this proxy's own address (port "
                        + proxyPort
                        + "): every copy would come back to the proxy and be mirrored again; give the"
                        + " shadow model's own address. Nothing was changed");
              } else {
                apply(resp, given, givenRate, givenPaused);
              }
            });
  }

  private void apply(HttpServerResponse resp, String url, Double rate, Boolean paused) {
    try {
      control.update(url, rate, paused);
    } catch (IllegalArgumentException e) {
      error(resp, 400, e.getMessage());
      return;
    }
    json(resp, 200, shadowState());
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token); // constant time: no timing hints about the token
  }

  private void methodNotAllowed(HttpServerRequest req, String allowed) {
    req.response().putHeader(HttpHeaders.ALLOW, allowed);
    error(req.response(), 405, req.method() + " is not allowed here (allowed: " + allowed + ")");
  }

  private void json(HttpServerResponse resp, int status, JsonNode body) {
    try {
      resp.setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(mapper.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      resp.setStatusCode(500).end();
    }
  }

  private void error(HttpServerResponse resp, int status, String message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("error", message);
    json(resp, status, body);
  }
}
