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
            csv
                + " line 3: not UTF-8 (byte 0xE9 at column 4); save the file as UTF-8"
                + " (e.g. iconv -f latin1 -t utf-8)");
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
    assertThat(Utf8Check.firstMalformed(good)).isEmpty();
    bytes.write(0xC3); // the first byte of "é" with nothing after it, on line 20,001
    Path cut = dir.resolve("cut.jsonl");
    Files.write(cut, bytes.toByteArray());
    assertThat(Utf8Check.firstMalformed(cut)).contains(new Utf8Check.Malformed(20_001, 1, 0xC3));
    assertThat(Utf8Check.firstMalformed(bytes.toByteArray()))
        .contains(new Utf8Check.Malformed(20_001, 1, 0xC3));
  }

  @Test
  void theColumnCountsCharactersNotBytes() {
    // "é€😀" is 2 + 3 + 4 bytes but 3 characters, as an editor shows them; 0xE9 is Latin-1 "é"
    byte[] line2 = "{}\n\u00e9\u20ac\uD83D\uDE00 x".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(line2, line2.length + 2);
    bytes[line2.length] = (byte) 0xE9;
    bytes[line2.length + 1] = '\n';
    assertThat(Utf8Check.firstMalformed(bytes)).contains(new Utf8Check.Malformed(2, 6, 0xE9));
    // an overlong "/" (0xC0 0xAF) and a UTF-16 surrogate (0xED 0xA0 0x80) are not UTF-8 either
    assertThat(Utf8Check.firstMalformed(new byte[] {'a', (byte) 0xC0, (byte) 0xAF}))
        .contains(new Utf8Check.Malformed(1, 2, 0xC0));
    assertThat(Utf8Check.firstMalformed(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .contains(new Utf8Check.Malformed(1, 1, 0xED));
    assertThat(Utf8Check.firstMalformed(new byte[0])).isEmpty();
    assertThat(new Utf8Check.Malformed(3, 7, 0xE9).describe())
        .isEqualTo("line 3: not UTF-8 (byte 0xE9 at column 7); save the file as UTF-8");
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
  void aByteOrderMarkKeepsTheFirstRowAndARepeatedKeyIsABadRow() throws IOException {
    Path jsonl = dir.resolve("bom.jsonl");
    Files.write(
        jsonl,
        "\uFEFF{\"a\":1}\r\n{\"a\":2,\"a\":600}\r\n{\"a\":3}\r\n".getBytes(StandardCharsets.UTF_8));
    List<InputRow> rows = new ArrayList<>();
    reader.read(jsonl, InputFormat.JSONL, rows::add);
    assertThat(rows).extracting(InputRow::readable).containsExactly(true, false, true);
    assertThat(rows.get(1).problem()).startsWith("not JSON: Duplicate field 'a'");
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
