// Benchmark helper for bench/drift-vs-scipy.sh: the drift engine's compute alone, on data already in memory.
// Run as a single-file program against the shadow jar:
//   java -Xmx3g -cp cli/target/shadow.jar bench/java/DriftCompute.java DIR TEST REPEATS [SMALL_DIR]
// Reads DIR/reference.npy and DIR/current.npy (float64, rows x 20, the very arrays scipy is timed on), then times
// DriftEngine.compare with every column tested by TEST (ks or wasserstein): the first call in this fresh JVM (cold:
// the JIT has not compiled anything yet) and, after at least 20 calls and 3 s of warm-up, the best of REPEATS calls
// (warm); prints both as JSON, with the JIT's compile time during the cold call and the scores of column 0 to check
// against scipy. REPEATS 0: the cold call alone. With SMALL_DIR, one call on that (small) data comes first, so the cold call pays only the JIT's
// warm-up on the large loops, not first-call class loading.
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DriftCompute {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String test = args[1];
    int repeats = Integer.parseInt(args[2]);
    DatasetPair data = new DatasetPair(npy(dir.resolve("reference.npy")), npy(dir.resolve("current.npy")));
    TestSelection selection = TestSelection.resolve(test, StandardCatalog.INSTANCE)
        .orElseThrow(IllegalArgumentException::new);
    DriftEngine engine = DriftEngine.standard(DriftOptions.DEFAULTS.withGlobalTest(selection));
    if (args.length > 3) {
      // one call on small data first: the cold call after it pays no first-call class loading, only
      // the JIT's warm-up on the large loops
      engine.compare(new DatasetPair(npy(Path.of(args[3], "reference.npy")), npy(Path.of(args[3], "current.npy"))));
    }
    long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long start = System.nanoTime();
    DriftResult result = engine.compare(data);
    double cold = (System.nanoTime() - start) / 1e9;
    long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
    if (repeats == 0) {
      // the cold call alone, for runs of many fresh JVMs (the two builds alternating)
      System.out.printf(Locale.ROOT, "{\"test\": \"%s\", \"cold\": %.4f, \"cold_jit_ms\": %d}%n",
          test, cold, jitMillis);
      return;
    }
    // warm: after the JIT has seen at least 20 calls and 3 s of them, the best of REPEATS calls
    long warmUpUntil = System.nanoTime() + 3_000_000_000L;
    for (int i = 0; i < 20 || System.nanoTime() < warmUpUntil; i++) {
      engine.compare(data);
    }
    double warm = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      start = System.nanoTime();
      result = engine.compare(data);
      warm = Math.min(warm, (System.nanoTime() - start) / 1e9);
    }
    var first = result.columns().get(0).result();
    System.out.printf(Locale.ROOT,
        "{\"test\": \"%s\", \"cold\": %.4f, \"cold_jit_ms\": %d, \"warm\": %.4f, \"c00_statistic\": %.17g,"
            + " \"c00_score\": %.17g, \"cores\": %d}%n",
        test, cold, jitMillis, warm, first.statistic(), first.score(), Runtime.getRuntime().availableProcessors());
  }

  /** A float64, C-order, 2-D .npy file as numeric columns c00, c01, ... (numpy's own format, version 1). */
  static Dataset npy(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(head, 0);
      int headerLength = head.getShort(8) & 0xffff;
      ByteBuffer header = ByteBuffer.allocate(headerLength);
      channel.read(header, 10);
      String dict = new String(header.array(), StandardCharsets.US_ASCII);
      if (!dict.contains("'<f8'") || !dict.contains("'fortran_order': False")) {
        throw new IOException(file + ": expected little-endian float64 in C order: " + dict);
      }
      Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(dict);
      if (!shape.find()) {
        throw new IOException(file + ": no 2-D shape in " + dict);
      }
      int rows = Integer.parseInt(shape.group(1));
      int cols = Integer.parseInt(shape.group(2));
      ByteBuffer body = channel.map(FileChannel.MapMode.READ_ONLY, 10 + headerLength, 8L * rows * cols)
          .order(ByteOrder.LITTLE_ENDIAN);
      double[][] columns = new double[cols][rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          columns[c][r] = body.getDouble();
        }
      }
      Map<String, RawColumn> byName = new LinkedHashMap<>();
      for (int c = 0; c < cols; c++) {
        String name = String.format(Locale.ROOT, "c%02d", c);
        byName.put(name, new NumericColumn(name, columns[c], 0, false));
      }
      return new Dataset(file.toString(), byName, rows, 0, List.of());
    }
  }
}
