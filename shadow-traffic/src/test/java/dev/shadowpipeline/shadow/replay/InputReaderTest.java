package dev.shadowpipeline.shadow.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an input file must be before a replay sends anything: UTF-8, and a CSV header naming each field once. */
class InputReaderTest {

  @TempDir Path dir;
  private final InputReader reader = new InputReader(new ObjectMapper());

  @Test
  void aLatin1FileIsRefusedAtItsFirstBadLineInsteadOfMergingValues() throws IOException {
    // "café" and "cafè" in Latin-1: decoded with replacement both become "caf\uFFFD"
    Path csv = dir.resolve("latin1.csv");
    Files.write(
        csv, "c,n\ntea,1\ncaf\u00e9,2\ncaf\u00e8,3\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> reader.check(csv, InputFormat.CSV))
        .isInstanceOf(IOException.class)
        .hasMessage(
            csv + " line 3: not UTF-8 (save the file as UTF-8, e.g. iconv -f latin1 -t utf-8)");
    Path jsonl = dir.resolve("latin1.jsonl");
    Files.write(
        jsonl, "{\"c\":\"tea\"}\n\n{\"c\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> reader.check(jsonl, InputFormat.JSONL))
        .hasMessageContaining(" line 3: not UTF-8");
  }

  @Test
  void theBadLineIsFoundPastTheFirstChunkAndACutSequenceAtTheEndIsBadToo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      lines
          .append("{\"n\":")
          .append(i)
          .append(",\"s\":\"\u00e9\u20ac\uD83D\uDE00\"}\n"); // 2-, 3- and 4-byte
    }
    bytes.writeBytes(lines.toString().getBytes(StandardCharsets.UTF_8));
    Path good = dir.resolve("good.jsonl");
    Files.write(good, bytes.toByteArray());
    assertThat(Utf8Check.firstBadLine(good)).isEmpty();
    bytes.write(0xC3); // the first byte of "é" with nothing after it, on line 20,001
    Path cut = dir.resolve("cut.jsonl");
    Files.write(cut, bytes.toByteArray());
    assertThat(Utf8Check.firstBadLine(cut)).isEqualTo(OptionalLong.of(20_001));
  }

  @Test
  void aCsvHeaderNamingAFieldTwiceOrNotAtAllIsRefused() throws IOException {
    Path twice = dir.resolve("twice.csv");
    Files.writeString(twice, "age,income,age\n31,100,32\n");
    assertThatThrownBy(() -> reader.check(twice, InputFormat.CSV))
        .hasMessage(
            twice
                + ": the header names 'age' twice (columns 1 and 3): each field needs a name of its own");
    List<InputRow> rows = new ArrayList<>();
    assertThatThrownBy(() -> reader.read(twice, InputFormat.CSV, rows::add))
        .hasMessageContaining("'age' twice");
    assertThat(rows).isEmpty();
    Path blank = dir.resolve("blank.csv");
    Files.writeString(blank, "age,,income\n31,x,100\n");
    assertThatThrownBy(() -> reader.check(blank, InputFormat.CSV))
        .hasMessage(blank + ": column 2 of the header has no name: each field needs one");
  }

  @Test
  void aNumberPastTheDoublesIsABadRowNotTheStringInfinity() throws IOException {
    Path jsonl = dir.resolve("big.jsonl");
    Files.writeString(jsonl, "{\"a\":1}\n{\"a\":{\"b\":[1,-1e400]}}\n{\"a\":1e300}\n");
    List<InputRow> rows = new ArrayList<>();
    reader.read(jsonl, InputFormat.JSONL, rows::add);
    assertThat(rows).extracting(InputRow::readable).containsExactly(true, false, true);
    assertThat(rows.get(1).problem()).isEqualTo("a number beyond the range of doubles at /a/b/1");
    Path array = dir.resolve("big.json");
    Files.writeString(array, "[1e400, 2]");
    rows.clear();
    reader.read(array, InputFormat.JSON, rows::add);
    assertThat(rows).extracting(InputRow::readable).containsExactly(false, true);
    assertThat(rows.get(0).problem()).isEqualTo("a number beyond the range of doubles at /");
  }

  @Test
  void aGoodCsvPassesAndReadsAsBefore() throws IOException {
    Path csv = dir.resolve("ok.csv");
    Files.writeString(csv, "\uFEFFage,name\n31,caf\u00e9\n", StandardCharsets.UTF_8);
    reader.check(csv, InputFormat.CSV);
    List<InputRow> rows = new ArrayList<>();
    reader.read(csv, InputFormat.CSV, rows::add);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).readable()).isTrue();
    assertThat(rows.get(0).body().get("name").asText()).isEqualTo("caf\u00e9");
  }
}
