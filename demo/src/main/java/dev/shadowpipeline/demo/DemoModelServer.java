package dev.shadowpipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A demo model as a real HTTP JSON service: {@code POST /predict} with an applicant answers
 * {@code {"model": ..., "approved": ..., "score": ...}}, after a latency drawn from the given range (on a timer, never
 * blocking its event loop). {@code GET /health} answers 200.
 */
public final class DemoModelServer implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Vertx vertx;
  private final LoanModel model;
  private final long minLatencyMillis;
  private final long maxLatencyMillis;
  private final HttpServer server;

  private DemoModelServer(Vertx vertx, LoanModel model, Duration minLatency, Duration maxLatency) {
    this.vertx = vertx;
    this.model = model;
    this.minLatencyMillis = minLatency.toMillis();
    this.maxLatencyMillis = Math.max(minLatency.toMillis(), maxLatency.toMillis());
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts a model server; port 0 picks a free port. */
  public static Future<DemoModelServer> start(
      Vertx vertx,
      LoanModel model,
      String host,
      int port,
      Duration minLatency,
      Duration maxLatency) {
    DemoModelServer s = new DemoModelServer(vertx, model, minLatency, maxLatency);
    return s.server.listen(port, host).map(ignored -> s);
  }

  public int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    if (HttpMethod.GET.equals(req.method()) && req.path().equals("/health")) {
      req.response()
          .putHeader("Content-Type", "application/json")
          .end("{\"status\":\"up\",\"model\":\"" + model.id() + "\"}");
      return;
    }
    if (!HttpMethod.POST.equals(req.method()) || !req.path().equals("/predict")) {
      req.response()
          .setStatusCode(404)
          .putHeader("Content-Type", "application/json")
          .end("{\"error\":\"try POST /predict\"}");
      return;
    }
    req.body().onSuccess(body -> answer(req, body));
  }

  private void answer(HttpServerRequest req, Buffer body) {
    String json;
    int status = 200;
    try {
      Applicant a = parse(MAPPER.readTree(body.getBytes()));
      ObjectNode out = MAPPER.createObjectNode();
      out.put("model", model.id());
      out.put("approved", model.approves(a));
      out.put("decision", model.approves(a) ? "approve" : "reject");
      out.put("score", model.score(a));
      json = out.toString();
    } catch (java.io.IOException | IllegalArgumentException e) {
      status = 400;
      json = MAPPER.createObjectNode().put("error", String.valueOf(e.getMessage())).toString();
    }
    long delay =
        minLatencyMillis
            + (maxLatencyMillis > minLatencyMillis
                ? ThreadLocalRandom.current().nextLong(maxLatencyMillis - minLatencyMillis + 1)
                : 0);
    int finalStatus = status;
    String finalJson = json;
    Runnable reply =
        () ->
            req.response()
                .setStatusCode(finalStatus)
                .putHeader("Content-Type", "application/json")
                .end(finalJson);
    if (delay <= 0) {
      reply.run();
    } else {
      vertx.setTimer(delay, id -> reply.run());
    }
  }

  private static Applicant parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object describing an applicant");
    }
    return new Applicant(
        required(n, "age").asInt(),
        required(n, "income").asDouble(),
        required(n, "debt_ratio").asDouble(),
        required(n, "credit_score").asInt(),
        required(n, "loan_amount").asDouble(),
        required(n, "employment_years").asInt());
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("missing or non-numeric field '" + field + "'");
    }
    return v;
  }

  /** The JSON body the demo sends for an applicant. */
  public static String requestBody(Applicant a) {
    return requestBody(null, a);
  }

  /**
   * The JSON body for an applicant with the application's id first, as a loan system would send it; the models ignore
   * the id, the late-arriving outcomes are joined on it.
   */
  public static String requestBody(String applicationId, Applicant a) {
    ObjectNode n = MAPPER.createObjectNode();
    if (applicationId != null) {
      n.put("application_id", applicationId);
    }
    n.put("age", a.age());
    n.put("income", a.income());
    n.put("debt_ratio", a.debtRatio());
    n.put("credit_score", a.creditScore());
    n.put("loan_amount", a.loanAmount());
    n.put("employment_years", a.employmentYears());
    return n.toString();
  }

  @Override
  public void close() {
    server.close();
  }
}
