package dev.shadowpipeline.shadow.judge;

import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the pairwise judge is called.
 *
 * @param url the judge server, e.g. {@code https://api.openai.com} or {@code http://127.0.0.1:8000}; requests go to
 *     {@code {url}/v1/chat/completions} ({@code /v1} is not doubled, and a URL ending in {@code /chat/completions} is
 *     used as it is); without a query or fragment
 * @param model the judge model's name, sent with each request
 * @param apiKey bearer token, or {@code null}; never printed
 * @param prompt the template ({@link JudgePrompt}), with {@code {prompt}}, {@code {answer_a}} and {@code {answer_b}}
 * @param maxCalls most judge calls in one run (both orders of a pair are two calls), at least 0
 * @param concurrency judge calls in flight at most, at least 1
 * @param timeout the longest one call may take, positive
 * @param seed seed of the order in which the two answers are shown
 * @param bothOrders whether each pair is judged in both orders (two calls); a verdict that flips with the order is a tie
 * @param minSeverity the least severity of a text or semantic difference that sends a pair to the judge
 * @param maxTextChars the most characters of the request's prompt and of each answer sent to the judge (longer ones are
 *     cut and marked), at least 1
 * @param queueMax most pairs waiting for the judge, at least 1
 * @param queueMaxBytes most bytes of the pairs waiting for the judge (2 bytes a character), at least 1
 */
public record JudgeConfig(
    URI url,
    String model,
    String apiKey,
    String prompt,
    int maxCalls,
    int concurrency,
    Duration timeout,
    long seed,
    boolean bothOrders,
    Severity minSeverity,
    int maxTextChars,
    int queueMax,
    long queueMaxBytes) {

  /** Default most calls in one run. */
  public static final int DEFAULT_MAX_CALLS = 500;

  /** Default calls in flight. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** Default timeout of one call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** Default bound on the prompt and on each answer sent to the judge, in characters. */
  public static final int DEFAULT_MAX_TEXT_CHARS = 4_000;

  /** Default most pairs waiting for the judge. */
  public static final int DEFAULT_QUEUE_MAX = 1_000;

  /** Default most bytes of pairs waiting for the judge. */
  public static final long DEFAULT_QUEUE_MAX_BYTES = 16L * 1024 * 1024;

  public JudgeConfig {
    Objects.requireNonNull(url, "judge url");
    String scheme = url.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "judge url must be an http(s) URL with a host: " + UrlSecrets.maskAll(url.toString()));
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      // the path is appended to the URL (endpoint()), so a query would end up before it; and a
      // query is where a key would be, which goes in the key setting, sent as a bearer token
      throw new IllegalArgumentException(
          "judge url must not have a query or fragment (give the API key as the judge's key): "
              + UrlSecrets.maskAll(url.toString()));
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("judge model must be named: '" + model + "'");
    }
    JudgePrompt.check(prompt);
    if (maxCalls < 0) {
      throw new IllegalArgumentException("judge max-calls must not be negative: " + maxCalls);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("judge concurrency must be at least 1: " + concurrency);
    }
    Objects.requireNonNull(timeout, "judge timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("judge timeout must be positive: " + timeout);
    }
    Objects.requireNonNull(minSeverity, "judge min-severity");
    if (maxTextChars < 1) {
      throw new IllegalArgumentException("judge max text must be at least 1: " + maxTextChars);
    }
    if (queueMax < 1 || queueMaxBytes < 1) {
      throw new IllegalArgumentException(
          "judge queue bounds must be at least 1: " + queueMax + ", " + queueMaxBytes);
    }
  }

  /** The defaults around a judge server, a model and a key: the default prompt, 500 calls, 4 at once, 30 s each. */
  public static JudgeConfig of(URI url, String model, String apiKey) {
    return new JudgeConfig(
        url,
        model,
        apiKey,
        JudgePrompt.DEFAULT,
        DEFAULT_MAX_CALLS,
        DEFAULT_CONCURRENCY,
        DEFAULT_TIMEOUT,
        0,
        false,
        Severity.WARNING,
        DEFAULT_MAX_TEXT_CHARS,
        DEFAULT_QUEUE_MAX,
        DEFAULT_QUEUE_MAX_BYTES);
  }

  /** This config with another budget of calls. */
  public JudgeConfig withMaxCalls(int n) {
    return new JudgeConfig(
        url,
        model,
        apiKey,
        prompt,
        n,
        concurrency,
        timeout,
        seed,
        bothOrders,
        minSeverity,
        maxTextChars,
        queueMax,
        queueMaxBytes);
  }

  /** This config with other calls in flight, timeout, seed and orders. */
  public JudgeConfig withCalls(
      int newConcurrency, Duration newTimeout, long newSeed, boolean both) {
    return new JudgeConfig(
        url,
        model,
        apiKey,
        prompt,
        maxCalls,
        newConcurrency,
        newTimeout,
        newSeed,
        both,
        minSeverity,
        maxTextChars,
        queueMax,
        queueMaxBytes);
  }

  /** This config with other bounds on the queue and on the texts. */
  public JudgeConfig withBounds(int newQueueMax, long newQueueMaxBytes, int newMaxTextChars) {
    return new JudgeConfig(
        url,
        model,
        apiKey,
        prompt,
        maxCalls,
        concurrency,
        timeout,
        seed,
        bothOrders,
        minSeverity,
        newMaxTextChars,
        newQueueMax,
        newQueueMaxBytes);
  }

  /** The endpoint requests go to. */
  public URI endpoint() {
    String base = url.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/chat/completions")) {
      return URI.create(base);
    }
    return URI.create(
        base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
  }

  @Override
  public String toString() { // the key stays out of logs and messages
    return "JudgeConfig[url="
        + UrlSecrets.maskAll(url.toString())
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", maxCalls="
        + maxCalls
        + ", concurrency="
        + concurrency
        + ", timeout="
        + timeout
        + ", seed="
        + seed
        + ", bothOrders="
        + bothOrders
        + ", minSeverity="
        + minSeverity.label()
        + "]";
  }
}
