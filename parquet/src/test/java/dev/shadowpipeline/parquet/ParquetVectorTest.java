package dev.shadowpipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.data.ValueKind;
import dev.shadowpipeline.drift.data.VectorColumn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists of numbers in Parquet as embedding columns, and the row sample drawn by DuckDB. */
class ParquetVectorTest {

  @TempDir Path dir;

  @Test
  void listsOfRealNumbersOfOneLengthAreAnEmbeddingColumn() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("emb.parquet"),
            "SELECT * FROM (VALUES"
                + " (1, [0.5, -1.0, 2.0]::FLOAT[], [1.0, 2.0]::DOUBLE[2], [1.0, 2.0]::DOUBLE[]),"
                + " (2, NULL, [3.0, 4.0]::DOUBLE[2], [1.0]::DOUBLE[]),"
                + " (3, [1.0::FLOAT, 'NaN'::FLOAT, 3.0::FLOAT], [5.0, 6.0]::DOUBLE[2], NULL),"
                + " (4, [7.0, 8.0, 9.0]::FLOAT[], NULL, [3.0, 4.0, 5.0]::DOUBLE[])"
                + ") t(id, emb, fixed, ragged)");
    Dataset d = ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS);
    VectorColumn emb = (VectorColumn) d.columns().get("emb");
    assertThat(emb.kind()).isEqualTo(ValueKind.VECTOR);
    assertThat(emb.dimension()).isEqualTo(3);
    // a list holding NaN is no usable vector: counted as missing, as a NaN number is
    assertThat(emb.present()).isEqualTo(2);
    assertThat(emb.missing()).isEqualTo(2);
    assertThat(emb.sample()).hasNumberOfRows(2);
    VectorColumn fixed = (VectorColumn) d.columns().get("fixed");
    assertThat(fixed.dimension()).isEqualTo(2);
    assertThat(fixed.present()).isEqualTo(3);
    assertThat(d.columnNames()).containsExactly("id", "emb", "fixed");
    assertThat(d.skippedColumns())
        .singleElement()
        .extracting(SkippedColumn::name, SkippedColumn::reason)
        .containsExactly(
            "ragged",
            "lists of different lengths (1 to 3 numbers): not an embedding, so not tested");
    // every row fits in the sample: all four, row-aligned
    RowSample s = d.rowSample();
    assertThat(s.rows()).isEqualTo(4);
    double[] ids = ((RowSample.Numbers) s.column("id").orElseThrow()).values();
    float[][] vectors = ((RowSample.Vectors) s.column("emb").orElseThrow()).values();
    for (int i = 0; i < 4; i++) {
      if (ids[i] == 1) {
        assertThat(vectors[i]).containsExactly(0.5f, -1f, 2f);
      } else if (ids[i] == 4) {
        assertThat(vectors[i]).containsExactly(7f, 8f, 9f);
      } else {
        assertThat(vectors[i]).isNull();
      }
    }
  }

  @Test
  void theRowSampleIsBoundedAndRepeatable() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("many.parquet"),
            "SELECT i AS a, 2 * i AS b, 'r' || i AS c FROM range(20000) t(i)");
    ReadOptions options = ReadOptions.DEFAULTS.withRowSample(100);
    RowSample s = ParquetReader.read(ParquetSource.of(file), options).rowSample();
    assertThat(s.rows()).isEqualTo(100);
    double[] a = ((RowSample.Numbers) s.column("a").orElseThrow()).values();
    double[] b = ((RowSample.Numbers) s.column("b").orElseThrow()).values();
    String[] c = ((RowSample.Labels) s.column("c").orElseThrow()).values();
    for (int i = 0; i < 100; i++) {
      assertThat(b[i]).isEqualTo(2 * a[i]);
      assertThat(c[i]).isEqualTo("r" + (long) a[i]);
    }
    for (int run = 0; run < 3; run++) {
      RowSample again = ParquetReader.read(ParquetSource.of(file), options).rowSample();
      assertThat(((RowSample.Numbers) again.column("a").orElseThrow()).values()).containsExactly(a);
    }
  }
}
