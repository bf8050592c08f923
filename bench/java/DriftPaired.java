// Benchmark helper for bench/drift-vs-scipy.sh: two builds' compute in one JVM, in alternating rounds, so that both
// see the same moments of a noisy machine (the JIT, the caches, other tenants' load).
//   java bench/java/DriftPaired.java RUNNER_CLASSES DIR TEST ROUNDS BASE_JAR JAR
// RUNNER_CLASSES holds DriftPairedRunner and DriftCompute compiled against JAR (its API is the same in both builds). Each build gets a
// class loader of its own over RUNNER_CLASSES and its jar; after 15 warm-up calls of each, ROUNDS rounds each time
// one call of the base, then one of this build. Prints JSON: each build's median and minimum per call (ms) and the
// median, 25th and 75th percentile of the per-round ratio this / base.
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

public class DriftPaired {
  public static void main(String[] args) throws Exception {
    Path classes = Path.of(args[0]);
    String dir = args[1];
    String test = args[2];
    int rounds = Integer.parseInt(args[3]);
    Runnable base = load(classes, Path.of(args[4]), dir, test);
    Runnable now = load(classes, Path.of(args[5]), dir, test);
    for (int i = 0; i < 15; i++) {
      base.run();
      now.run();
    }
    double[] baseMs = new double[rounds];
    double[] nowMs = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      baseMs[r] = time(base);
      nowMs[r] = time(now);
      ratio[r] = nowMs[r] / baseMs[r];
    }
    Arrays.sort(baseMs);
    Arrays.sort(nowMs);
    Arrays.sort(ratio);
    System.out.printf(Locale.ROOT,
        "{\"test\": \"%s\", \"rounds\": %d, \"base_median_ms\": %.1f, \"base_min_ms\": %.1f, \"median_ms\": %.1f,"
            + " \"min_ms\": %.1f, \"ratio_median\": %.3f, \"ratio_p25\": %.3f, \"ratio_p75\": %.3f}%n",
        test, rounds, baseMs[rounds / 2], baseMs[0], nowMs[rounds / 2], nowMs[0], ratio[rounds / 2],
        ratio[rounds / 4], ratio[rounds * 3 / 4]);
  }

  private static Runnable load(Path classes, Path jar, String dir, String test) throws Exception {
    URLClassLoader loader = new URLClassLoader(
        new URL[] {classes.toUri().toURL(), jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    return (Runnable) loader.loadClass("DriftPairedRunner")
        .getConstructor(String.class, String.class)
        .newInstance(dir, test);
  }

  private static double time(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1e6;
  }
}
