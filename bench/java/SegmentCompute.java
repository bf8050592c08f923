// Benchmark helper for bench/segments.sh: what --segment-by costs inside one JVM, so that a loaded machine's noise
// is reduced to the best of REPEATS runs, and CPU time is reported beside wall time.
// Run as a single-file program against the shadow jar:
//   java -Xmx2g -cp cli/target/shadow.jar bench/java/SegmentCompute.java REF CUR COLUMN REPEATS
// REF and CUR are .parquet or .csv files. Times, best of REPEATS each: reading both files without and with the segment
// column; DriftEngine.compare on the whole; cutting every segment out of both datasets (RowSegments.slice alone); and
// SegmentEngine.compare (cutting and comparing every segment). Prints one JSON line.
import com.sun.management.OperatingSystemMXBean;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.RowSegments;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentEngine;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.parquet.ParquetReader;
import dev.shadowpipeline.parquet.ParquetSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

public class SegmentCompute {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final StringBuilder JSON = new StringBuilder("{");

  public static void main(String[] args) throws Exception {
    Path ref = Path.of(args[0]);
    Path cur = Path.of(args[1]);
    String column = args[2];
    int repeats = Integer.parseInt(args[3]);
    boolean parquet = ref.toString().endsWith(".parquet");
    ReadOptions plain = ReadOptions.DEFAULTS;
    ReadOptions segmented = plain.withSegmentColumn(column);
    Callable<DatasetPair> readPlain = () -> read(parquet, ref, cur, plain);
    Callable<DatasetPair> readSegmented = () -> read(parquet, ref, cur, segmented);
    time("read", repeats, readPlain);
    DatasetPair data = time("read_segmented", repeats, readSegmented);
    DriftEngine engine = DriftEngine.standard(DriftOptions.DEFAULTS);
    DriftResult whole = time("compare_whole", repeats, () -> engine.compare(data));
    RowSegments r = data.reference().segments().orElseThrow();
    RowSegments c = data.current().segments().orElseThrow();
    time("slice_all_segments", repeats, () -> {
      long rows = 0;
      for (int code = 0; code < r.values().size(); code++) {
        Dataset a = r.slice(data.reference(), new int[] {code}, "r");
        Dataset b = c.slice(data.current(), new int[] {c.values().indexOf(r.values().get(code))}, "c");
        rows += a.rows() + b.rows();
      }
      return rows;
    });
    SegmentOptions options = SegmentOptions.of(column);
    SegmentedDrift s = time("compare_segments", repeats,
        () -> new SegmentEngine(engine).compare(data.reference(), data.current(), whole, options));
    JSON.append(String.format(Locale.ROOT, "\"segments\": %d, \"rows\": %d, \"cores\": %d}",
        s.segments().size(), data.reference().rows(), Runtime.getRuntime().availableProcessors()));
    System.out.println(JSON);
  }

  private static DatasetPair read(boolean parquet, Path ref, Path cur, ReadOptions options)
      throws Exception {
    return parquet
        ? ParquetReader.readPair(ParquetSource.of(ref), ParquetSource.of(cur), options)
        : DatasetReader.readPair(ref, cur, options);
  }

  /** Best wall and CPU seconds of {@code repeats} calls; returns the last call's value. */
  private static <T> T time(String name, int repeats, Callable<T> work) throws Exception {
    double wall = Double.MAX_VALUE;
    double cpu = Double.MAX_VALUE;
    T last = null;
    for (int i = 0; i < repeats; i++) {
      System.gc();
      long cpu0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      last = work.call();
      wall = Math.min(wall, (System.nanoTime() - t0) / 1e9);
      cpu = Math.min(cpu, (OS.getProcessCpuTime() - cpu0) / 1e9);
    }
    JSON.append(String.format(Locale.ROOT, "\"%s\": {\"wall_s\": %.3f, \"cpu_s\": %.3f}, ", name, wall, cpu));
    return last;
  }
}
