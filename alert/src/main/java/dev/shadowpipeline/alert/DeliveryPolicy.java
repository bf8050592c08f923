package dev.shadowpipeline.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retries for sending one message. Rate limits (429) and server errors (5xx) and transport failures
 * are retried, waiting {@code Retry-After} (or Discord's JSON {@code retry_after}) when given, else an exponential
 * backoff; other 4xx answers fail at once since repeating the same body cannot help.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time allowed for one request to answer
 * @param maxAttempts attempts in total, at least 1
 * @param initialBackoff wait after the first failure; doubles after each further one
 * @param maxBackoff longest backoff wait
 * @param maxRetryAfter longest server-requested wait we honour; longer ones fail the delivery
 */
public record DeliveryPolicy(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter) {

  public DeliveryPolicy {
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    positive("maxRetryAfter", maxRetryAfter);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /** 5 s connect, 10 s request, 4 attempts, backoff 1 s doubling to 30 s, Retry-After honoured up to 60 s. */
  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        4,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  public DeliveryPolicy withMaxAttempts(int attempts) {
    return new DeliveryPolicy(
        connectTimeout, requestTimeout, attempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  public DeliveryPolicy withBackoff(Duration initial, Duration max) {
    return new DeliveryPolicy(
        connectTimeout, requestTimeout, maxAttempts, initial, max, maxRetryAfter);
  }

  public DeliveryPolicy withRequestTimeout(Duration timeout) {
    return new DeliveryPolicy(
        connectTimeout, timeout, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  public DeliveryPolicy withMaxRetryAfter(Duration max) {
    return new DeliveryPolicy(
        connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, max);
  }

  /** The backoff before attempt {@code attempt + 1}, after {@code attempt} failures. */
  Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
