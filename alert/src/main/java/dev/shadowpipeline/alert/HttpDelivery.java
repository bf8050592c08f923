package dev.shadowpipeline.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs one payload to one channel with timeouts and retries; never throws, always ends in a result. */
final class HttpDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
  private static final int MAX_RESPONSE_BYTES = 8 * 1024;
  private static final int REASON_BODY_CHARS = 200;

  private final HttpClient client;
  private final DeliveryPolicy policy;
  private final Supplier<Long> nowMillis;

  HttpDelivery(HttpClient client, DeliveryPolicy policy) {
    this.client = client;
    this.policy = policy;
    this.nowMillis = System::currentTimeMillis;
  }

  CompletableFuture<DeliveryResult> deliver(Channel channel, AlertEvent event, String payload) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(channel.url().value()))
              .timeout(policy.requestTimeout())
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "shadow-pipeline-alerts")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          fail(
              channel,
              payload,
              0,
              0,
              "channel URL is not a valid http(s) URL: " + channel.url().masked()));
    }
    if (channel instanceof WebhookChannel webhook) {
      request.header("X-Shadow-Event", event.kind());
      String signature = webhook.signature(body);
      if (signature != null) {
        request.header(webhook.signatureHeader(), signature);
      }
    }
    return attempt(channel, request.build(), payload, 1);
  }

  // handle(...) yields the next step as a future on either outcome, flattened at once by
  // thenCompose(next -> next):
  // the JDK's idiom for composing on success and failure alike, so the nested future is never left
  // unobserved
  @SuppressWarnings("FutureReturnValueIgnored")
  private CompletableFuture<DeliveryResult> attempt(
      Channel channel, HttpRequest request, String payload, int attempt) {
    return client
        .sendAsync(request, info -> limitedBody())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                String reason =
                    cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                return retryOrFail(channel, request, payload, attempt, 0, reason, Optional.empty());
              }
              int status = response.statusCode();
              if (status >= 200 && status < 300) {
                LOG.info(
                    "alert delivered to {} (HTTP {}, attempt {})", channel.name(), status, attempt);
                return CompletableFuture.completedFuture(
                    new DeliveryResult(
                        channel.name(),
                        DeliveryResult.Outcome.DELIVERED,
                        attempt,
                        status,
                        "",
                        payload));
              }
              String reason = "HTTP " + status + bodyExcerpt(response.body());
              if (status == 429 || status >= 500) {
                return retryOrFail(
                    channel, request, payload, attempt, status, reason, retryAfter(response));
              }
              return CompletableFuture.completedFuture(
                  fail(channel, payload, attempt, status, reason));
            })
        .thenCompose(next -> next);
  }

  private CompletableFuture<DeliveryResult> retryOrFail(
      Channel channel,
      HttpRequest request,
      String payload,
      int attempt,
      int status,
      String reason,
      Optional<Duration> serverWait) {
    if (serverWait.isPresent() && serverWait.get().compareTo(policy.maxRetryAfter()) > 0) {
      return CompletableFuture.completedFuture(
          fail(
              channel,
              payload,
              attempt,
              status,
              reason
                  + "; asked to wait "
                  + serverWait.get().toMillis()
                  + " ms, longer than the "
                  + policy.maxRetryAfter().toMillis()
                  + " ms allowed"));
    }
    if (attempt >= policy.maxAttempts()) {
      return CompletableFuture.completedFuture(
          fail(
              channel,
              payload,
              attempt,
              status,
              "gave up after " + attempt + " attempt(s): " + reason));
    }
    Duration wait = serverWait.orElse(policy.backoffAfter(attempt));
    LOG.info(
        "alert to {} failed ({}), retrying in {} ms",
        channel.name(),
        channel.url().scrub(reason),
        wait.toMillis());
    return CompletableFuture.supplyAsync(
            () -> null, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> attempt(channel, request, payload, attempt + 1));
  }

  private DeliveryResult fail(
      Channel channel, String payload, int attempts, int status, String reason) {
    String safe = channel.url().scrub(reason);
    LOG.warn("alert to {} ({}) failed: {}", channel.name(), channel.url().masked(), safe);
    return new DeliveryResult(
        channel.name(), DeliveryResult.Outcome.FAILED, attempts, status, safe, payload);
  }

  /**
   * The wait a 429/503 asks for: Discord's JSON {@code retry_after} (seconds, fractional) when present since it is
   * more precise, else the {@code Retry-After} header as seconds or an HTTP date (RFC 9110, section 10.2.3).
   */
  private Optional<Duration> retryAfter(HttpResponse<String> response) {
    String body = response.body();
    if (body != null && body.contains("retry_after")) {
      try {
        JsonNode retry = AlertJson.MAPPER.readTree(body).path("retry_after");
        if (retry.isNumber() && retry.asDouble() >= 0) {
          return Optional.of(Duration.ofMillis((long) Math.ceil(retry.asDouble() * 1000)));
        }
      } catch (Exception notJson) {
        // fall back to the header
      }
    }
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    try {
      double seconds = Double.parseDouble(value);
      if (seconds >= 0) {
        return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
      }
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Optional.of(Duration.ofMillis(Math.max(0, at - nowMillis.get())));
      } catch (DateTimeParseException notADate) {
        LOG.debug("ignoring unreadable Retry-After: {}", value);
      }
    }
    return Optional.empty();
  }

  private static String bodyExcerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + Cut.to(body.strip().replaceAll("\\s+", " "), REASON_BODY_CHARS);
  }

  /** Keeps at most 8 KiB of an answer: we only need an error excerpt or a retry_after. */
  private static HttpResponse.BodySubscriber<String> limitedBody() {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    return BodySubscribers.mapping(
        BodySubscribers.ofByteArrayConsumer(
            chunk ->
                chunk.ifPresent(
                    bytes -> {
                      int room = MAX_RESPONSE_BYTES - kept.size();
                      if (room > 0) {
                        kept.write(bytes, 0, Math.min(room, bytes.length));
                      }
                    })),
        ignored -> kept.toString(StandardCharsets.UTF_8));
  }
}
