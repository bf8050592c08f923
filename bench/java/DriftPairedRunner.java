// Benchmark helper for bench/java/DriftPaired.java: one build's DriftEngine.compare on the benchmark's .npy data
// (read by DriftCompute.npy), as a Runnable. Compiled with DriftCompute.java against one build's jar by
// bench/drift-vs-scipy.sh and loaded once per build, each in a class loader of its own, so that two builds run in one
// JVM.
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.StandardCatalog;
import dev.shadowpipeline.drift.engine.TestSelection;
import java.nio.file.Path;

public class DriftPairedRunner implements Runnable {
  private final DriftEngine engine;
  private final DatasetPair data;

  public DriftPairedRunner(String dir, String test) throws Exception {
    data = new DatasetPair(
        DriftCompute.npy(Path.of(dir, "reference.npy")), DriftCompute.npy(Path.of(dir, "current.npy")));
    engine = DriftEngine.standard(DriftOptions.DEFAULTS.withGlobalTest(
        TestSelection.resolve(test, StandardCatalog.INSTANCE).orElseThrow(IllegalArgumentException::new)));
  }

  @Override
  public void run() {
    if (engine.compare(data).columns().isEmpty()) {
      throw new AssertionError("no columns compared");
    }
  }
}
