// Throughput of the local semantic similarity (bench/semantic.sh): the model's load time, texts/s and pairs/s with
// one text per model call against batches, and pairs/s through the SemanticEngine (bounded queue, batching) fed by
// several threads. Every text is distinct (no cache hits). Run by bench/semantic.sh with the semantic module's class
// path:   java -cp CP bench/java/SemanticBench.java MODEL SECONDS THREADS
import dev.shadowpipeline.shadow.compare.semantic.SemanticEngine;
import dev.shadowpipeline.shadow.compare.semantic.TextEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public class SemanticBench {

  static final String[] WORDS = {
    "the", "model", "answer", "customer", "account", "balance", "payment", "refund", "order", "shipping", "delivery",
    "password", "reset", "server", "update", "restart", "weather", "today", "forecast", "loan", "application",
    "approved", "rejected", "interest", "rate", "monthly", "please", "contact", "support", "team", "within", "days",
    "because", "however", "therefore", "quickly", "carefully", "important", "recommend", "check", "settings", "page",
    "error", "message", "network", "connection", "database", "query", "result", "search", "vector", "keyword"
  };

  static String sentence(Random r, int words) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words; i++) {
      b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      if (i % 12 == 11) {
        b.append('.');
      }
    }
    return b.append('.').toString();
  }

  public static void main(String[] args) throws Exception {
    String model = args[0];
    double seconds = Double.parseDouble(args[1]);
    int threads = Integer.parseInt(args[2]);
    TextEncoder.Provider provider = ServiceLoader.load(TextEncoder.Provider.class).findFirst().orElseThrow();
    long t0 = System.nanoTime();
    TextEncoder encoder = provider.open(model, threads);
    double loadMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf(Locale.ROOT, "load\t%s\tthreads=%d\t%.0f ms%n", model, threads, loadMs);
    Random random = new Random(42);
    for (int words : new int[] {20, 120}) {
      for (int batch : new int[] {1, 8, 16, 32}) {
        // warm-up, then measure
        encoder.encode(texts(random, words, batch));
        long texts = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
          encoder.encode(texts(random, words, batch));
          texts += batch;
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "encoder\t%s\tthreads=%d\twords=%d\tbatch=%d\t%.1f texts/s\t%.1f pairs/s%n",
            model, threads, words, batch, texts / s, texts / s / 2);
      }
    }
    encoder.close();
    for (int batch : new int[] {1, 16}) {
      SemanticEngine engine =
          SemanticEngine.start(
              SemanticEngine.Settings.defaults()
                  .withModel(model)
                  .withThreads(threads)
                  .withBatchTexts(batch)
                  .withQueue(64, 8L << 20)
                  .withCacheEntries(0)
                  .withMaxWait(Duration.ofSeconds(30)));
      engine.similarity("warm", "up"); // waits for the model
      int feeders = 4;
      AtomicInteger pairs = new AtomicInteger();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      for (int f = 0; f < feeders; f++) {
        Random r = new Random(f);
        Thread t =
            new Thread(
                () -> {
                  List<CompletableFuture<SemanticEngine.Outcome>> window = new ArrayList<>();
                  while (System.nanoTime() < end) {
                    window.add(engine.submit(sentence(r, 120), sentence(r, 120)));
                    if (window.size() == 8) {
                      for (CompletableFuture<SemanticEngine.Outcome> w : window) {
                        if (w.join() instanceof SemanticEngine.Similarity) {
                          pairs.incrementAndGet();
                        }
                      }
                      window.clear();
                    }
                  }
                });
        t.start();
        workers.add(t);
      }
      for (Thread t : workers) {
        t.join();
      }
      double s = (System.nanoTime() - start) / 1e9;
      SemanticEngine.Stats stats = engine.stats();
      System.out.printf(
          Locale.ROOT,
          "engine\t%s\tthreads=%d\twords=120\tbatch=%d\t%.1f pairs/s\tmean texts per model call %.1f%n",
          model, threads, batch, pairs.get() / s, stats.textsEncoded() / (double) stats.batches());
      engine.close();
    }
  }

  static List<String> texts(Random r, int words, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sentence(r, words));
    }
    return out;
  }
}
