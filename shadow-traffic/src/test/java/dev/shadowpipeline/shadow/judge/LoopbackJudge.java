package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A judge model on loopback for tests: an OpenAI-compatible {@code /v1/chat/completions} that reads the two answers
 * out of the default prompt, remembers the order it saw them in, and answers what the test's rule says.
 */
final class LoopbackJudge implements AutoCloseable {

  /** What the judge server does with one prompt: a status and a chat content, or no answer at all. */
  record Reply(int status, String content, boolean hangs) {
    static Reply says(String content) {
      return new Reply(200, content, false);
    }

    static Reply status(int status) {
      return new Reply(status, "", false);
    }

    static Reply hang() {
      return new Reply(0, "", true);
    }
  }

  /** The two answers of one prompt, in the order shown. */
  record Seen(String a, String b, String authorization) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Seen> seen = new ArrayList<>();
  private final List<HttpServerRequest> parked = new ArrayList<>();

  LoopbackJudge(Vertx vertx, BiFunction<String, String, Reply> rule) throws Exception {
    this.vertx = vertx;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              JsonNode json;
                              try {
                                json = MAPPER.readTree(body.getBytes());
                              } catch (java.io.IOException e) {
                                req.response().setStatusCode(400).end();
                                return;
                              }
                              String prompt =
                                  json.path("messages").path(0).path("content").asText("");
                              String a = between(prompt, "[Answer A]\n<<<\n", "\n>>>");
                              String b = between(prompt, "[Answer B]\n<<<\n", "\n>>>");
                              synchronized (seen) {
                                seen.add(new Seen(a, b, req.getHeader("authorization")));
                              }
                              Reply reply = rule.apply(a, b);
                              if (reply.hangs()) {
                                synchronized (parked) {
                                  parked.add(req);
                                }
                                return;
                              }
                              ObjectNode answer = MAPPER.createObjectNode();
                              answer
                                  .putArray("choices")
                                  .addObject()
                                  .putObject("message")
                                  .put("role", "assistant")
                                  .put("content", reply.content());
                              req.response()
                                  .setStatusCode(reply.status())
                                  .putHeader("content-type", "application/json")
                                  .end(answer.toString());
                            }));
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static String between(String text, String start, String end) {
    int i = text.indexOf(start);
    if (i < 0) {
      return "";
    }
    int from = i + start.length();
    int j = text.indexOf(end, from);
    return j < 0 ? text.substring(from) : text.substring(from, j);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close()
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    try {
      closeAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeAll()
      throws InterruptedException,
          java.util.concurrent.ExecutionException,
          java.util.concurrent.TimeoutException {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
