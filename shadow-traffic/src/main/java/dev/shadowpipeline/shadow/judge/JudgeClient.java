package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One chat-completion call to the judge: {@code POST {url}/v1/chat/completions} with the filled prompt as the user
 * message and temperature 0, read as {@code choices[0].message.content}. Never fails: every outcome is a
 * {@link CallResult}. Call it on the judge's Vert.x context; the answer is read up to {@value #MAX_ANSWER_BYTES}
 * bytes (a longer one is garbage). The key goes in the {@code Authorization} header and nowhere else, and is masked in
 * the reason read back ({@link KeyMask}); failures name a status or an exception class, never the answer's body.
 */
final class JudgeClient {

  /** The most bytes of a judge's answer read. */
  static final int MAX_ANSWER_BYTES = 256 * 1024;

  /**
   * What one call gave.
   *
   * @param verdict the verdict read, or {@code null}
   * @param error why there is none, or {@code null}
   * @param nanos how long the call took
   */
  record CallResult(VerdictParser.Parsed verdict, JudgeError error, long nanos) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JudgeConfig config;
  private final HttpClient http;
  private final LongSupplier nanoTime;
  private final String endpoint;
  private final KeyMask keyMask;

  JudgeClient(JudgeConfig config, HttpClient http, LongSupplier nanoTime) {
    this.config = config;
    this.http = http;
    this.nanoTime = nanoTime;
    this.endpoint = config.endpoint().toString();
    this.keyMask = new KeyMask(config.apiKey());
  }

  /** Asks the judge about one filled prompt. */
  Future<CallResult> ask(String content) {
    long start = nanoTime.getAsLong();
    try {
      return send(content, start);
    } catch (RuntimeException e) {
      // a request the client cannot even make (a header value it refuses): this call's error.
      // Thrown on the judge's loop, it left the call counted in flight, and closing the judge
      // waited its whole deadline; its message, which may hold the key, is not kept
      return Future.succeededFuture(result(null, JudgeError.TRANSPORT, start));
    }
  }

  private Future<CallResult> send(String content, long start) {
    long timeoutMillis = Math.max(1, config.timeout().toMillis());
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", config.model());
    body.put("temperature", 0);
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", content);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(endpoint)
            .setConnectTimeout(timeoutMillis)
            .setIdleTimeout(timeoutMillis)
            .putHeader("content-type", "application/json")
            .putHeader("accept", "application/json");
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      options.putHeader("authorization", "Bearer " + config.apiKey());
    }
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    Future<CallResult> call =
        http.request(options)
            .compose(
                request -> {
                  sent.set(request);
                  return request.send(Buffer.buffer(body.toString()));
                })
            .compose(
                response -> {
                  Promise<CallResult> read = Promise.promise();
                  Buffer got = Buffer.buffer();
                  boolean[] tooLong = {false};
                  response.handler(
                      chunk -> {
                        if (got.length() + chunk.length() > MAX_ANSWER_BYTES) {
                          tooLong[0] = true;
                        } else if (!tooLong[0]) {
                          got.appendBuffer(chunk);
                        }
                      });
                  response.exceptionHandler(read::tryFail);
                  response.endHandler(
                      v ->
                          read.tryComplete(
                              tooLong[0]
                                  ? result(null, JudgeError.GARBAGE, start)
                                  : read(response.statusCode(), got, start)));
                  return read.future();
                });
    return call.timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .otherwise(
            error -> {
              HttpClientRequest request = sent.get();
              if (request != null) {
                request.reset(); // a timed-out call gives its connection back
              }
              return result(
                  null,
                  error instanceof TimeoutException ? JudgeError.TIMEOUT : JudgeError.TRANSPORT,
                  start);
            });
  }

  private CallResult read(int status, Buffer body, long start) {
    if (status / 100 != 2) {
      return result(null, JudgeError.HTTP_ERROR, start);
    }
    String content;
    try {
      JsonNode answer = MAPPER.readTree(body.getBytes());
      JsonNode c =
          answer == null ? null : answer.path("choices").path(0).path("message").path("content");
      if (c == null || !c.isTextual()) {
        return result(null, JudgeError.GARBAGE, start);
      }
      content = c.textValue();
    } catch (IOException e) {
      return result(null, JudgeError.GARBAGE, start);
    }
    VerdictParser.Parsed verdict = VerdictParser.parse(content);
    return verdict == null
        ? result(null, JudgeError.GARBAGE, start)
        : result(
            new VerdictParser.Parsed(verdict.letter(), keyMask.apply(verdict.reason())),
            null,
            start);
  }

  private CallResult result(VerdictParser.Parsed verdict, JudgeError error, long start) {
    return new CallResult(verdict, error, nanoTime.getAsLong() - start);
  }
}
