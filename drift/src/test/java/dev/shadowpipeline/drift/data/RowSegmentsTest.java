package dev.shadowpipeline.drift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading with a segment column, then cutting a segment out of the dataset, gives exactly what reading a file of that
 * segment's lines alone gives: the same values in the same order, the same label counts, the same missing counts.
 */
class RowSegmentsTest {

  private static final ReadOptions BY_REGION = ReadOptions.DEFAULTS.withSegmentColumn("region");

  /** A segment's lines alone are read with the whole file's kinds, as the current file is read with the reference's. */
  private static final ReadOptions KINDS =
      ReadOptions.DEFAULTS.withKinds(
          Map.of("x", ValueKind.NUMBER, "k", ValueKind.LABEL, "n", ValueKind.NUMBER));

  private static final List<String> REGIONS = List.of("north", "south", "east", "", "tiny");

  @TempDir Path dir;

  /** Lines of a CSV file with the segment of each data line; bad lines and missing cells included. */
  private record Table(String header, List<String> lines, List<String> segments) {
    Path write(Path file) throws IOException {
      Files.writeString(file, header + "\n" + String.join("\n", lines) + "\n");
      return file;
    }

    Path writeOnly(Path file, Set<String> wanted) throws IOException {
      List<String> kept = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (wanted.contains(segments.get(i))) {
          kept.add(lines.get(i));
        }
      }
      Files.writeString(file, header + "\n" + String.join("\n", kept) + "\n");
      return file;
    }
  }

  private static Table table(long seed, int rows) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String region = REGIONS.get(random.nextInt(REGIONS.size()));
      String x =
          switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "inf"; // not finite: missing, as Evidently drops it
            default -> Double.toString(Math.round(random.nextGaussian() * 1000) / 100.0);
          };
      String k = random.nextInt(10) == 0 ? "NA" : "k" + random.nextInt(4);
      String n = Integer.toString(random.nextInt(50));
      String line = region + "," + x + "," + k + "," + n;
      // bad rows (after the rows from which the column kinds are decided): skipped on both readings
      if (i > 1200 && random.nextInt(40) == 0) {
        line = region + "," + "not-a-number," + k + "," + n;
      }
      if (random.nextInt(60) == 0) {
        line = region + "," + x; // a bad row: too few fields
      }
      lines.add(line);
      segments.add(region);
    }
    return new Table("region,x,k,n", lines, segments);
  }

  private static int code(RowSegments s, String value) {
    return s.values().indexOf(value);
  }

  @Test
  void aSliceIsTheDatasetOfThatSegmentsLinesAlone() throws IOException {
    Table t = table(11, 3000);
    Dataset whole = DatasetReader.read(t.write(dir.resolve("all.csv")), BY_REGION);
    RowSegments segments = whole.segments().orElseThrow();
    assertThat(segments.column()).isEqualTo("region");
    // an empty cell is the missing value: a segment of its own, whose value is null
    assertThat(segments.values()).containsExactlyInAnyOrder("north", "south", "east", null, "tiny");
    long sum = 0;
    for (String region : REGIONS) {
      String value = region.isEmpty() ? null : region;
      Dataset alone =
          DatasetReader.read(
              t.writeOnly(dir.resolve("only-" + region + ".csv"), Set.of(region)), KINDS);
      int code = code(segments, value);
      Dataset slice = segments.slice(whole, new int[] {code}, "slice");
      assertSameColumns(slice, alone);
      sum += slice.rows();
    }
    assertThat(sum).isEqualTo(whole.rows());
    // two segments at once (how "other" is cut)
    Dataset both =
        segments.slice(
            whole, new int[] {code(segments, "south"), code(segments, "tiny")}, "south+tiny");
    Dataset bothAlone =
        DatasetReader.read(t.writeOnly(dir.resolve("two.csv"), Set.of("south", "tiny")), KINDS);
    assertSameColumns(both, bothAlone);
  }

  private static void assertSameColumns(Dataset slice, Dataset alone) {
    assertThat(slice.rows()).isEqualTo(alone.rows());
    // the segment column is constant within a segment: not a column of the slice
    assertThat(slice.columnNames()).containsExactly("x", "k", "n");
    NumericColumn x = (NumericColumn) slice.column("x").orElseThrow();
    NumericColumn xAlone = (NumericColumn) alone.column("x").orElseThrow();
    assertThat(x.values()).containsExactly(xAlone.values()); // same order: file order
    assertThat(x.missing()).isEqualTo(xAlone.missing());
    LabelColumn k = (LabelColumn) slice.column("k").orElseThrow();
    LabelColumn kAlone = (LabelColumn) alone.column("k").orElseThrow();
    assertThat(k.labels()).isEqualTo(kAlone.labels());
    assertThat(k.counts()).containsExactly(kAlone.counts());
    assertThat(k.missing()).isEqualTo(kAlone.missing());
    NumericColumn n = (NumericColumn) slice.column("n").orElseThrow();
    assertThat(n.values())
        .containsExactly(((NumericColumn) alone.column("n").orElseThrow()).values());
  }

  @Test
  void theWholeIsReadAsWithoutSegments() throws IOException {
    Path file = table(5, 1500).write(dir.resolve("t.csv"));
    Dataset plain = DatasetReader.read(file, ReadOptions.DEFAULTS);
    Dataset segmented = DatasetReader.read(file, BY_REGION);
    assertThat(plain.segments()).isEmpty();
    assertThat(segmented.columnNames()).isEqualTo(plain.columnNames());
    assertThat(segmented.rows()).isEqualTo(plain.rows());
    assertThat(segmented.badRowCount()).isEqualTo(plain.badRowCount()).isPositive();
    assertThat(((NumericColumn) segmented.column("x").orElseThrow()).values())
        .containsExactly(((NumericColumn) plain.column("x").orElseThrow()).values());
  }

  @Test
  void theSegmentColumnIsReadEvenWhenLeftOutOfTheColumns() throws IOException {
    Path file = write("e.csv", "region,x\nnorth,1\nsouth,2\nnorth,3\n");
    Dataset d = DatasetReader.read(file, BY_REGION.withColumns(Set.of(), Set.of("region")));
    assertThat(d.columnNames()).containsExactly("x");
    RowSegments s = d.segments().orElseThrow();
    assertThat(s.values()).containsExactly("north", "south");
    assertThat(s.rows(0)).isEqualTo(2);
    Dataset north = s.slice(d, new int[] {0}, "north");
    assertThat(((NumericColumn) north.column("x").orElseThrow()).values()).containsExactly(1, 3);
  }

  @Test
  void aNumericSegmentIsKeyedByItsNumber() throws IOException {
    // 3 and 3.0 are one segment, as the same value written twice; NaN is missing
    Path file = write("n.csv", "store,x\n3,1\n3.0,2\n12,3\nNaN,4\n0.50,5\n");
    RowSegments s =
        DatasetReader.read(file, ReadOptions.DEFAULTS.withSegmentColumn("store"))
            .segments()
            .orElseThrow();
    assertThat(s.values()).containsExactly("3", "12", null, "0.5");
    assertThat(s.rows(0)).isEqualTo(2);
  }

  @Test
  void integersNoDoubleHoldsAreSegmentsOfTheirOwnNamedByTheirDigits() throws IOException {
    // 2^53 + 1 rounds to 2^53 as a double: by the number they would be one segment. pandas 2.x
    // reads the column as int64 and groupby gives three groups, as here (the digits, without a
    // plus sign or leading zeros); a whole number a double holds is named in full digits too
    String rows =
        """
        id,x
        9007199254740993,1
        9007199254740992,2
        +09007199254740993,3
        18014398509481984,4
        -9007199254740993,5
        """;
    RowSegments csv =
        DatasetReader.read(write("big.csv", rows), ReadOptions.DEFAULTS.withSegmentColumn("id"))
            .segments()
            .orElseThrow();
    assertThat(csv.values())
        .containsExactly(
            "9007199254740993", "9007199254740992", "18014398509481984", "-9007199254740993");
    assertThat(csv.rows(0)).isEqualTo(2);
    RowSegments jsonl =
        DatasetReader.read(
                write(
                    "big.jsonl",
                    """
                    {"id": 9007199254740993, "x": 1}
                    {"id": 9007199254740992, "x": 2}
                    {"id": 9007199254740993, "x": 3}
                    """),
                ReadOptions.DEFAULTS.withSegmentColumn("id"))
            .segments()
            .orElseThrow();
    assertThat(jsonl.values()).containsExactly("9007199254740993", "9007199254740992");
    assertThat(jsonl.rows(0)).isEqualTo(2);
  }

  @Test
  void integersPastALongAreNamedByTheirDigitsEvenWhereADoubleHoldsThem() throws IOException {
    // 2^64 is a double exactly, 2^64 + 1 rounds to it; both by their digits, as Parquet's
    // DECIMAL(38,0)
    // and HUGEINT name them. pandas 3.0.6 reads this column as Python ints (dtype object) and
    // groupby gives {18446744073709551616: 2, 18446744073709551617: 1, -99999999999999999999: 1};
    // with a point or an exponent a value is a float, named as one
    String rows =
        """
        id,x
        18446744073709551616,1
        18446744073709551617,2
        -99999999999999999999,3
        18446744073709551616,4
        1e19,5
        """;
    RowSegments csv =
        DatasetReader.read(write("huge.csv", rows), ReadOptions.DEFAULTS.withSegmentColumn("id"))
            .segments()
            .orElseThrow();
    assertThat(csv.values())
        .containsExactly(
            "18446744073709551616", "18446744073709551617", "-99999999999999999999", "1.0E19");
    assertThat(csv.rows(0)).isEqualTo(2);
  }

  @Test
  void jsonLinesWithTheSegmentAndAColumnAppearingLate() throws IOException {
    Path file =
        write(
            "j.jsonl",
            """
            {"region": "a", "x": 1}
            {"region": "b", "x": 2}
            {"region": "a", "x": 3, "late": 7}
            {"x": 4, "late": 8}
            """);
    Dataset d = DatasetReader.read(file, BY_REGION);
    RowSegments s = d.segments().orElseThrow();
    assertThat(s.values()).containsExactly("a", "b", null);
    Dataset a = s.slice(d, new int[] {0}, "a");
    assertThat(((NumericColumn) a.column("x").orElseThrow()).values()).containsExactly(1, 3);
    NumericColumn late = (NumericColumn) a.column("late").orElseThrow();
    assertThat(late.values()).containsExactly(7); // the first row of a had no 'late' yet
    assertThat(late.missing()).isEqualTo(1);
    Dataset missing = s.slice(d, new int[] {2}, "missing");
    assertThat(((NumericColumn) missing.column("late").orElseThrow()).values()).containsExactly(8);
  }

  @Test
  void aFileWithoutTheSegmentColumnIsRefusedNamingIt() throws IOException {
    Path file = write("x.csv", "x,y\n1,2\n");
    assertThatThrownBy(() -> DatasetReader.read(file, BY_REGION))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("x.csv")
        .hasMessageContaining("no column 'region' to split the rows by");
  }

  @Test
  void aSegmentColumnWithTooManyValuesIsRefused() throws IOException {
    StringBuilder csv = new StringBuilder("id,x\n");
    for (int i = 0; i <= SegmentKeys.MAX_VALUES; i++) {
      csv.append("u").append(i).append(",1\n");
    }
    Path file = write("ids.csv", csv.toString());
    assertThatThrownBy(() -> DatasetReader.read(file, ReadOptions.DEFAULTS.withSegmentColumn("id")))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("more than 10000 distinct values");
  }

  @Test
  void labelCountsPerSegmentAreTheSameCountedDenselyOrBySorting() {
    Random random = new Random(3);
    int rows = 5000;
    int[] codes = new int[rows];
    long[] rowsPerCode = new long[4];
    BitSet missing = new BitSet();
    Map<String, long[]> labels = new HashMap<>();
    List<Integer> idsOfPresent = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      codes[row] = random.nextInt(4);
      rowsPerCode[codes[row]]++;
      if (random.nextInt(8) == 0) {
        missing.set(row);
        continue;
      }
      String label = "w" + random.nextInt(700);
      long[] entry = labels.computeIfAbsent(label, k -> new long[] {0, labels.size()});
      entry[0]++;
      idsOfPresent.add((int) entry[1]);
    }
    LabelColumn[] dense =
        SegmentLabelCounts.byCode(
            "t", labels, ids(idsOfPresent), missing, codes, rowsPerCode, Long.MAX_VALUE);
    LabelColumn[] sorted =
        SegmentLabelCounts.byCode("t", labels, ids(idsOfPresent), missing, codes, rowsPerCode, 0);
    long total = 0;
    for (int code = 0; code < 4; code++) {
      assertThat(sorted[code].labels()).isEqualTo(dense[code].labels());
      assertThat(sorted[code].counts()).containsExactly(dense[code].counts());
      assertThat(sorted[code].missing()).isEqualTo(dense[code].missing());
      assertThat(dense[code].present() + dense[code].missing()).isEqualTo(rowsPerCode[code]);
      total += dense[code].missing();
    }
    assertThat(total).isEqualTo(missing.cardinality());
  }

  private static IntBuffer ids(List<Integer> ids) {
    IntBuffer b = new IntBuffer();
    ids.forEach(b::add);
    return b;
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }
}
