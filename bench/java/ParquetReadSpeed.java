import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.parquet.ParquetReader;
import dev.shadowpipeline.parquet.ParquetSource;
import java.nio.file.Path;
import java.sql.DriverManager;

/**
 * Read speed of one file through our readers, in a fresh JVM: DuckDB's start-up (first connection: loading the native
 * library), then the read into a Dataset, for a .parquet (ParquetReader) or a .csv (DatasetReader) file.
 *
 * <p>{@code java -Xmx2g -cp cli/target/shadow.jar bench/java/ParquetReadSpeed.java FILE}
 */
public class ParquetReadSpeed {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long t0 = System.nanoTime();
    if (file.toString().endsWith(".parquet")) {
      DriverManager.getConnection("jdbc:duckdb:").close();
    }
    long t1 = System.nanoTime();
    Dataset d =
        file.toString().endsWith(".parquet")
            ? ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS)
            : DatasetReader.read(file, ReadOptions.DEFAULTS);
    long t2 = System.nanoTime();
    System.out.printf("startup %.2f read %.2f rows %d columns %d%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, d.rows(),
        d.columns().size());
  }
}
