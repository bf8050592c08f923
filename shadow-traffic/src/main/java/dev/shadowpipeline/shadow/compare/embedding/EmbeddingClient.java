package dev.shadowpipeline.shadow.compare.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client of an OpenAI-compatible embeddings endpoint: {@code POST {base}/v1/embeddings} with
 * {@code {"model": ..., "input": [texts]}}, answered by {@code {"data": [{"index": i, "embedding": [numbers]}, ...]}}.
 *
 * <ul>
 *   <li><b>Bounded concurrency.</b> At most {@code maxConcurrent} requests are in flight. When all permits are taken,
 *       a call that needs the network is <em>skipped</em> at once and counted — never queued.
 *   <li><b>Cache.</b> Each text's embedding is kept in an LRU cache of {@code cacheSize} entries (keyed by a SHA-256 of
 *       the text, so long texts cost 32 bytes of key); only the texts not in it are sent, each distinct text once.
 *       Failures are not cached.
 *   <li><b>Timeout.</b> Each request has {@code timeout} for the whole exchange; on expiry it is cancelled, its permit
 *       returned, and the call fails.
 *   <li><b>Secrets.</b> The API key is sent as {@code Authorization: Bearer ...} and appears in no message, log line
 *       or {@code toString}. Failure messages name the HTTP status, never the response body (which may echo the
 *       request).
 * </ul>
 * Errors never escape as exceptions: {@link #embed} always completes normally with a {@link Result}. Thread-safe.
 */
public final class EmbeddingClient {

  /** Default timeout of one request. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Default number of requests in flight at once. */
  public static final int DEFAULT_MAX_CONCURRENT = 4;

  /** Default number of cached embeddings. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /**
   * Configuration.
   *
   * @param baseUri the server, e.g. {@code https://api.openai.com} or {@code http://127.0.0.1:8000}; requests go to
   *     {@code {base}/v1/embeddings} ({@code /v1} is not doubled when the base already ends with it); without a query or fragment
   * @param apiKey bearer token, or {@code null} for none; never printed
   * @param model the embedding model name sent with each request
   * @param timeout the longest one request may take, positive
   * @param maxConcurrent requests in flight at most, at least 1
   * @param cacheSize embeddings kept, 0 for no cache
   */
  public record Config(
      URI baseUri,
      String apiKey,
      String model,
      Duration timeout,
      int maxConcurrent,
      int cacheSize) {

    public Config {
      Objects.requireNonNull(baseUri, "embedding base URI");
      String scheme = baseUri.getScheme();
      if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          || baseUri.getHost() == null) {
        throw new IllegalArgumentException(
            "embedding base URI must be an http(s) URL with a host: "
                + UrlSecrets.maskAll(baseUri.toString()));
      }
      if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
        // the path is appended (endpoint()), so a query would end up before it; a key goes in
        // apiKey
        throw new IllegalArgumentException(
            "embedding base URI must not have a query or fragment (give the API key as the key): "
                + UrlSecrets.maskAll(baseUri.toString()));
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("embedding model must be named: '" + model + "'");
      }
      Objects.requireNonNull(timeout, "embedding timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("embedding timeout must be positive: " + timeout);
      }
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException(
            "embedding maxConcurrent must be at least 1: " + maxConcurrent);
      }
      if (cacheSize < 0) {
        throw new IllegalArgumentException(
            "embedding cacheSize must not be negative: " + cacheSize);
      }
    }

    /** Defaults: 10 s timeout, 4 in flight, 10,000 cached. */
    public static Config of(URI baseUri, String apiKey, String model) {
      return new Config(
          baseUri, apiKey, model, DEFAULT_TIMEOUT, DEFAULT_MAX_CONCURRENT, DEFAULT_CACHE_SIZE);
    }

    /** This config with another timeout. */
    public Config withTimeout(Duration newTimeout) {
      return new Config(baseUri, apiKey, model, newTimeout, maxConcurrent, cacheSize);
    }

    /** This config with another bound on requests in flight. */
    public Config withMaxConcurrent(int n) {
      return new Config(baseUri, apiKey, model, timeout, n, cacheSize);
    }

    /** This config with another cache size. */
    public Config withCacheSize(int n) {
      return new Config(baseUri, apiKey, model, timeout, maxConcurrent, n);
    }

    /** The endpoint requests go to. */
    public URI endpoint() {
      String base = baseUri.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return URI.create(base.endsWith("/v1") ? base + "/embeddings" : base + "/v1/embeddings");
    }

    @Override
    public String toString() { // the key stays out of logs and messages
      return "EmbeddingClient.Config[baseUri="
          + UrlSecrets.maskAll(baseUri.toString())
          + ", apiKey="
          + (apiKey == null ? "none" : "***")
          + ", model="
          + model
          + ", timeout="
          + timeout
          + ", maxConcurrent="
          + maxConcurrent
          + ", cacheSize="
          + cacheSize
          + "]";
    }
  }

  /** The outcome of one {@link #embed} call. */
  public sealed interface Result permits Embedded, Skipped, Failed {}

  /**
   * The embeddings, one per input text, in input order.
   *
   * @param vectors the vectors (shared with the cache: do not modify)
   */
  public record Embedded(List<float[]> vectors) implements Result {
    public Embedded {
      vectors = List.copyOf(vectors);
    }
  }

  /** Not attempted: every permit was taken. */
  public record Skipped(String reason) implements Result {}

  /** Attempted and failed: timeout, transport error, a non-2xx status or an unreadable answer. */
  public record Failed(String reason) implements Result {}

  /**
   * Counters since the client was made.
   *
   * @param calls calls of {@link #embed}
   * @param cacheHits texts found in the cache
   * @param cacheMisses texts not found in the cache
   * @param requests HTTP requests sent
   * @param skipped calls skipped because every permit was taken
   * @param failures calls that failed
   */
  public record Stats(
      long calls, long cacheHits, long cacheMisses, long requests, long skipped, long failures) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Config config;
  private final URI endpoint;
  private final HttpClient http;
  private final Semaphore permits;
  private final Map<String, float[]> cache;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** A client with its own JDK {@link HttpClient}. */
  public EmbeddingClient(Config config) {
    this(
        config,
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** A client sending through {@code http} (e.g. one with a custom SSL context). */
  public EmbeddingClient(Config config, HttpClient http) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
    this.endpoint = config.endpoint();
    this.permits = new Semaphore(config.maxConcurrent());
    int size = config.cacheSize();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > size;
          }
        };
  }

  public Config config() {
    return config;
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    return new Stats(
        calls.get(), hits.get(), misses.get(), requests.get(), skipped.get(), failures.get());
  }

  /** How many requests may start now. */
  public int availablePermits() {
    return permits.availablePermits();
  }

  /**
   * Embeds the texts: from the cache when it can, else with one request for the texts it lacks. Never blocks the
   * caller and never throws: the future completes with {@link Embedded}, {@link Skipped} or {@link Failed}.
   */
  public CompletableFuture<Result> embed(List<String> texts) {
    calls.incrementAndGet();
    float[][] vectors = new float[texts.size()][];
    Map<String, List<Integer>> missing =
        new LinkedHashMap<>(); // distinct missing text -> its positions
    for (int i = 0; i < texts.size(); i++) {
      String text = Objects.requireNonNull(texts.get(i), "text");
      float[] cached = cached(key(text));
      if (cached != null) {
        hits.incrementAndGet();
        vectors[i] = cached;
      } else {
        misses.incrementAndGet();
        missing.computeIfAbsent(text, t -> new ArrayList<>()).add(i);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(new Embedded(Arrays.asList(vectors)));
    }
    if (!permits.tryAcquire()) {
      skipped.incrementAndGet();
      return CompletableFuture.completedFuture(
          new Skipped("all " + config.maxConcurrent() + " embedding requests in flight"));
    }
    List<String> inputs = new ArrayList<>(missing.keySet());
    CompletableFuture<HttpResponse<byte[]>> call;
    try {
      requests.incrementAndGet();
      call = http.sendAsync(request(inputs), HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      permits.release();
      failures.incrementAndGet();
      return CompletableFuture.completedFuture(
          new Failed("could not send: " + e.getClass().getSimpleName()));
    }
    return call.thenApply(response -> read(response, inputs))
        .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (got, error) -> {
              permits.release();
              call.cancel(true); // a no-op unless the timeout fired first
              Result result = error != null ? new Failed(describe(error)) : got;
              if (!(result instanceof Embedded e)) {
                failures.incrementAndGet();
                return result;
              }
              for (int j = 0; j < inputs.size(); j++) {
                float[] v = e.vectors().get(j);
                remember(key(inputs.get(j)), v);
                for (int i : missing.get(inputs.get(j))) {
                  vectors[i] = v;
                }
              }
              return new Embedded(Arrays.asList(vectors));
            });
  }

  private HttpRequest request(List<String> inputs) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", config.model());
    ArrayNode input = body.putArray("input");
    inputs.forEach(input::add);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(config.timeout())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body.toString().getBytes(StandardCharsets.UTF_8)));
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      b.header("Authorization", "Bearer " + config.apiKey());
    }
    return b.build();
  }

  /** Reads the vectors in input order; {@link Failed} when the answer is not what the protocol says. */
  private static Result read(HttpResponse<byte[]> response, List<String> inputs) {
    if (response.statusCode() / 100 != 2) {
      return new Failed("HTTP " + response.statusCode() + " from the embeddings endpoint");
    }
    JsonNode data;
    try {
      data = MAPPER.readTree(response.body()).path("data");
    } catch (IOException e) {
      return new Failed("the embeddings answer is not JSON");
    }
    if (!data.isArray() || data.size() != inputs.size()) {
      return new Failed(
          "the embeddings answer has "
              + (data.isArray() ? data.size() : 0)
              + " embeddings for "
              + inputs.size()
              + " inputs");
    }
    float[][] out = new float[inputs.size()][];
    int dimensions = -1;
    for (int j = 0; j < data.size(); j++) {
      JsonNode item = data.get(j);
      int index =
          item.path("index").canConvertToInt() && item.has("index")
              ? item.get("index").intValue()
              : j;
      JsonNode embedding = item.path("embedding");
      if (index < 0
          || index >= out.length
          || out[index] != null
          || !embedding.isArray()
          || embedding.isEmpty()) {
        return new Failed("the embeddings answer has a bad item at data[" + j + "]");
      }
      if (dimensions >= 0 && embedding.size() != dimensions) {
        return new Failed(
            "the embeddings answer mixes dimensions " + dimensions + " and " + embedding.size());
      }
      dimensions = embedding.size();
      float[] v = new float[dimensions];
      for (int d = 0; d < dimensions; d++) {
        JsonNode x = embedding.get(d);
        if (!x.isNumber() || !Double.isFinite(x.doubleValue())) {
          return new Failed(
              "the embeddings answer has a non-number at data[" + j + "].embedding[" + d + "]");
        }
        v[d] = x.floatValue();
      }
      out[index] = v;
    }
    return new Embedded(Arrays.asList(out));
  }

  private static String describe(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof TimeoutException || e instanceof HttpTimeoutException) {
      return "timeout";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private float[] cached(String key) {
    if (config.cacheSize() == 0) {
      return null;
    }
    synchronized (cache) {
      return cache.get(key);
    }
  }

  private void remember(String key, float[] vector) {
    if (config.cacheSize() == 0) {
      return;
    }
    synchronized (cache) {
      cache.put(key, vector);
    }
  }

  private String key(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(config.model().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return new String(
          sha.digest(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Cosine similarity {@code Σ a_i b_i / sqrt(Σ a_i² · Σ b_i²)}, in [-1, 1]; {@code NaN} when the dimensions differ or
   * a vector is all zeros.
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length || a.length == 0) {
      return Double.NaN;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return Double.NaN;
    }
    return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(na * nb)));
  }
}
