// The parquet-java candidate (parquet-hadoop 1.16.0, LocalInputFile, no Hadoop file system): reads every column of
// each file given through the low-level ColumnReader (no record objects), summing doubles and string lengths.
// Run by bench/parquet-read.sh with the jars of parquet-java/pom.xml on the class path.
import java.nio.file.*;
import java.util.*;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.*;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.*;

public class ParquetJavaRead {
  public static void main(String[] a) throws Exception {
    long t0 = System.nanoTime();
    double sum = 0; long cells = 0;
    for (String f : a) {
      try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(Path.of(f)), ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration()).build())) {
        MessageType schema = r.getFooter().getFileMetaData().getSchema();
        String createdBy = r.getFooter().getFileMetaData().getCreatedBy();
        PageReadStore pages;
        while ((pages = r.readNextRowGroup()) != null) {
          ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
          long n = pages.getRowCount();
          for (ColumnDescriptor d : schema.getColumns()) {
            ColumnReader cr = store.getColumnReader(d);
            int max = d.getMaxDefinitionLevel();
            boolean dbl = d.getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE;
            for (long i = 0; i < n; i++) {
              if (cr.getCurrentDefinitionLevel() == max) {
                if (dbl) sum += cr.getDouble(); else cells += cr.getBinary().length();
              }
              cr.consume();
            }
          }
        }
      }
      System.out.printf("%s done %.2f s%n", f, (System.nanoTime()-t0)/1e9);
    }
    System.out.printf("total %.2f s sum=%f cells=%d%n", (System.nanoTime()-t0)/1e9, sum, cells);
  }
}
