package dev.shadowpipeline.demo.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;

/**
 * A demo search engine as an HTTP JSON service. {@code GET /search?q=...&k=10} answers
 * {@code {"query": ..., "results": [{"id": "doc-123", "score": 0.93}, ...], "took_ms": ...}} after the engine's
 * latency for that query plus a fixed extra latency, on a timer — never blocking its event loop; {@code took_ms} is
 * that total. {@code GET /health} answers 200. Errors are JSON {@code {"error": ...}}: 400 for a missing or blank
 * {@code q}, a {@code q} over 1,000 characters, or a {@code k} that is not an integer from 1 to 100; 404 for another
 * path; 405 for another method on {@code /search}.
 */
public final class SearchModelServer implements AutoCloseable {

  /** The path of the search endpoint. */
  public static final String PATH = "/search";

  /** The most results a query may ask for. */
  public static final int MAX_K = 100;

  static final int MAX_QUERY_CHARS = 1_000;
  private static final int DEFAULT_K = 10;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Vertx vertx;
  private final SearchModel model;
  private final Duration extraLatency;
  private final HttpServer server;

  private SearchModelServer(Vertx vertx, SearchModel model, Duration extraLatency) {
    this.vertx = vertx;
    this.model = model;
    this.extraLatency = extraLatency;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /**
   * Starts a search server; port 0 picks a free port.
   *
   * @param extraLatency added to the engine's own latency, e.g. to play a network hop; zero for none
   * @throws IllegalArgumentException if {@code extraLatency} is negative
   */
  public static Future<SearchModelServer> start(
      Vertx vertx, SearchModel model, String host, int port, Duration extraLatency) {
    if (extraLatency.isNegative()) {
      throw new IllegalArgumentException("extraLatency must not be negative: " + extraLatency);
    }
    SearchModelServer s = new SearchModelServer(vertx, model, extraLatency);
    return s.server.listen(port, host).map(ignored -> s);
  }

  public int port() {
    return server.actualPort();
  }

  public SearchModel model() {
    return model;
  }

  private void handle(HttpServerRequest req) {
    if (HttpMethod.GET.equals(req.method()) && req.path().equals("/health")) {
      reply(req, 200, "{\"status\":\"up\",\"model\":\"" + model.id() + "\"}");
      return;
    }
    if (!req.path().equals(PATH)) {
      reply(req, 404, error("unknown path " + req.path() + "; try GET " + PATH + "?q=...&k=10"));
      return;
    }
    if (!HttpMethod.GET.equals(req.method())) {
      req.response().putHeader("Allow", "GET");
      reply(req, 405, error("method " + req.method() + " not allowed on " + PATH + "; use GET"));
      return;
    }
    String q = req.getParam("q");
    if (q == null || q.isBlank()) {
      reply(req, 400, error("query parameter 'q' is required and must not be blank"));
      return;
    }
    if (q.length() > MAX_QUERY_CHARS) {
      reply(
          req,
          400,
          error(
              "query parameter 'q' must be at most "
                  + MAX_QUERY_CHARS
                  + " characters: "
                  + q.length()));
      return;
    }
    int k;
    try {
      k = parseK(req.getParam("k"));
    } catch (IllegalArgumentException e) {
      reply(req, 400, error(e.getMessage()));
      return;
    }
    List<Hit> hits = model.search(q, k);
    long tookMillis = extraLatency.plus(model.latency(SearchModel.termCount(q))).toMillis();
    String json = answer(q, hits, tookMillis);
    if (tookMillis <= 0) {
      reply(req, 200, json);
    } else {
      vertx.setTimer(tookMillis, id -> reply(req, 200, json));
    }
  }

  private static int parseK(String k) {
    if (k == null) {
      return DEFAULT_K;
    }
    try {
      int v = Integer.parseInt(k.trim());
      if (v >= 1 && v <= MAX_K) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the one message below
    }
    throw new IllegalArgumentException(
        "query parameter 'k' must be an integer from 1 to " + MAX_K + ": '" + k + "'");
  }

  private static String answer(String query, List<Hit> hits, long tookMillis) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("query", query);
    ArrayNode results = out.putArray("results");
    for (Hit h : hits) {
      results.addObject().put("id", h.id()).put("score", h.score());
    }
    out.put("took_ms", tookMillis);
    return out.toString();
  }

  private static String error(String message) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("error", message);
    return out.toString();
  }

  private static void reply(HttpServerRequest req, int status, String json) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }

  @Override
  public void close() {
    server.close();
  }
}
