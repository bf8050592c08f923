// Benchmark helper for bench/java/DriftPaired.java: one build's DriftEngine.compare on the benchmark's .npy data,
// as a Runnable. Compiled against one build's jar by bench/drift-vs-scipy.sh and loaded once per build, each in a
// class loader of its own, so that two builds run in one JVM.
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DriftPairedRunner implements Runnable {
  private final DriftEngine engine;
  private final DatasetPair data;

  public DriftPairedRunner(String dir, String test) throws Exception {
    data = new DatasetPair(npy(Path.of(dir, "reference.npy")), npy(Path.of(dir, "current.npy")));
    engine = DriftEngine.standard(DriftOptions.DEFAULTS.withGlobalTest(
        TestSelection.resolve(test, StandardCatalog.INSTANCE).orElseThrow(IllegalArgumentException::new)));
  }

  @Override
  public void run() {
    if (engine.compare(data).columns().isEmpty()) {
      throw new AssertionError("no columns compared");
    }
  }

  /** A float64, C-order, 2-D .npy file as numeric columns c00, c01, ... (as DriftCompute reads it). */
  static Dataset npy(Path file) throws Exception {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(head, 0);
      int headerLength = head.getShort(8) & 0xffff;
      ByteBuffer header = ByteBuffer.allocate(headerLength);
      channel.read(header, 10);
      Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)")
          .matcher(new String(header.array(), StandardCharsets.US_ASCII));
      if (!shape.find()) {
        throw new IllegalArgumentException(file + ": no 2-D shape");
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
