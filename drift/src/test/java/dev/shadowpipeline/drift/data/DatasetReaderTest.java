package dev.shadowpipeline.drift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading real files: delimiters, quotes, missing values, bad rows with their line numbers, JSONL, errors. */
class DatasetReaderTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static NumericColumn numeric(Dataset d, String name) {
    return (NumericColumn) d.column(name).orElseThrow();
  }

  private static LabelColumn labels(Dataset d, String name) {
    return (LabelColumn) d.column(name).orElseThrow();
  }

  @Test
  void peekColumnsNamesAHeadersColumnsAsReadingWouldAndLeavesJsonLinesToTheRead() throws Exception {
    Path csv = dir.resolve("h.csv");
    Files.writeString(csv, "a;;a;b\n1;2;3;4\n5;6;7;8\n");
    SourceColumns peeked = DatasetReader.peekColumns(csv, ReadOptions.DEFAULTS).orElseThrow();
    assertThat(peeked.source()).isEqualTo("h.csv");
    assertThat(peeked.inSource()).containsExactly("a", "Unnamed: 1", "a.1", "b");
    assertThat(peeked.read()).containsExactlyInAnyOrder("a", "Unnamed: 1", "a.1", "b");
    assertThat(
            DatasetReader.peekColumns(csv, ReadOptions.DEFAULTS.withColumns(Set.of(), Set.of("b")))
                .orElseThrow()
                .read())
        .containsExactlyInAnyOrder("a", "Unnamed: 1", "a.1");
    assertThat(DatasetReader.read(csv, ReadOptions.DEFAULTS).sourceColumns())
        .containsExactly("a", "Unnamed: 1", "a.1", "b");
    Path jsonl = dir.resolve("h.jsonl");
    Files.writeString(jsonl, "{\"a\": 1}\n{\"b\": 2}\n");
    assertThat(DatasetReader.peekColumns(jsonl, ReadOptions.DEFAULTS)).isEmpty();
    assertThatThrownBy(
            () -> DatasetReader.peekColumns(dir.resolve("none.csv"), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void readsCommaSeparatedWithQuotedFields() throws IOException {
    Path file =
        write("a.csv", "age,city,income\n30,\"Paris, FR\",1.5\n40,\"Lyon \"\"2\"\"\",2.5\n");
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS);
    assertThat(d.rows()).isEqualTo(2);
    assertThat(d.columnNames()).containsExactly("age", "city", "income");
    assertThat(numeric(d, "age").values()).containsExactly(30, 40);
    assertThat(numeric(d, "age").integerLiterals()).isTrue();
    assertThat(numeric(d, "income").integerLiterals()).isFalse();
    assertThat(labels(d, "city").labels()).containsExactly("Lyon \"2\"", "Paris, FR");
    assertThat(d.badRowCount()).isZero();
  }

  @Test
  void detectsSemicolonAndTabDelimiters() throws IOException {
    Dataset semi = DatasetReader.read(write("s.csv", "a;b\n1,5;2\n3;4\n"), ReadOptions.DEFAULTS);
    assertThat(semi.columnNames()).containsExactly("a", "b");
    assertThat(labels(semi, "a").labels())
        .containsExactly("1,5", "3"); // a decimal comma is a label, not a number
    Dataset tab = DatasetReader.read(write("t.tsv", "a\tb\tc,d\n1\tx\ty\n"), ReadOptions.DEFAULTS);
    assertThat(tab.columnNames()).containsExactly("a", "b", "c,d");
  }

  private Path gzip(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void gzippedFilesAreReadAsTheyStream() throws IOException {
    String csv = "age;city\n30;Paris\n40;Lyon\n";
    Dataset plain = DatasetReader.read(write("a.csv", csv), ReadOptions.DEFAULTS);
    // before: "line 1: byte 0x8B begins no valid UTF-8 character", as pandas' read_csv reads it
    for (Path file :
        new Path[] {
          gzip("a.csv.gz", csv), gzip("a-csv-without-its-name.gz", csv), gzip("a", csv)
        }) {
      Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS);
      assertThat(d.columnNames()).as(file.toString()).isEqualTo(plain.columnNames());
      assertThat(numeric(d, "age").values()).containsExactly(30, 40);
      assertThat(labels(d, "city").labels()).containsExactly("Lyon", "Paris");
    }
    Dataset jsonl =
        DatasetReader.read(
            gzip("b.jsonl.gz", "{\"age\": 30}\n{\"age\": 41}\n"), ReadOptions.DEFAULTS);
    assertThat(numeric(jsonl, "age").values()).containsExactly(30, 41);
    Dataset guessed =
        DatasetReader.read(gzip("b.gz", "{\"age\": 30}\n{\"age\": 42}\n"), ReadOptions.DEFAULTS);
    assertThat(numeric(guessed, "age").values()).containsExactly(30, 42);
  }

  @Test
  void aGzipFileCutShortIsOneErrorSayingSo() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 20_000; i++) {
      csv.append(i).append(',').append(i * 7 % 13).append('\n');
    }
    Path whole = gzip("whole.csv.gz", csv.toString());
    byte[] bytes = Files.readAllBytes(whole);
    Path cut =
        Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> DatasetReader.read(cut, ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessage(
            cut
                + ": the gzip data is cut short (an interrupted copy or download?): gzip -t names"
                + " the fault");
  }

  @Test
  void aDecimalCommaReadsNumbersWhenAskedFor() throws IOException {
    // as pandas' read_csv(sep=';', decimal=','): 1,5 and 1.5 are 1.5; 1.234,5 (a thousands point)
    // stays text
    Path file = write("eu.csv", "a;b;c\n1,5;-0,25;x\n3;1.5;1.234,5\n");
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS.withDecimalComma(true));
    assertThat(numeric(d, "a").values()).containsExactly(1.5, 3);
    assertThat(numeric(d, "a").integerLiterals()).isFalse();
    assertThat(numeric(d, "b").values()).containsExactly(-0.25, 1.5);
    assertThat(labels(d, "c").labels()).containsExactly("1.234,5", "x");
    Dataset plain = DatasetReader.read(file, ReadOptions.DEFAULTS);
    assertThat(labels(plain, "a").labels()).containsExactly("1,5", "3");
  }

  @Test
  void missingTokensAreCountedNotStored() throws IOException {
    Path file = write("m.csv", "x,y\n1,a\n,b\nNA,NA\nNaN,null\nnull,None\nNone,\ninf,c\n2.5,a\n");
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS);
    assertThat(d.rows()).isEqualTo(8);
    assertThat(numeric(d, "x").values()).containsExactly(1, 2.5);
    assertThat(numeric(d, "x").missing())
        .isEqualTo(6); // five tokens and inf, which Evidently drops as well
    assertThat(labels(d, "y").labels()).containsExactly("a", "b", "c");
    assertThat(labels(d, "y").counts()).containsExactly(2, 1, 1);
    assertThat(labels(d, "y").missing()).isEqualTo(4);
  }

  @Test
  void pandasOtherMissingTokensAreMissingToo() throws IOException {
    // pandas 3.0.6 read_csv of this file: x float64 [1.0, 2.5] with 9 missing; y 5 missing and the
    // values
    // a, b, c, N/a, Null, a (its tokens are case-sensitive; ours keep null in any case, as before)
    Path file =
        write(
            "p.csv",
            """
            x,y
            1,a
            #N/A,b
            N/A,#N/A N/A
            n/a,<NA>
            #NA,c
            -NaN,-nan
            1.#IND,-1.#IND
            1.#QNAN,-1.#QNAN
            <NA>,N/a
            NULL,Null
            2.5,a
            """);
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS);
    // before: one #N/A made x a text column, compared by the text classifier instead of a numeric
    // test
    assertThat(numeric(d, "x").values()).containsExactly(1, 2.5);
    assertThat(numeric(d, "x").missing()).isEqualTo(9);
    assertThat(labels(d, "y").labels()).containsExactly("N/a", "a", "b", "c");
    assertThat(labels(d, "y").missing()).isEqualTo(6);
  }

  @Test
  void badRowsAreSkippedAndReportedWithTheirLineNumbers() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 1500; i++) { // past the 1000-row sample, so both kinds of checks run
      if (i == 3) {
        csv.append("1,2,3\n"); // line 5: a field too many
      } else if (i == 1200) {
        csv.append("abc,7\n"); // line 1202: not a number in a numeric column
      } else if (i == 1300) {
        csv.append("9\n"); // line 1302: a field short
      } else {
        csv.append(i).append(',').append(i * 2).append('\n');
      }
    }
    Dataset d = DatasetReader.read(write("bad.csv", csv.toString()), ReadOptions.DEFAULTS);
    assertThat(d.badRowCount()).isEqualTo(3);
    assertThat(d.badRows()).extracting(BadRow::line).containsExactly(5L, 1202L, 1302L);
    assertThat(d.badRows().get(0).reason()).isEqualTo("3 fields, expected 2");
    assertThat(d.badRows().get(1).reason())
        .contains("column 'a'")
        .contains("\"abc\" is not a number");
    assertThat(d.rows()).isEqualTo(1497);
    assertThat(numeric(d, "a").values()).hasSize(1497);
    assertThat(numeric(d, "b").values())
        .hasSize(1497); // a bad row loses every cell, so columns stay aligned
  }

  @Test
  void labelRowOrderIsKeptWhenAskedAcrossTheSampleAndPastBadRows() throws IOException {
    // sample of 3 rows, then streaming; a missing label, and a bad row, are not in the order
    String csv = "c,n\nred,1\nblue,2\n,3\nred,x\ngreen,5\nblue,6\nred,7\n";
    Path file = write("o.csv", csv);
    ReadOptions options = ReadOptions.DEFAULTS.withSampleRows(3).withLabelOrder(true);
    LabelColumn c = labels(DatasetReader.read(file, options), "c");
    assertThat(c.labels()).containsExactly("blue", "green", "red");
    assertThat(c.counts()).containsExactly(2, 1, 2);
    assertThat(c.missing()).isEqualTo(1);
    // red blue (missing) [bad row] green blue red
    assertThat(c.rowLabels()).hasValueSatisfying(o -> assertThat(o).containsExactly(2, 0, 1, 0, 2));
    // by default labels are only counted
    assertThat(labels(DatasetReader.read(file, ReadOptions.DEFAULTS), "c").rowLabels()).isEmpty();
  }

  @Test
  void aTypoInTheSampleMakesTheColumnLabels() throws IOException {
    Dataset d = DatasetReader.read(write("l.csv", "a\n1\ntwo\n3\n"), ReadOptions.DEFAULTS);
    assertThat(d.column("a").orElseThrow().kind()).isEqualTo(ValueKind.LABEL);
    assertThat(d.badRowCount()).isZero();
  }

  @Test
  void aColumnEmptyInTheSampleIsDecidedByItsFirstValue() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 1100; i++) {
      csv.append(i).append(',').append(i < 1050 ? "" : "x" + i).append('\n');
    }
    Dataset d = DatasetReader.read(write("late.csv", csv.toString()), ReadOptions.DEFAULTS);
    assertThat(labels(d, "b").present()).isEqualTo(50);
    assertThat(labels(d, "b").missing()).isEqualTo(1050);
  }

  @Test
  void duplicateAndBlankHeadersGetPandasNames() throws IOException {
    Dataset d = DatasetReader.read(write("h.csv", "a,a,\n1,2,3\n"), ReadOptions.DEFAULTS);
    assertThat(d.columnNames()).containsExactly("a", "a.1", "Unnamed: 2");
  }

  @Test
  void columnsCanBeChosenAndExcluded() throws IOException {
    Path file = write("c.csv", "a,b,c\n1,2,3\n");
    assertThat(
            DatasetReader.read(
                    file,
                    ReadOptions.DEFAULTS.withColumns(
                        java.util.Set.of("a", "c"), java.util.Set.of("c")))
                .columnNames())
        .containsExactly("a");
  }

  @Test
  void readsJsonLinesWithNullsNewKeysAndBadLines() throws IOException {
    Path file =
        write(
            "d.jsonl",
            """
        {"age": 30, "city": "Paris", "ok": true, "tags": ["x", {"y": [1]}, "z"]}
        {"age": null, "city": "Lyon", "tags": [1, 2]}

        {"age": 41.5, "city": "Paris", "extra": 7}
        {not json
        [1, 2]
        {"age": "old"}
        {"age": 1, "nested": {"a": 1}}
        {"age": 2}
        """);
    // a sample of two rows: age is numeric, so "old" later is a bad row (in the sample it would
    // make age labels)
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS.withSampleRows(2));
    // a key holding an object is left out as a column, listed as skipped; its row is kept (it was
    // a bad row, and a key nested on every line made every row bad: nothing left to compare)
    assertThat(d.columnNames()).containsExactly("age", "city", "ok", "extra");
    assertThat(d.skippedColumns())
        .extracting(SkippedColumn::name, SkippedColumn::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tags", "array"),
            org.assertj.core.groups.Tuple.tuple("nested", "object"));
    assertThat(d.rows()).isEqualTo(5);
    assertThat(numeric(d, "age").values()).containsExactly(30, 41.5, 1, 2);
    assertThat(numeric(d, "age").missing()).isEqualTo(1);
    assertThat(numeric(d, "extra").missing())
        .isEqualTo(4); // absent before it first appeared, and after
    assertThat(labels(d, "ok").labels()).containsExactly("true");
    assertThat(d.badRows()).extracting(BadRow::line).containsExactly(5L, 6L, 7L);
    assertThat(d.badRows().get(0).reason()).startsWith("invalid JSON");
    assertThat(d.badRows().get(1).reason()).isEqualTo("not a JSON object");
    assertThat(d.badRows().get(2).reason()).contains("\"old\" is not a number");
  }

  @Test
  void jsonLinesStartingWithAByteOrderMarkKeepTheirFirstRowAndARepeatedKeyIsABadRow()
      throws IOException {
    Path file = dir.resolve("bom.jsonl");
    Files.write(
        file,
        "\uFEFF{\"a\": 1}\n{\"a\": 2, \"a\": 500}\n{\"a\": 3}\n".getBytes(StandardCharsets.UTF_8));
    Dataset d = DatasetReader.read(file, ReadOptions.DEFAULTS);
    assertThat(d.columnNames()).containsExactly("a");
    // the first row survives the mark; the second, whose first value a later one would replace,
    // is set aside with its line and key named, rather than read as 500 alone
    assertThat(numeric(d, "a").values()).containsExactly(1, 3);
    assertThat(d.badRows()).extracting(BadRow::line).containsExactly(2L);
    assertThat(d.badRows().get(0).reason()).startsWith("invalid JSON: Duplicate field 'a'");
  }

  @Test
  void thePairIsReadWithTheReferenceKinds() throws IOException {
    Path ref = write("ref.csv", "a,b\n1,x\n2,y\n");
    Path cur = write("cur.csv", "a,b\nfoo,1\n3,2\n");
    DatasetPair pair = DatasetReader.readPair(ref, cur, ReadOptions.DEFAULTS);
    assertThat(pair.current().column("a").orElseThrow().kind()).isEqualTo(ValueKind.NUMBER);
    assertThat(pair.current().column("b").orElseThrow().kind()).isEqualTo(ValueKind.LABEL);
    assertThat(pair.current().badRows()).singleElement().extracting(BadRow::line).isEqualTo(2L);
  }

  @Test
  void progressReportsBytes() throws IOException {
    Path file = write("p.csv", "a\n1\n2\n");
    long[] last = {-1};
    DatasetReader.read(file, ReadOptions.DEFAULTS.withProgress(b -> last[0] = b));
    assertThat(last[0]).isEqualTo(Files.size(file));
  }

  @Test
  void unreadableFilesNameTheFile() throws IOException {
    assertThatThrownBy(() -> DatasetReader.read(dir.resolve("nope.csv"), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("nope.csv")
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> DatasetReader.read(write("e.csv", ""), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("e.csv")
        .hasMessageContaining("header");
    assertThatThrownBy(() -> DatasetReader.read(write("x.parquet", "PAR1"), ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("Parquet");
    assertThatThrownBy(() -> DatasetReader.read(dir, ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class);
  }

  @Test
  void aQuoteLeftOpenToTheEndOfTheFileIsAnErrorAtTheLineItOpened() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (int i = 0; i < 10; i++) {
      csv.append(i).append(",1\n");
    }
    csv.append("\"oops,3\n"); // line 12: the quote never closes
    for (int i = 0; i < 189; i++) {
      csv.append(i + 3).append(",2\n");
    }
    Path file = write("open.csv", csv.toString());
    // read as one bad row, this lost 189 rows without a word
    assertThatThrownBy(() -> DatasetReader.read(file, ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("open.csv")
        .hasMessageContaining("line 12: a quote opened in this row is never closed");
  }

  @Test
  void aBadRowThatAQuoteStretchedOverManyLinesSaysHowManyLinesItTook() throws IOException {
    // line 4 opens a quote that line 8 closes: lines 4-8 are one record
    String body = "a,b\n1,x\n2,y\n\"3,z\n4,w\n5,v\n6,u\n7\"\n8,t\n";
    Dataset fields = DatasetReader.read(write("q1.csv", body), ReadOptions.DEFAULTS);
    assertThat(fields.rows()).isEqualTo(3);
    assertThat(fields.badRows())
        .containsExactly(
            new BadRow(
                4,
                "1 fields, expected 2 (a quoted field spans lines 4-8: 5 lines skipped as this"
                    + " one row)"));
    // the same record with two fields, its first not a number (the kind fixed, as the reference
    // fixes it for the current file): the message keeps to one line
    String numbers = "a,b\n1,x\n2,y\n\"3,z\n4,w\n5\",v\n6,u\n";
    Dataset value =
        DatasetReader.read(
            write("q2.csv", numbers),
            ReadOptions.DEFAULTS.withKinds(Map.of("a", ValueKind.NUMBER)));
    assertThat(value.rows()).isEqualTo(3);
    assertThat(value.badRows())
        .containsExactly(
            new BadRow(
                4,
                "column 'a': \"3,z...\" is not a number (a quoted field spans lines 4-6: 3 lines"
                    + " skipped as this one row)"));
    // a quoted label over two lines is a good row, as in any CSV
    Dataset text =
        DatasetReader.read(write("q3.csv", "a,b\n1,\"two\nlines\"\n2,x\n"), ReadOptions.DEFAULTS);
    assertThat(text.rows()).isEqualTo(2);
    assertThat(labels(text, "b").labels()).containsExactly("two\nlines", "x");
  }

  @Test
  void bytesThatAreNotUtf8AreAnErrorNamingTheLineNotAMergedValue() throws IOException {
    // Latin-1 "café" and "cafè": replaced by U+FFFD, both read as one category "caf\uFFFD"
    byte[] csv = "c\ntea\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = dir.resolve("latin1.csv");
    Files.write(file, csv);
    assertThatThrownBy(() -> DatasetReader.read(file, ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("latin1.csv")
        .hasMessageContaining("line 3: byte 0xE9 begins no valid UTF-8 character");
    byte[] jsonl =
        "{\"c\":\"tea\"}\r\n{\"c\":\"caf\u00e8\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    Path lines = dir.resolve("latin1.jsonl");
    Files.write(lines, jsonl);
    assertThatThrownBy(() -> DatasetReader.read(lines, ReadOptions.DEFAULTS))
        .isInstanceOf(DataReadException.class)
        .hasMessageContaining("line 2: byte 0xE8 begins no valid UTF-8 character");
    // a character cut off by the end of the file, an overlong "/" and a surrogate are not UTF-8
    for (byte[] bad :
        new byte[][] {
          {'c', '\n', 'a', (byte) 0xC3},
          {'c', '\n', (byte) 0xC0, (byte) 0xAF, '\n'},
          {'c', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}
        }) {
      Path f = dir.resolve("bad.csv");
      Files.write(f, bad);
      assertThatThrownBy(() -> DatasetReader.read(f, ReadOptions.DEFAULTS))
          .isInstanceOf(DataReadException.class)
          .hasMessageContaining("line 2: ");
    }
    // UTF-8 itself, up to four bytes a character, reads as before; so does UTF-16 with its mark
    Path utf8 = write("u.csv", "c\ncaf\u00e9\ntea \ud83c\udf75\n");
    assertThat(labels(DatasetReader.read(utf8, ReadOptions.DEFAULTS), "c").labels())
        .containsExactly("caf\u00e9", "tea \ud83c\udf75");
    Path utf16 = dir.resolve("u16.csv");
    Files.write(utf16, "c\ncaf\u00e9\n".getBytes(StandardCharsets.UTF_16));
    assertThat(labels(DatasetReader.read(utf16, ReadOptions.DEFAULTS), "c").labels())
        .containsExactly("caf\u00e9");
  }

  @Test
  void peekDecidesKindsFromTheFirstRows() throws IOException {
    Path file = write("k.csv", "a,b,c\n1,x,\n");
    Map<String, ValueKind> kinds = DatasetReader.peekKinds(file, ReadOptions.DEFAULTS);
    assertThat(kinds)
        .containsExactly(Map.entry("a", ValueKind.NUMBER), Map.entry("b", ValueKind.LABEL));
  }
}
