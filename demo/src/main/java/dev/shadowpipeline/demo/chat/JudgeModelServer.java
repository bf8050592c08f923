package dev.shadowpipeline.demo.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A <b>stand-in</b> judge model for the demo, served on loopback as an OpenAI-compatible
 * {@code POST /v1/chat/completions}: it is not a language model and judges nothing for real. It reads the request and
 * the two answers out of the default judge prompt and decides by a fixed rule from what the demo knows: the
 * production model's catalog answer is the reference. When the catalog marks a prompt's candidate answer as having a
 * different substance (a wrong fee, a refusal, an off-topic answer), the answer that is the reference wins; every
 * other pair (paraphrases, prompts not in the catalog) is a tie. It counts the orders it saw: how often the
 * reference answer came first. Replace it with a real judge through {@code compare: judge:} in a config file.
 */
public final class JudgeModelServer implements AutoCloseable {

  /** The model name the stand-in answers as. */
  public static final String MODEL = "demo-judge-stand-in";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final AtomicLong prompts = new AtomicLong();
  private final AtomicLong referenceFirst = new AtomicLong();
  private final AtomicLong referenceSecond = new AtomicLong();

  private JudgeModelServer(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts the stand-in judge; port 0 picks a free port. */
  public static Future<JudgeModelServer> start(Vertx vertx, String host, int port) {
    JudgeModelServer s = new JudgeModelServer(vertx);
    return s.server.listen(port, host).map(ignored -> s);
  }

  public int port() {
    return server.actualPort();
  }

  /** The judge configuration that calls this stand-in: default prompt, seed 0, 4 calls at once. */
  public JudgeConfig config() {
    return JudgeConfig.of(URI.create("http://127.0.0.1:" + port()), MODEL, null)
        .withCalls(4, Duration.ofSeconds(10), 0, false);
  }

  /** Prompts judged. */
  public long prompts() {
    return prompts.get();
  }

  /** Prompts where the reference answer was shown first (as A). */
  public long referenceFirst() {
    return referenceFirst.get();
  }

  /** Prompts where the reference answer was shown second (as B). */
  public long referenceSecond() {
    return referenceSecond.get();
  }

  private void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              String content;
              try {
                JsonNode json = MAPPER.readTree(body.getBytes());
                content = json.path("messages").path(0).path("content").asText("");
              } catch (IOException e) {
                req.response().setStatusCode(400).end();
                return;
              }
              prompts.incrementAndGet();
              String verdict = judge(content);
              ObjectNode answer = MAPPER.createObjectNode();
              answer.put("model", MODEL);
              answer
                  .putArray("choices")
                  .addObject()
                  .putObject("message")
                  .put("role", "assistant")
                  .put("content", verdict);
              req.response().putHeader("content-type", "application/json").end(answer.toString());
            });
  }

  private String judge(String prompt) {
    String question = between(prompt, "[Request]\n<<<\n", "\n>>>");
    String a = between(prompt, "[Answer A]\n<<<\n", "\n>>>");
    String b = between(prompt, "[Answer B]\n<<<\n", "\n>>>");
    Optional<CannedAnswer> entry = ChatCatalog.find(question);
    if (entry.isPresent()) {
      String reference = entry.get().v1Answer();
      if (a.equals(reference) && !b.equals(reference)) {
        referenceFirst.incrementAndGet();
      } else if (b.equals(reference) && !a.equals(reference)) {
        referenceSecond.incrementAndGet();
      }
      if (entry.get().agreement() == Agreement.DIFFERENT) {
        if (a.equals(reference) && !b.equals(reference)) {
          return verdict("A", "A gives the reference answer; B gets the substance wrong.");
        }
        if (b.equals(reference) && !a.equals(reference)) {
          return verdict("B", "B gives the reference answer; A gets the substance wrong.");
        }
      }
    }
    return verdict("tie", "Both answers carry the same facts and instructions.");
  }

  private static String verdict(String winner, String reason) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("winner", winner);
    n.put("reason", reason + " (demo stand-in judge)");
    return n.toString();
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

  @Override
  public void close() {
    server.close();
  }
}
