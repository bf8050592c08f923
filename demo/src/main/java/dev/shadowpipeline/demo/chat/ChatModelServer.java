package dev.shadowpipeline.demo.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A demo chat model as an OpenAI-compatible HTTP service. {@code POST /v1/chat/completions} with
 * {@code {"model": ..., "messages": [{"role": "user", "content": ...}]}} answers the last user message in the shape of
 * the OpenAI API ({@code id}, {@code object: "chat.completion"}, {@code created}, {@code model},
 * {@code system_fingerprint}, {@code choices}, {@code usage}) after the model's generation time plus a fixed extra latency, on a timer — never blocking its event
 * loop. With {@code "stream": true} it answers with server-sent events, one {@code chat.completion.chunk} per token,
 * the first after the model's first-token time, ending with a usage chunk when {@code stream_options.include_usage}
 * asks for one. {@code GET /health} answers 200. Errors use the OpenAI error shape
 * ({@code {"error": {"message", "type", "param", "code"}}}): 400 for a malformed request, 404 for an unknown URL, 413
 * for a body over 64 KiB.
 *
 * <p>{@code id} is fresh on every call, {@code created} is the wall clock in seconds and {@code system_fingerprint} is
 * drawn once per server, as with the real API, so a naive diff of two answers (even of two instances of the same
 * model) always differs there; {@code model} names the model that answered, not the one asked for.
 */
public final class ChatModelServer implements AutoCloseable {

  /** The path of the chat-completion endpoint. */
  public static final String PATH = "/v1/chat/completions";

  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final char[] ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Vertx vertx;
  private final ChatModel model;
  private final Duration extraLatency;
  private final boolean sampling;
  private final String systemFingerprint;
  private final HttpServer server;

  private ChatModelServer(Vertx vertx, ChatModel model, Duration extraLatency, boolean sampling) {
    this.vertx = vertx;
    this.model = model;
    this.extraLatency = extraLatency;
    this.sampling = sampling;
    // like a real deployment's backend configuration: one per instance, so two instances differ
    this.systemFingerprint =
        "fp_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /**
   * Starts a chat model server; port 0 picks a free port.
   *
   * @param extraLatency added to the model's own generation time, e.g. to play a remote hosted API; zero for none
   * @throws IllegalArgumentException if {@code extraLatency} is negative
   */
  public static Future<ChatModelServer> start(
      Vertx vertx, ChatModel model, String host, int port, Duration extraLatency) {
    return start(vertx, model, host, port, extraLatency, false);
  }

  /**
   * Starts a chat model server that may sample: with {@code sampling}, it answers as at a temperature above zero
   * ({@link ChatModel#sampledAnswer}), so the same prompt is worded differently from call to call.
   *
   * @throws IllegalArgumentException if {@code extraLatency} is negative
   */
  public static Future<ChatModelServer> start(
      Vertx vertx,
      ChatModel model,
      String host,
      int port,
      Duration extraLatency,
      boolean sampling) {
    if (extraLatency.isNegative()) {
      throw new IllegalArgumentException("extraLatency must not be negative: " + extraLatency);
    }
    ChatModelServer s = new ChatModelServer(vertx, model, extraLatency, sampling);
    return s.server.listen(port, host).map(ignored -> s);
  }

  public int port() {
    return server.actualPort();
  }

  public ChatModel model() {
    return model;
  }

  private void handle(HttpServerRequest req) {
    if (HttpMethod.GET.equals(req.method()) && req.path().equals("/health")) {
      req.response()
          .putHeader("Content-Type", "application/json")
          .end("{\"status\":\"up\",\"model\":\"" + model.id() + "\"}");
      return;
    }
    if (!HttpMethod.POST.equals(req.method()) || !req.path().equals(PATH)) {
      reply(
          req,
          404,
          error(
              "Unknown request URL: "
                  + req.method()
                  + " "
                  + req.path()
                  + ". Try POST "
                  + PATH
                  + ".",
              null,
              "unknown_url"));
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length != null && isLongerThan(length, MAX_BODY_BYTES)) {
      reply(
          req,
          413,
          error(
              "Request body must be at most " + MAX_BODY_BYTES + " bytes: " + length,
              null,
              "body_too_large"));
      return;
    }
    // collect the body ourselves so a chunked body, which has no Content-Length, is bounded too
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            refused[0] = true;
            reply(
                req,
                413,
                error(
                    "Request body must be at most " + MAX_BODY_BYTES + " bytes.",
                    null,
                    "body_too_large"));
            return;
          }
          body.appendBuffer(chunk);
        });
    req.endHandler(
        v -> {
          if (!refused[0]) {
            answer(req, body);
          }
        });
  }

  private static boolean isLongerThan(String contentLength, long max) {
    try {
      return Long.parseLong(contentLength.trim()) > max;
    } catch (NumberFormatException e) {
      return false; // Vert.x rejects a malformed Content-Length before we see it; nothing to bound
      // here
    }
  }

  private void answer(HttpServerRequest req, Buffer body) {
    Prompt prompt;
    try {
      prompt = parse(body);
    } catch (BadRequest e) {
      reply(req, 400, error(e.getMessage(), e.param, null));
      return;
    }
    String content =
        sampling
            ? model.sampledAnswer(prompt.text(), ThreadLocalRandom.current())
            : model.answer(prompt.text());
    int completionTokens = ChatModel.tokens(content);
    if (prompt.stream()) {
      stream(req, content, prompt, completionTokens);
      return;
    }
    String json = completion(content, prompt.tokens(), completionTokens).toString();
    long delayMillis = extraLatency.plus(model.generationTime(completionTokens)).toMillis();
    if (delayMillis <= 0) {
      reply(req, 200, json);
    } else {
      vertx.setTimer(delayMillis, id -> reply(req, 200, json));
    }
  }

  /**
   * Streams the answer as OpenAI does: a {@code chat.completion.chunk} announcing the role at once, then one chunk
   * per token (a word and the space before it, or a punctuation mark) from the model's first-token time on, one token
   * gap apart, then a chunk with {@code finish_reason}, the usage chunk when asked for, and {@code data: [DONE]}.
   * Timers only: each tick sends the tokens that are due, so sub-millisecond gaps keep their average rate.
   */
  private void stream(HttpServerRequest req, String content, Prompt prompt, int completionTokens) {
    HttpServerResponse resp =
        req.response()
            .setChunked(true)
            .putHeader("Content-Type", "text/event-stream")
            .putHeader("Cache-Control", "no-cache");
    String id = newId();
    long created = System.currentTimeMillis() / 1000;
    ObjectNode role = chunk(id, created);
    ObjectNode roleChoice = role.putArray("choices").addObject();
    roleChoice.put("index", 0);
    roleChoice.putObject("delta").put("role", "assistant").put("content", "");
    roleChoice.putNull("finish_reason");
    resp.write(event(role));
    List<String> pieces = ChatModel.pieces(content);
    long start = System.nanoTime();
    long first = extraLatency.plus(model.streamFirstToken()).toNanos();
    long gap = model.streamTokenGap().toNanos();
    int[] sent = {0};
    Runnable[] tick = {null};
    tick[0] =
        () -> {
          if (resp.closed()) {
            return;
          }
          long elapsed = System.nanoTime() - start;
          StringBuilder due = new StringBuilder();
          while (sent[0] < pieces.size() && first + sent[0] * gap <= elapsed) {
            ObjectNode c = chunk(id, created);
            ObjectNode choice = c.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("content", pieces.get(sent[0]));
            choice.putNull("finish_reason");
            due.append(event(c));
            sent[0]++;
          }
          if (sent[0] == pieces.size()) {
            ObjectNode end = chunk(id, created);
            ObjectNode choice = end.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta");
            choice.put("finish_reason", "stop");
            due.append(event(end));
            if (prompt.includeUsage()) {
              ObjectNode usage = chunk(id, created);
              usage.putArray("choices");
              usage.set("usage", usage(prompt.tokens(), completionTokens));
              due.append(event(usage));
            }
            resp.end(due.append("data: [DONE]\n\n").toString());
            return;
          }
          if (due.length() > 0) {
            resp.write(due.toString());
          }
          long next = first + sent[0] * gap - (System.nanoTime() - start);
          vertx.setTimer(Math.max(1, next / 1_000_000), t -> tick[0].run());
        };
    vertx.setTimer(Math.max(1, first / 1_000_000), t -> tick[0].run());
  }

  private ObjectNode chunk(String id, long created) {
    ObjectNode c = MAPPER.createObjectNode();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", created);
    c.put("model", model.id());
    c.put("system_fingerprint", systemFingerprint);
    return c;
  }

  private static String event(ObjectNode data) {
    return "data: " + data + "\n\n";
  }

  private static ObjectNode usage(int promptTokens, int completionTokens) {
    ObjectNode usage = MAPPER.createObjectNode();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return usage;
  }

  private ObjectNode completion(String content, int promptTokens, int completionTokens) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("id", newId());
    out.put("object", "chat.completion");
    out.put("created", System.currentTimeMillis() / 1000);
    out.put("model", model.id());
    out.put("system_fingerprint", systemFingerprint);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    out.set("usage", usage(promptTokens, completionTokens));
    return out;
  }

  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[24];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return "chatcmpl-" + new String(id);
  }

  /**
   * What the model is asked: the last user message, the token count of the whole conversation, whether the answer
   * is to be streamed, and whether the stream ends with a usage chunk ({@code stream_options.include_usage}).
   */
  private record Prompt(String text, int tokens, boolean stream, boolean includeUsage) {}

  private static Prompt parse(Buffer body) throws BadRequest {
    JsonNode root;
    try {
      root = MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new BadRequest(
          "We could not parse the JSON body of your request: " + firstLine(e), null);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest("The request body must be a JSON object.", null);
    }
    JsonNode model = root.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new BadRequest("You must provide a model parameter (a non-empty string).", "model");
    }
    JsonNode stream = root.get("stream");
    if (stream != null && !stream.isNull() && !stream.isBoolean()) {
      throw new BadRequest("'stream' must be true or false.", "stream");
    }
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new BadRequest(
          "'messages' must be a non-empty array of {role, content} objects.", "messages");
    }
    String lastUser = null;
    // OpenAI bills a few tokens of framing per message and per reply on top of the contents
    int tokens = 3;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String param = "messages[" + i + "]";
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw new BadRequest(param + " must be an object with a string 'role'.", param);
      }
      String content = content(m.get("content"), param);
      tokens += 4 + ChatModel.tokens(content);
      if (m.get("role").asText().equals("user")) {
        lastUser = content;
      }
    }
    if (lastUser == null) {
      throw new BadRequest(
          "'messages' must contain at least one message with role 'user'.", "messages");
    }
    return new Prompt(
        lastUser,
        tokens,
        root.path("stream").asBoolean(false),
        root.path("stream_options").path("include_usage").asBoolean(false));
  }

  // content is a string, or (newer clients) an array of parts of which the text ones count
  private static String content(JsonNode content, String param) throws BadRequest {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content != null && content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("type").asText().equals("text") && part.path("text").isTextual()) {
          text.append(text.length() == 0 ? "" : "\n").append(part.get("text").asText());
        }
      }
      return text.toString();
    }
    throw new BadRequest(
        param + ".content must be a string or an array of content parts.", param + ".content");
  }

  private static String firstLine(IOException e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  private static String error(String message, String param, String code) {
    ObjectNode out = MAPPER.createObjectNode();
    ObjectNode error = out.putObject("error");
    error.put("message", message);
    error.put("type", "invalid_request_error");
    error.put("param", param);
    error.put("code", code);
    return out.toString();
  }

  private static void reply(HttpServerRequest req, int status, String json) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }

  /**
   * The JSON body a client sends to ask a question, as a single user message.
   *
   * @param requestedModel what the client asks for, e.g. {@code "gpt-4o"}; the servers answer whatever they are
   */
  public static String requestBody(String requestedModel, String prompt) {
    return requestBody(requestedModel, prompt, false);
  }

  /**
   * The JSON body of a question; with {@code stream}, the answer is asked for as server-sent events ending in a
   * usage chunk ({@code "stream": true, "stream_options": {"include_usage": true}}).
   */
  public static String requestBody(String requestedModel, String prompt, boolean stream) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("model", requestedModel);
    if (stream) {
      n.put("stream", true);
      n.putObject("stream_options").put("include_usage", true);
    }
    ArrayNode messages = n.putArray("messages");
    ObjectNode m = messages.addObject();
    m.put("role", "user");
    m.put("content", prompt);
    return n.toString();
  }

  @Override
  public void close() {
    server.close();
  }

  private static final class BadRequest extends Exception {
    private final String param;

    BadRequest(String message, String param) {
      super(message, null, false, false);
      this.param = param;
    }
  }
}
