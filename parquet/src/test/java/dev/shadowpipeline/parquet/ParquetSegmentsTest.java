package dev.shadowpipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.RowSegments;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet read with a segment column cuts into the same segments as the same data read from CSV. */
class ParquetSegmentsTest {

  /** Missing values in every column, the segment's included; rows in a fixed order. */
  private static final String DATA =
      "SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE ['north', 'south', 'east'][1 + (i % 3)::INTEGER] END"
          + " AS region, (i % 5)::INTEGER AS store, (9007199254740992 + i % 3)::BIGINT AS big,"
          + " CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 7919) % 1000) / 10.0 END AS x,"
          + " CASE WHEN i % 13 = 0 THEN NULL ELSE 'k' || (i % 4) END AS k"
          + " FROM range(5000) t(i) ORDER BY i";

  @TempDir Path dir;

  private Path parquet() throws Exception {
    return ParquetFixtures.write(dir.resolve("data.parquet"), DATA);
  }

  private Path csv() throws Exception {
    Path file = dir.resolve("data.csv");
    ParquetFixtures.sql(
        "COPY (" + DATA + ") TO " + DuckDb.literal(file.toString()) + " (FORMAT csv, HEADER)");
    return file;
  }

  @Test
  void parquetAndCsvCutIntoTheSameSegments() throws Exception {
    for (String column : new String[] {"region", "store", "big"}) {
      ReadOptions options = ReadOptions.DEFAULTS.withSegmentColumn(column);
      Dataset fromParquet = ParquetReader.read(ParquetSource.of(parquet()), options);
      Dataset fromCsv = DatasetReader.read(csv(), options);
      RowSegments p = fromParquet.segments().orElseThrow();
      RowSegments c = fromCsv.segments().orElseThrow();
      assertThat(p.values()).as(column).containsExactlyInAnyOrderElementsOf(c.values());
      if (column.equals("store")) {
        // an integer segment column is keyed by its number, as CSV's
        assertThat(p.values()).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
      } else if (column.equals("big")) {
        // past 2^53 by its digits: as doubles, 2^53 + 1 would be 2^53's segment; i % 3 over
        // range(5000) gives 1667, 1667 and 1666 rows
        assertThat(p.values())
            .containsExactlyInAnyOrder("9007199254740992", "9007199254740993", "9007199254740994");
        assertThat(p.rows(p.values().indexOf("9007199254740993"))).isEqualTo(1667);
        assertThat(p.rows(p.values().indexOf("9007199254740994"))).isEqualTo(1666);
      } else {
        assertThat(p.values()).contains((String) null);
      }
      for (String value : c.values()) {
        Dataset ps = p.slice(fromParquet, new int[] {p.values().indexOf(value)}, "p");
        Dataset cs = c.slice(fromCsv, new int[] {c.values().indexOf(value)}, "c");
        assertThat(ps.rows()).as(column + "=" + value).isEqualTo(cs.rows()).isPositive();
        assertThat(ps.columnNames()).isEqualTo(cs.columnNames()).doesNotContain(column);
        for (String name : ps.columnNames()) {
          assertSame(ps.column(name).orElseThrow(), cs.column(name).orElseThrow());
        }
      }
    }
  }

  @Test
  void integersPastALongAreOneSegmentEachFromParquetAndCsvAlike() throws Exception {
    // DECIMAL(38,0) holds 2^64 and 2^64 + 1 apart; CSV writes their digits, and 2^64, which a
    // double
    // holds exactly, must not be named 1.8446744073709552E19 there. pandas 3.0.6 on the CSV:
    // dtype object, groupby sizes 100, 100, 100
    String data =
        "SELECT (CASE i % 3 WHEN 0 THEN 18446744073709551616 WHEN 1 THEN 18446744073709551617"
            + " ELSE -99999999999999999999 END)::DECIMAL(38,0) AS huge, i * 1.0 AS x"
            + " FROM range(300) t(i)";
    Path parquet = ParquetFixtures.write(dir.resolve("huge.parquet"), data);
    Path csv = dir.resolve("huge.csv");
    ParquetFixtures.sql(
        "COPY (" + data + ") TO " + DuckDb.literal(csv.toString()) + " (FORMAT csv, HEADER)");
    ReadOptions options = ReadOptions.DEFAULTS.withSegmentColumn("huge");
    RowSegments p = ParquetReader.read(ParquetSource.of(parquet), options).segments().orElseThrow();
    RowSegments c = DatasetReader.read(csv, options).segments().orElseThrow();
    assertThat(p.values())
        .containsExactlyInAnyOrder(
            "18446744073709551616", "18446744073709551617", "-99999999999999999999")
        .containsExactlyInAnyOrderElementsOf(c.values());
    for (String value : p.values()) {
      assertThat(p.rows(p.values().indexOf(value))).as(value).isEqualTo(100);
      assertThat(c.rows(c.values().indexOf(value))).as(value).isEqualTo(100);
    }
  }

  private static void assertSame(RawColumn parquet, RawColumn csv) {
    assertThat(parquet.missing()).as(parquet.name()).isEqualTo(csv.missing());
    if (parquet instanceof NumericColumn n) {
      assertThat(n.values()).containsExactly(((NumericColumn) csv).values());
    } else {
      LabelColumn l = (LabelColumn) parquet;
      assertThat(l.labels()).isEqualTo(((LabelColumn) csv).labels());
      assertThat(l.counts()).containsExactly(((LabelColumn) csv).counts());
    }
  }

  @Test
  void labelsOnlyAndTheSegmentColumnLeftOut() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("labels.parquet"),
            "SELECT ['a', 'b'][1 + (i % 2)::INTEGER] AS seg, 'k' || (i % 3) AS k FROM range(90) t(i)");
    Dataset d =
        ParquetReader.read(
            ParquetSource.of(file),
            ReadOptions.DEFAULTS.withColumns(Set.of(), Set.of("seg")).withSegmentColumn("seg"));
    assertThat(d.columnNames()).containsExactly("k");
    assertThat(d.rows()).isEqualTo(90);
    RowSegments s = d.segments().orElseThrow();
    Dataset a = s.slice(d, new int[] {s.values().indexOf("a")}, "a");
    assertThat(a.rows()).isEqualTo(45);
    assertThat(((LabelColumn) a.column("k").orElseThrow()).counts()).containsExactly(15, 15, 15);
  }

  @Test
  void textSegmentsWithQuotesNullsOnlyAndTooManyValues() throws Exception {
    Path quoted =
        ParquetFixtures.write(
            dir.resolve("quoted.parquet"),
            "SELECT [$$it's$$, 'a,b', NULL][1 + (i % 3)::INTEGER] AS seg, i * 1.0 AS x FROM range(9) t(i)");
    Dataset d =
        ParquetReader.read(ParquetSource.of(quoted), ReadOptions.DEFAULTS.withSegmentColumn("seg"));
    RowSegments s = d.segments().orElseThrow();
    assertThat(s.values()).containsExactly("it's", "a,b", null);
    Dataset quote = s.slice(d, new int[] {0}, "q");
    assertThat(((NumericColumn) quote.column("x").orElseThrow()).values()).containsExactly(0, 3, 6);

    Path blank =
        ParquetFixtures.write(
            dir.resolve("blank.parquet"), "SELECT NULL::VARCHAR AS seg, 1.5 AS x FROM range(4)");
    RowSegments none =
        ParquetReader.read(ParquetSource.of(blank), ReadOptions.DEFAULTS.withSegmentColumn("seg"))
            .segments()
            .orElseThrow();
    assertThat(none.values()).containsExactly((String) null);
    assertThat(none.rows(0)).isEqualTo(4);

    Path ids =
        ParquetFixtures.write(
            dir.resolve("ids.parquet"), "SELECT 'u' || i AS id, 1.5 AS x FROM range(10001) t(i)");
    assertThatThrownBy(
            () ->
                ParquetReader.read(
                    ParquetSource.of(ids), ReadOptions.DEFAULTS.withSegmentColumn("id")))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("more than 10000 distinct values");
  }

  @Test
  void aMissingOrNestedSegmentColumnIsOneErrorNamingIt() throws Exception {
    Path file = parquet();
    assertThatThrownBy(
            () ->
                ParquetReader.read(
                    ParquetSource.of(file), ReadOptions.DEFAULTS.withSegmentColumn("city")))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("no column 'city' to split the rows by");
    Path nested =
        ParquetFixtures.write(dir.resolve("nested.parquet"), "SELECT {'a': 1} AS st, 1.5 AS x");
    assertThatThrownBy(
            () ->
                ParquetReader.read(
                    ParquetSource.of(nested), ReadOptions.DEFAULTS.withSegmentColumn("st")))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("the segment column 'st' has type STRUCT");
  }
}
