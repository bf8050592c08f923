package dev.shadowpipeline.drift.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding columns (lists of numbers in CSV and JSONL cells) and the row sample the readers draw. */
class VectorAndSampleReadTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void csvCellsHoldingListsOfNumbersAreAVectorColumn() throws IOException {
    Path file =
        write(
            "e.csv",
            """
            id,emb
            1,"[0.1, 0.2, 0.3]"
            2,
            3,"[1,2,3e-1]"
            4,"[1, 2]"
            5,"[1, x, 3]"
            6," [ -1.5 , 0 , 2 ] "
            """);
    // the first three rows decide the kind; later lists of another length are bad rows
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS.withSampleRows(3));
    VectorColumn emb = (VectorColumn) d.column("emb").orElseThrow();
    assertThat(emb.kind()).isEqualTo(ValueKind.VECTOR);
    assertThat(emb.dimension()).isEqualTo(3);
    assertThat(emb.present()).isEqualTo(3);
    assertThat(emb.missing()).isEqualTo(1);
    assertThat(emb.sample()).hasNumberOfRows(3);
    assertThat(emb.sample()[1]).containsExactly(1f, 2f, 0.3f);
    assertThat(emb.sample()[2]).containsExactly(-1.5f, 0f, 2f);
    assertThat(d.badRows())
        .extracting(BadRow::reason)
        .containsExactly(
            "column 'emb': a list of 2 numbers, expected 3",
            "column 'emb': element 2 (\"x\") is not a finite number: \"[1, x, 3]\"");
  }

  @Test
  void jsonLinesArraysOfNumbersAreVectorsAndOtherArraysBadRows() throws IOException {
    Path file =
        write(
            "e.jsonl",
            """
            {"emb": [1, 2.5, -3e-1], "t": "a"}
            {"emb": null, "t": "b"}
            {"emb": [[1], [2]], "t": "c"}
            {"emb": ["x", "y", "z"], "t": "d"}
            {"emb": [4, 5, 6], "t": "e"}
            """);
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS.withSampleRows(2));
    VectorColumn emb = (VectorColumn) d.column("emb").orElseThrow();
    assertThat(emb.dimension()).isEqualTo(3);
    assertThat(emb.present()).isEqualTo(2);
    assertThat(emb.missing()).isEqualTo(1);
    assertThat(emb.sample()[0]).containsExactly(1f, 2.5f, -0.3f);
    assertThat(d.badRows()).extracting(BadRow::line).containsExactly(3L, 4L);
    assertThat(d.badRows().get(0).reason())
        .isEqualTo(
            "key 'emb' holds an array that is not a flat list of numbers; only flat objects and"
                + " lists of numbers are read");
  }

  @Test
  void listsOfDifferentLengthsInTheFirstRowsMakeALabelColumn() throws IOException {
    Path file = write("m.csv", "v\n\"[1, 2]\"\n\"[1, 2, 3]\"\n");
    assertThat(DatasetReader.read(file, ReadOptions.DEFAULTS).column("v").orElseThrow().kind())
        .isEqualTo(ValueKind.LABEL);
  }

  @Test
  void theRowSampleKeepsRowsWholeAndIsSeeded() throws IOException {
    StringBuilder b = new StringBuilder("a,b,c,emb\n");
    for (int i = 0; i < 1000; i++) {
      b.append(i).append(',').append(2 * i).append(",r").append(i);
      b.append(i % 7 == 0 ? ",\n" : ",\"[" + i + ", -" + i + "]\"\n");
    }
    Path file = write("s.csv", b.toString());
    ReadOptions options = ReadOptions.DEFAULTS.withRowSample(50);
    Dataset d = DatasetReader.read(file, options);
    RowSample s = d.rowSample();
    assertThat(s.rows()).isEqualTo(50);
    double[] a = ((RowSample.Numbers) s.column("a").orElseThrow()).values();
    double[] bb = ((RowSample.Numbers) s.column("b").orElseThrow()).values();
    String[] c = ((RowSample.Labels) s.column("c").orElseThrow()).values();
    float[][] emb = ((RowSample.Vectors) s.column("emb").orElseThrow()).values();
    Set<Double> distinct = new HashSet<>();
    int beyondFirst50 = 0;
    for (int i = 0; i < 50; i++) {
      int row = (int) a[i];
      distinct.add(a[i]);
      beyondFirst50 += row >= 50 ? 1 : 0;
      assertThat(bb[i]).isEqualTo(2.0 * row);
      assertThat(c[i]).isEqualTo("r" + row);
      if (row % 7 == 0) {
        assertThat(emb[i]).isNull();
      } else {
        assertThat(emb[i]).containsExactly(row, -row);
      }
    }
    assertThat(distinct).hasSize(50);
    assertThat(beyondFirst50).isGreaterThan(40); // a sample of all 1000 rows, not the first 50
    // the embedding column's vectors are those of the sampled rows
    VectorColumn vectors = (VectorColumn) d.column("emb").orElseThrow();
    assertThat(vectors.present()).isEqualTo(1000 - 143);
    assertThat(vectors.sample().length)
        .isEqualTo((int) java.util.Arrays.stream(emb).filter(v -> v != null).count());
    // seeded: the same file gives the same sample
    assertThat(
            ((RowSample.Numbers)
                    DatasetReader.read(file, options).rowSample().column("a").orElseThrow())
                .values())
        .containsExactly(a);
  }

  @Test
  void aSampleAsLargeAsTheFileHoldsEveryRowInOrder() throws IOException {
    Path file = write("t.csv", "a,b\n1,x\n2,\n,z\n");
    RowSample s = DatasetReader.read(file, ReadOptions.DEFAULTS).rowSample();
    assertThat(s.rows()).isEqualTo(3);
    assertThat(((RowSample.Numbers) s.column("a").orElseThrow()).values())
        .containsExactly(1, 2, Double.NaN);
    assertThat(((RowSample.Labels) s.column("b").orElseThrow()).values())
        .containsExactly("x", null, "z");
  }
}
