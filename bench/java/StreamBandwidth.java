// Benchmark helper for bench/drift-vs-scipy.sh: the machine's read bandwidth as a Java loop sees it, the physical
// floor under a counting pass over a column's values. Run as a single-file program:
//   java -Xmx2g bench/java/StreamBandwidth.java REPEATS
// Sums double arrays (the loop the JIT vectorizes best: one load and one add per value) and prints, as JSON, the best
// GB/s of REPEATS over
//   - 512 MiB (far beyond the 32 MiB L3: DRAM), on one thread and on every core at once (each its own array), and
//   - 16 MiB, a column pair's 2 x 1M doubles, on one thread (partly cache-resident when repeated).
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class StreamBandwidth {
  static double sum(double[] a) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return s0 + s1 + s2 + s3;
  }

  static double bestGbPerSecond(double[][] arrays, int repeats, ExecutorService pool) throws Exception {
    double best = 0;
    double sink = 0;
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      Future<?>[] futures = new Future<?>[arrays.length];
      double[] sums = new double[arrays.length];
      for (int t = 0; t < arrays.length; t++) {
        int k = t;
        futures[t] = pool.submit(() -> sums[k] = sum(arrays[k]));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long bytes = 0;
      for (double[] a : arrays) {
        bytes += 8L * a.length;
      }
      best = Math.max(best, bytes / seconds / 1e9);
      sink += Arrays.stream(sums).sum();
    }
    if (sink == 42) {
      System.err.println(sink); // keeps the sums alive
    }
    return best;
  }

  public static void main(String[] args) throws Exception {
    int repeats = Integer.parseInt(args[0]);
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    int big = 64 << 20; // 512 MiB of doubles
    double[][] perCore = new double[cores][];
    for (int t = 0; t < cores; t++) {
      perCore[t] = new double[big / cores];
      Arrays.fill(perCore[t], 1.0);
    }
    double[] dram = new double[big];
    Arrays.fill(dram, 1.0);
    double[] pair = new double[2 << 20]; // 16 MiB: 2 x 1M doubles
    Arrays.fill(pair, 1.0);
    // warm the loop up before measuring
    bestGbPerSecond(new double[][] {pair}, 20, pool);
    double one = bestGbPerSecond(new double[][] {dram}, repeats, pool);
    dram = null;
    double all = bestGbPerSecond(perCore, repeats, pool);
    double cached = bestGbPerSecond(new double[][] {pair}, repeats * 10, pool);
    pool.shutdown();
    System.out.printf(
        Locale.ROOT,
        "{\"dram_one_thread_gbs\": %.2f, \"dram_all_cores_gbs\": %.2f, \"pair_16mib_one_thread_gbs\": %.2f,"
            + " \"cores\": %d}%n",
        one,
        all,
        cached,
        cores);
  }
}
