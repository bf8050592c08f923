// Benchmark helper for bench/drift-vs-scipy.sh: the drift engine's compute alone, on data already in memory.
// Run as a single-file program against the shadow jar:
//   java -Xmx2g -cp cli/target/shadow.jar bench/java/DriftCompute.java DIR REPEATS
// Reads DIR/reference.csv and DIR/current.csv once, then times DriftEngine.compare with every column tested by ks,
// then by wasserstein (the same two scipy functions the Python side times); prints the best of REPEATS as JSON.
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.nio.file.Path;
import java.util.Locale;

public class DriftCompute {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int repeats = Integer.parseInt(args[1]);
    DatasetPair data = DatasetReader.readPair(dir.resolve("reference.csv"), dir.resolve("current.csv"),
        ReadOptions.DEFAULTS);
    StringBuilder json = new StringBuilder("{");
    for (String test : new String[] {"ks", "wasserstein"}) {
      TestSelection selection = TestSelection.resolve(test, StandardCatalog.INSTANCE)
          .orElseThrow(IllegalArgumentException::new);
      DriftEngine engine = DriftEngine.standard(DriftOptions.DEFAULTS.withGlobalTest(selection));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        engine.compare(data);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
      }
      json.append(String.format(Locale.ROOT, "\"%s\": %.4f, ", test, best));
    }
    json.append(String.format(Locale.ROOT, "\"cores\": %d}", Runtime.getRuntime().availableProcessors()));
    System.out.println(json);
  }
}
