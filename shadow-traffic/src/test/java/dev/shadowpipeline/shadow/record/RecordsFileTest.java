package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsFileTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  private static String record(int i) {
    return "{\"id\":\"r" + i + "\",\"verdict\":{\"match\":true}}";
  }

  @Test
  void readsEveryRecordInOrderAndNamesTheBadLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(record(i));
    }
    lines.add("{\"id\":\"cut"); // line 11: a crash cut it short
    lines.add("");
    lines.add("[1, 2]"); // line 13: JSON, but not a record
    lines.add(record(10));
    Path file = dir.resolve("records.jsonl");
    Files.write(file, lines);
    List<String> ids = new ArrayList<>();
    RecordsFile.ReadStats stats =
        RecordsFile.read(file, MAPPER, (ObjectNode r) -> ids.add(r.get("id").asText()));
    assertThat(ids).hasSize(11).startsWith("r0", "r1").endsWith("r9", "r10");
    assertThat(stats.records()).isEqualTo(11);
    assertThat(stats.badLines()).isEqualTo(2);
    assertThat(stats.problems()).hasSize(2);
    assertThat(stats.problems().get(0)).startsWith("line 11: not JSON");
    assertThat(stats.problems().get(1)).startsWith("line 13: not a record");
  }

  @Test
  void aRecordWhoseIdRepeatsAnEarlierOneIsCountedOnceWhicheverWayItIsRead() throws Exception {
    // one file appended to a copy of itself, across chunk boundaries: each pair must count once
    StringBuilder one = new StringBuilder();
    int n = 0;
    while (one.length() < RecordsFile.CHUNK + 1000) {
      one.append(record(n++)).append('\n');
    }
    one.append("{\"id\":\"no-verdict\"}\n"); // not a record: skipped as a bad line, twice
    one.append("{\"verdict\":{\"match\":true}}\n"); // no id: never a repeat
    Path file = dir.resolve("twice.jsonl");
    Files.writeString(file, one.toString() + one);
    for (RecordsFile.Reading reading : RecordsFile.Reading.values()) {
      List<String> ids = new ArrayList<>();
      RecordsFile.ReadStats stats =
          RecordsFile.readOncePerId(
              file, MAPPER, (ObjectNode r) -> ids.add(r.path("id").asText("-")), reading);
      assertThat(stats.records()).as(reading.name()).isEqualTo(n + 2);
      assertThat(ids).as(reading.name()).hasSize(n + 2);
      assertThat(ids.stream().filter(id -> !id.equals("-")).toList()).doesNotHaveDuplicates();
      assertThat(stats.duplicates()).isEqualTo(n);
      assertThat(stats.firstDuplicate()).isEqualTo("r0");
      assertThat(stats.badLines()).isEqualTo(2);
      assertThat(stats.duplicatesWarning())
          .contains(
              n
                  + " records repeat the id of an earlier record and were skipped, so each pair"
                  + " counts once (first: r0)");
    }
  }

  @Test
  void lineNumbersStayRightAcrossChunks() throws Exception {
    // more than one chunk of records, then one bad line: its number counts every line before it
    StringBuilder text = new StringBuilder();
    int n = 0;
    while (text.length() < RecordsFile.CHUNK * 2 + 1000) {
      text.append(record(n++)).append('\n');
    }
    text.append("not json\n").append(record(n++)).append('\n');
    Path file = dir.resolve("big.jsonl");
    Files.writeString(file, text);
    List<String> ids = new ArrayList<>();
    RecordsFile.ReadStats stats =
        RecordsFile.read(file, MAPPER, (ObjectNode r) -> ids.add(r.get("id").asText()));
    assertThat(stats.records()).isEqualTo(n);
    assertThat(ids.get(n - 1)).isEqualTo("r" + (n - 1));
    assertThat(stats.problems())
        .containsExactly(
            "line "
                + n
                + ": not JSON: Unrecognized token 'not': was expecting "
                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void forSummariesAgreeingPairsComeWithoutBodiesAndDivergingOnesWhole() throws Exception {
    String agreeing =
        "{\"id\":\"a\",\"request\":{\"body\":{\"x\":1}},\"primary\":{\"status\":200,"
            + "\"latency_ms\":1.5,\"headers\":{\"h\":\"v\"},\"body\":{\"d\":1}},\"shadow\":{\"status\":200,"
            + "\"latency_ms\":2,\"body\":{\"d\":1}},\"verdict\":{\"match\":true,\"observations\":[{\"value\":0.25}]}}";
    String diverging =
        agreeing
            .replace("\"id\":\"a\"", "\"id\":\"d\"")
            .replace("\"match\":true", "\"match\":false");
    Path file = dir.resolve("records.jsonl");
    Files.write(
        file, List.of(agreeing, diverging, agreeing.replace("\"id\":\"a\"", "\"id\":\"b\"")));
    List<ObjectNode> read = new ArrayList<>();
    RecordsFile.ReadStats stats = RecordsFile.readForSummary(file, MAPPER, read::add);
    assertThat(read).extracting(r -> r.get("id").asText()).containsExactly("a", "d", "b");
    ObjectNode a = read.get(0);
    assertThat(a.has("request")).isFalse();
    assertThat(a.at("/primary/body").isMissingNode()).isTrue();
    assertThat(a.at("/primary/latency_ms").asDouble()).isEqualTo(1.5);
    assertThat(a.at("/verdict/observations/0/value").asDouble()).isEqualTo(0.25);
    ObjectNode d = read.get(1);
    assertThat(d.at("/request/body/x").asInt()).isEqualTo(1);
    assertThat(d.at("/primary/headers/h").asText()).isEqualTo("v");
    assertThat(stats.badLines()).isZero();
    // a chunk with a broken line is read line by line, whole: still every good record, and the bad
    // one named
    Files.write(file, List.of(agreeing, "{broken", diverging));
    read.clear();
    stats = RecordsFile.readForSummary(file, MAPPER, read::add);
    assertThat(read).extracting(r -> r.get("id").asText()).containsExactly("a", "d");
    assertThat(stats.problems()).singleElement().asString().startsWith("line 2: not JSON");
  }
}
