package dev.shadowpipeline.shadow.compare.semantic;

import dev.shadowpipeline.shadow.compare.embedding.EmbeddingClient;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cosine similarity of two texts under a local sentence-embedding model, computed on a thread of its own.
 *
 * <ul>
 *   <li><b>Bounded.</b> Pairs wait in a queue bounded in pairs ({@code queuePairs}) and in bytes ({@code queueBytes},
 *       two bytes per character of both texts); a pair that does not fit is not queued: its similarity is
 *       {@link Reason#QUEUE_FULL} / {@link Reason#QUEUE_BYTES} at once, counted. Texts are cut to {@code maxChars}
 *       characters before they are queued (the model reads at most {@link TextEncoder#maxTokens()} word pieces of
 *       them anyway).
 *   <li><b>Batched, newest first.</b> The worker takes the pairs waiting, newest first, up to {@code batchTexts}
 *       distinct texts (at least one pair's), and embeds them in model calls of at most {@code batchTexts} texts
 *       each. Newest first because a model that is behind would otherwise spend its time on the oldest pairs, those
 *       about to time out while they are embedded; the newest have all of {@code maxWait} ahead of them.
 *   <li><b>Cached.</b> Each text's vector is kept in an LRU cache of {@code cacheEntries} entries keyed by the SHA-256
 *       of model and text (an entry holds the vector, 4 bytes per dimension, and a 32-byte key: 10,000 entries of a
 *       384-dimension model are about 16 MB); a pair whose texts are both cached is answered on the calling thread.
 *   <li><b>Never waits long.</b> {@link #ask} never waits: its answer completes within {@code maxWait}, else as
 *       {@link Reason#TIMEOUT}, counted (a pair the worker had taken still lands in the cache; one still queued
 *       leaves the queue at once, counted as skipped). {@link #similarity} waits for that answer on the calling thread. {@link #submit} never waits.
 *   <li><b>Never made up.</b> The model loads on the worker when the engine starts; when it cannot load, that is
 *       logged once and every later pair is {@link Reason#MODEL_UNAVAILABLE}, counted, while the rest of the proxy
 *       goes on. A model call that fails marks its pairs {@link Reason#FAILED}.
 * </ul>
 * Thread-safe.
 */
public final class SemanticEngine implements MeterBinder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SemanticEngine.class);
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long JOB_OVERHEAD_BYTES = 96;

  /** The model used when none is named: all-MiniLM-L6-v2, 8-bit quantized. */
  public static final String DEFAULT_MODEL = "all-minilm-l6-v2-q";

  /**
   * Configuration.
   *
   * @param model the model's name, found through {@link TextEncoder.Provider}
   * @param queuePairs pairs waiting at most, at least 1
   * @param queueBytes bytes of waiting texts at most (2 per character), at least 1
   * @param batchTexts distinct texts per model call at most, at least 1
   * @param cacheEntries vectors cached, 0 for none
   * @param maxWait the longest a pair waits for its similarity ({@link #ask} completes it as {@link Reason#TIMEOUT} then), positive
   * @param threads threads the model may use for one batch, at least 1
   * @param maxChars characters of each text kept, at least 1
   */
  public record Settings(
      String model,
      int queuePairs,
      long queueBytes,
      int batchTexts,
      int cacheEntries,
      Duration maxWait,
      int threads,
      int maxChars) {

    /** Default pairs waiting. */
    public static final int DEFAULT_QUEUE_PAIRS = 256;

    /** Default bytes of waiting texts: 8 MiB. */
    public static final long DEFAULT_QUEUE_BYTES = 8L << 20;

    /**
     * Default texts per model call: one. The quantized model quantizes each call's activations with one scale for the
     * whole batch, so a text's vector would depend on the texts it shares a call with (cosines moved by up to 0.013
     * in bench/results/semantic.md); batching bought nothing on answer-length texts there either. Raise it for short
     * texts or with the full-precision model, whose vectors do not depend on the batch.
     */
    public static final int DEFAULT_BATCH_TEXTS = 1;

    /** Default vectors cached. */
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;

    /** Default longest wait of a pair for its similarity. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    /** Default characters kept of each text: ample for 256 word pieces, which are rarely longer than 16. */
    public static final int DEFAULT_MAX_CHARS = 4096;

    public Settings {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("semantic model must be named: '" + model + "'");
      }
      if (queuePairs < 1) {
        throw new IllegalArgumentException("semantic queue must be at least 1 pair: " + queuePairs);
      }
      if (queueBytes < 1) {
        throw new IllegalArgumentException(
            "semantic queue-bytes must be at least 1: " + queueBytes);
      }
      if (batchTexts < 1) {
        throw new IllegalArgumentException("semantic batch must be at least 1 text: " + batchTexts);
      }
      if (cacheEntries < 0) {
        throw new IllegalArgumentException("semantic cache must not be negative: " + cacheEntries);
      }
      Objects.requireNonNull(maxWait, "semantic max-wait");
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("semantic max-wait must be positive: " + maxWait);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("semantic threads must be at least 1: " + threads);
      }
      if (maxChars < 1) {
        throw new IllegalArgumentException("semantic max-chars must be at least 1: " + maxChars);
      }
    }

    /** The defaults: the quantized all-MiniLM-L6-v2, 256 pairs / 8 MiB queued, 1 text per model call, 1 thread. */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_MODEL,
          DEFAULT_QUEUE_PAIRS,
          DEFAULT_QUEUE_BYTES,
          DEFAULT_BATCH_TEXTS,
          DEFAULT_CACHE_ENTRIES,
          DEFAULT_WAIT,
          1,
          DEFAULT_MAX_CHARS);
    }

    /** These settings with another queue bound. */
    public Settings withQueue(int pairs, long bytes) {
      return new Settings(
          model, pairs, bytes, batchTexts, cacheEntries, maxWait, threads, maxChars);
    }

    /** These settings with another batch size. */
    public Settings withBatchTexts(int n) {
      return new Settings(
          model, queuePairs, queueBytes, n, cacheEntries, maxWait, threads, maxChars);
    }

    /** These settings with another cache size. */
    public Settings withCacheEntries(int n) {
      return new Settings(model, queuePairs, queueBytes, batchTexts, n, maxWait, threads, maxChars);
    }

    /** These settings with another wait. */
    public Settings withMaxWait(Duration d) {
      return new Settings(
          model, queuePairs, queueBytes, batchTexts, cacheEntries, d, threads, maxChars);
    }

    /** These settings with another model. */
    public Settings withModel(String name) {
      return new Settings(
          name, queuePairs, queueBytes, batchTexts, cacheEntries, maxWait, threads, maxChars);
    }

    /** These settings with another thread count. */
    public Settings withThreads(int n) {
      return new Settings(
          model, queuePairs, queueBytes, batchTexts, cacheEntries, maxWait, n, maxChars);
    }
  }

  /** Why a pair has no similarity. */
  public enum Reason {
    /** The queue held its most pairs. */
    QUEUE_FULL,
    /** The queue held its most bytes. */
    QUEUE_BYTES,
    /** The pair waited longer than {@code maxWait}. */
    TIMEOUT,
    /** The model could not be loaded. */
    MODEL_UNAVAILABLE,
    /** The model call failed, or the engine was closed. */
    FAILED,
    /** The caller stopped waiting before the model got to the pair (the records were closed). */
    SHUTDOWN;

    /** The snake_case name used in records and metrics, e.g. {@code queue_full}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The similarity of a pair, or why there is none. */
  public sealed interface Outcome permits Similarity, Unavailable {}

  /** The cosine of the two texts' embeddings, in [-1, 1]. */
  public record Similarity(double cosine) implements Outcome {}

  /** No similarity, and why. */
  public record Unavailable(Reason reason, String detail) implements Outcome {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Counters since the engine started.
   *
   * @param outcomes pairs asked through {@link #similarity} and {@link #ask}, by outcome: {@code measured} and each {@link Reason}
   * @param cacheHits texts found in the cache
   * @param textsEncoded texts the model embedded
   * @param batches model calls
   * @param queuedPairs pairs waiting now
   * @param model the model's name
   * @param state {@code loading}, {@code ready} or {@code unavailable}
   * @param problem why the model is unavailable, or {@code null}
   * @param loadMillis how long loading took, {@code NaN} until it finished
   * @param skippedPairs queued pairs that left the queue unembedded because nobody waited for them any more (timed
   *     out or given up before the model got to them)
   */
  public record Stats(
      Map<String, Long> outcomes,
      long cacheHits,
      long textsEncoded,
      long batches,
      int queuedPairs,
      String model,
      String state,
      String problem,
      double loadMillis,
      long skippedPairs) {
    public Stats {
      outcomes = Map.copyOf(outcomes);
    }
  }

  private record Job(
      String primary, String shadow, long bytes, CompletableFuture<Outcome> result) {}

  private enum State {
    LOADING,
    READY,
    UNAVAILABLE
  }

  private final Settings settings;
  private final Callable<TextEncoder> loader;
  private final BlockingDeque<Job> queue;
  private final ByteBudget queueBytes;
  private final Map<String, float[]> cache;
  private final Thread worker;
  private final AtomicLong measured = new AtomicLong();
  private final Map<Reason, AtomicLong> unavailable = new EnumMap<>(Reason.class);
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong textsEncoded = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile State state = State.LOADING;
  private volatile String problem;
  private volatile double loadMillis = Double.NaN;
  private volatile boolean closing;
  private final AtomicBoolean started = new AtomicBoolean();
  private TextEncoder encoder; // the worker's alone
  private long lastFailureLogNanos = Long.MIN_VALUE;

  private SemanticEngine(Settings settings, Callable<TextEncoder> loader) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.queue = new LinkedBlockingDeque<>(settings.queuePairs());
    this.queueBytes = new ByteBudget("semantic-queue-bytes", settings.queueBytes());
    for (Reason r : Reason.values()) {
      unavailable.put(r, new AtomicLong());
    }
    int size = settings.cacheEntries();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > size;
          }
        };
    this.worker = new Thread(this::run, "shadow-semantic");
    this.worker.setDaemon(true);
  }

  /**
   * Starts an engine whose model comes from the {@link TextEncoder.Provider} on the class path that lists
   * {@code settings.model()}. Returns at once: the model loads on the engine's worker, and when no provider has it
   * (the {@code shadow-semantic} module is not on the class path) the engine reports the model unavailable.
   */
  public static SemanticEngine start(Settings settings) {
    return start(settings, () -> openFromClassPath(settings));
  }

  /** Starts an engine whose model {@code loader} loads (on the engine's worker). */
  public static SemanticEngine start(Settings settings, Callable<TextEncoder> loader) {
    SemanticEngine engine = new SemanticEngine(settings, loader);
    engine.ensureStarted();
    return engine;
  }

  /**
   * An engine like {@link #start(Settings)}'s whose worker (and so the model's loading) starts on first use — the
   * first pair or {@link #bindTo} — so that reading a configuration loads no model.
   */
  public static SemanticEngine lazy(Settings settings) {
    return new SemanticEngine(settings, () -> openFromClassPath(settings));
  }

  private void ensureStarted() {
    if (!started.get() && started.compareAndSet(false, true)) {
      worker.start();
    }
  }

  /** The model names the providers on the class path open; empty without the {@code shadow-semantic} module. */
  public static List<String> availableModels() {
    List<String> out = new ArrayList<>();
    for (TextEncoder.Provider p : ServiceLoader.load(TextEncoder.Provider.class)) {
      out.addAll(p.models());
    }
    return out;
  }

  private static TextEncoder openFromClassPath(Settings settings) throws Exception {
    List<String> known = new ArrayList<>();
    for (TextEncoder.Provider p : ServiceLoader.load(TextEncoder.Provider.class)) {
      if (p.models().contains(settings.model())) {
        return p.open(settings.model(), settings.threads());
      }
      known.addAll(p.models());
    }
    throw new IllegalStateException(
        known.isEmpty()
            ? "no embedding model on the class path (the shadow-semantic module is missing)"
            : "no embedding model named '" + settings.model() + "' (known: " + known + ")");
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The similarity of two texts, waiting at most {@code maxWait} on the calling thread (none when both are cached or
   * the pair cannot be queued). Counts exactly one outcome per call. Call it from a worker, never an event loop.
   */
  public Outcome similarity(String primary, String shadow) {
    CompletableFuture<Outcome> future = ask(primary, shadow);
    try {
      return future.get(); // ask's own timer completes it within maxWait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.complete(new Unavailable(Reason.FAILED, "interrupted"));
      return future.join();
    } catch (ExecutionException e) {
      return new Unavailable(Reason.FAILED, String.valueOf(e.getCause())); // ask never fails
    }
  }

  /**
   * The similarity of two texts, later, without ever blocking: completes on the engine's worker when the model has
   * embedded them, at once when both are cached or the pair cannot be queued, and with {@link Reason#TIMEOUT} after
   * {@code maxWait} at the latest (on a timer thread; the worker then skips the pair if it has not taken it yet).
   * Never completes exceptionally. Counts exactly one outcome per call, whoever completes it: completing the future
   * with an {@link Unavailable} (see {@link #giveUp}) stops waiting for the model.
   */
  public CompletableFuture<Outcome> ask(String primary, String shadow) {
    CompletableFuture<Outcome> future = submit(primary, shadow);
    if (!future.isDone()) {
      future.completeOnTimeout(
          new Unavailable(Reason.TIMEOUT, "waited " + settings.maxWait()),
          settings.maxWait().toNanos(),
          TimeUnit.NANOSECONDS);
    }
    var unused = future.whenComplete((outcome, error) -> count(outcome)); // count cannot fail
    return future;
  }

  /**
   * Completes a pair of {@link #ask} at once, as {@link Reason#SHUTDOWN}, unless it already completed; the worker then
   * skips it. For a caller that must stop waiting (records closing).
   */
  public static void giveUp(CompletableFuture<Outcome> asked) {
    asked.complete(new Unavailable(Reason.SHUTDOWN, "the records were closed first"));
  }

  private void count(Outcome outcome) {
    if (outcome instanceof Unavailable u) {
      unavailable.get(u.reason()).incrementAndGet();
    } else if (outcome instanceof Similarity) {
      measured.incrementAndGet();
    } else {
      unavailable.get(Reason.FAILED).incrementAndGet(); // not reached: ask never fails
    }
  }

  /**
   * The similarity of two texts, later: never blocks and never completes exceptionally. A pair that cannot be queued
   * completes at once with {@link Unavailable}. Counts nothing and has no timeout ({@link #ask} has both).
   */
  public CompletableFuture<Outcome> submit(String primary, String shadow) {
    ensureStarted();
    String p = cut(Objects.requireNonNull(primary, "primary"));
    String s = cut(Objects.requireNonNull(shadow, "shadow"));
    if (state == State.UNAVAILABLE) {
      return CompletableFuture.completedFuture(new Unavailable(Reason.MODEL_UNAVAILABLE, problem));
    }
    float[] pv = cached(p);
    float[] sv = pv == null ? null : cached(s);
    if (pv != null && sv != null) {
      return CompletableFuture.completedFuture(cosine(pv, sv));
    }
    long bytes = 2L * (p.length() + s.length()) + JOB_OVERHEAD_BYTES;
    if (closing) {
      return CompletableFuture.completedFuture(new Unavailable(Reason.FAILED, "closed"));
    }
    if (!queueBytes.tryReserve(bytes)) {
      return CompletableFuture.completedFuture(
          new Unavailable(
              Reason.QUEUE_BYTES, "the queue holds " + settings.queueBytes() + " bytes at most"));
    }
    Job job = new Job(p, s, bytes, new CompletableFuture<>());
    if (!queue.offerLast(job)) {
      queueBytes.release(bytes);
      return CompletableFuture.completedFuture(
          new Unavailable(
              Reason.QUEUE_FULL, "the queue holds " + settings.queuePairs() + " pairs at most"));
    }
    // a pair given up while queued (timed out, or its caller stopped waiting) leaves the queue at
    // once: its place goes to a pair that can still be measured. One the worker took is its to
    // release.
    var unused =
        job.result()
            .whenComplete(
                (o, e) -> {
                  if (queue.remove(job)) {
                    queueBytes.release(job.bytes());
                    skipped.incrementAndGet();
                  }
                });
    return job.result();
  }

  /** A snapshot of the counters. */
  public Stats stats() {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    outcomes.put("measured", measured.get());
    for (Reason r : Reason.values()) {
      outcomes.put(r.label(), unavailable.get(r).get());
    }
    return new Stats(
        outcomes,
        cacheHits.get(),
        textsEncoded.get(),
        batches.get(),
        queue.size(),
        settings.model(),
        state.name().toLowerCase(Locale.ROOT),
        problem,
        loadMillis,
        skipped.get());
  }

  /**
   * Registers the counters: {@code shadow_semantic_pairs_total{outcome}}, {@code shadow_semantic_texts_encoded_total},
   * {@code shadow_semantic_batches_total}, {@code shadow_semantic_cache_hits_total},
   * {@code shadow_semantic_skipped_pairs_total}, {@code shadow_semantic_queue_pairs}, {@code shadow_semantic_queue_bytes} and {@code shadow_semantic_model_ready}
   * (1 ready, 0 loading, -1 unavailable).
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    ensureStarted();
    FunctionCounter.builder("shadow.semantic.pairs", measured, AtomicLong::get)
        .description("pairs given a semantic similarity, or why not")
        .tag("outcome", "measured")
        .register(registry);
    for (Reason r : Reason.values()) {
      FunctionCounter.builder("shadow.semantic.pairs", unavailable.get(r), AtomicLong::get)
          .description("pairs given a semantic similarity, or why not")
          .tag("outcome", r.label())
          .register(registry);
    }
    FunctionCounter.builder("shadow.semantic.texts.encoded", textsEncoded, AtomicLong::get)
        .description("texts the local embedding model embedded")
        .register(registry);
    FunctionCounter.builder("shadow.semantic.batches", batches, AtomicLong::get)
        .description("calls of the local embedding model")
        .register(registry);
    FunctionCounter.builder("shadow.semantic.cache.hits", cacheHits, AtomicLong::get)
        .description("texts whose embedding was cached")
        .register(registry);
    FunctionCounter.builder("shadow.semantic.skipped.pairs", skipped, AtomicLong::get)
        .description(
            "queued pairs dropped from the queue because they timed out or were given up first")
        .register(registry);
    Gauge.builder("shadow.semantic.queue.pairs", queue, BlockingQueue::size)
        .description("pairs waiting for the local embedding model")
        .register(registry);
    Gauge.builder("shadow.semantic.queue.bytes", queueBytes, ByteBudget::used)
        .description("bytes of texts waiting for the local embedding model")
        .register(registry);
    Gauge.builder(
            "shadow.semantic.model.ready",
            this,
            e ->
                switch (e.state) {
                  case READY -> 1;
                  case LOADING -> 0;
                  case UNAVAILABLE -> -1;
                })
        .description(
            "1 when the local embedding model is loaded, 0 while loading, -1 when it cannot load")
        .register(registry);
  }

  /** Stops the worker; pairs still queued complete as {@link Reason#FAILED}. */
  @Override
  public void close() {
    closing = true;
    if (!started.get()) {
      return;
    }
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued(Reason.FAILED, "closed");
  }

  private String cut(String text) {
    if (text.length() <= settings.maxChars()) {
      return text;
    }
    int end = settings.maxChars();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end);
  }

  private void run() {
    load();
    try {
      while (!closing) {
        Job first;
        try {
          // newest first: when the model is behind, the newest pair is the one most likely to be
          // answered within max-wait; the oldest would time out while it is being embedded
          first = queue.pollLast(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          continue; // close() interrupts to cut the wait short
        }
        if (first == null) {
          continue;
        }
        List<Job> jobs = new ArrayList<>();
        Set<String> texts = new LinkedHashSet<>();
        Map<String, float[]> vectors = new HashMap<>();
        take(first, jobs, texts, vectors);
        for (Job next;
            texts.size() < settings.batchTexts() && (next = queue.pollLast()) != null; ) {
          take(next, jobs, texts, vectors);
        }
        if (!jobs.isEmpty()) {
          process(jobs, texts, vectors);
        }
      }
    } finally {
      failQueued(Reason.FAILED, "closed");
      if (encoder != null) {
        try {
          encoder.close();
        } catch (RuntimeException e) {
          log.debug("closing the embedding model failed: {}", e.toString());
        }
      }
    }
  }

  private void load() {
    long start = System.nanoTime();
    try {
      encoder = Objects.requireNonNull(loader.call(), "the model loader returned nothing");
      loadMillis = (System.nanoTime() - start) / 1e6;
      state = State.READY;
      log.info(
          "semantic similarity: model {} loaded in {} ms", encoder.name(), Math.round(loadMillis));
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      // a missing native library is a LinkageError: the proxy goes on without semantic similarity
      problem = describe(e);
      state = State.UNAVAILABLE;
      log.error(
          "semantic similarity is unavailable: the model {} could not be loaded ({}); pairs are"
              + " recorded without it",
          settings.model(),
          problem);
      failQueued(Reason.MODEL_UNAVAILABLE, problem);
    }
  }

  // the pair's texts: cached ones into vectors (kept here, so that eviction cannot lose them), the
  // rest to embed
  // a pair nobody waits for any more (timed out, given up) is skipped: the model's time goes to
  // pairs
  // that can still be recorded with their similarity
  private void take(Job job, List<Job> jobs, Set<String> texts, Map<String, float[]> vectors) {
    if (job.result().isDone()) {
      skipped.incrementAndGet();
      queueBytes.release(job.bytes());
      return;
    }
    jobs.add(job);
    for (String t : List.of(job.primary(), job.shadow())) {
      if (vectors.containsKey(t) || texts.contains(t)) {
        continue;
      }
      float[] v = cached(t);
      if (v == null) {
        texts.add(t);
      } else {
        cacheHits.incrementAndGet();
        vectors.put(t, v);
      }
    }
  }

  private void process(List<Job> jobs, Set<String> texts, Map<String, float[]> vectors) {
    try {
      if (encoder == null) {
        for (Job j : jobs) {
          j.result().complete(new Unavailable(Reason.MODEL_UNAVAILABLE, problem));
        }
        return;
      }
      List<String> all = new ArrayList<>(texts);
      for (int from = 0; from < all.size(); from += settings.batchTexts()) {
        List<String> batch = all.subList(from, Math.min(all.size(), from + settings.batchTexts()));
        float[][] out;
        try {
          out = encoder.encode(batch);
          if (out == null || out.length != batch.size()) {
            throw new IllegalStateException(
                "the model returned "
                    + (out == null ? "nothing" : out.length + " vectors")
                    + " for "
                    + batch.size()
                    + " texts");
          }
        } catch (Exception | OutOfMemoryError e) {
          logFailure(e);
          for (Job j : jobs) {
            j.result().complete(new Unavailable(Reason.FAILED, describe(e)));
          }
          return;
        }
        batches.incrementAndGet();
        textsEncoded.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          vectors.put(batch.get(i), out[i]);
          remember(batch.get(i), out[i]);
        }
      }
      for (Job j : jobs) {
        j.result().complete(cosine(vectors.get(j.primary()), vectors.get(j.shadow())));
      }
    } finally {
      for (Job j : jobs) {
        queueBytes.release(j.bytes());
      }
    }
  }

  private static Outcome cosine(float[] a, float[] b) {
    double c = EmbeddingClient.cosine(a, b);
    return Double.isNaN(c)
        ? new Unavailable(Reason.FAILED, "a zero or mismatched vector")
        : new Similarity(c);
  }

  private void failQueued(Reason reason, String detail) {
    for (Job j; (j = queue.poll()) != null; ) {
      queueBytes.release(j.bytes());
      j.result().complete(new Unavailable(reason, detail));
    }
  }

  private void logFailure(Throwable e) {
    long now = System.nanoTime();
    if (lastFailureLogNanos == Long.MIN_VALUE
        || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
      lastFailureLogNanos = now;
      log.error("the embedding model failed on a batch; its pairs have no semantic similarity", e);
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private float[] cached(String text) {
    if (settings.cacheEntries() == 0) {
      return null;
    }
    String key = key(text);
    synchronized (cache) {
      return cache.get(key);
    }
  }

  private void remember(String text, float[] vector) {
    if (settings.cacheEntries() == 0) {
      return;
    }
    String key = key(text);
    synchronized (cache) {
      cache.put(key, vector);
    }
  }

  private String key(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(settings.model().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return new String(
          sha.digest(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
