package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte scanner on hand-picked lines: each is read between two good records both ways (the scanner, Jackson
 * alone), which must agree on every record and on every skipped line's number and message; and for some, how the
 * scanner got there (by itself, by handing the line to Jackson, or by giving the chunk up) is checked too, so that
 * the agreement is not that of two identical fallbacks.
 */
class RecordScannerTest {

  @TempDir Path dir;

  // an agreeing record as the proxy writes it, with bodies, headers and observations
  static final String AGREEING =
      "{\"id\":\"r1\",\"time\":\"2026-11-01T00:00:00.000000Z\",\"method\":\"POST\",\"path\":\"/predict\","
          + "\"shadow_target\":\"http://shadow:8002\",\"request\":{\"headers\":{\"content-type\":"
          + "\"application/json\"},\"body_bytes\":80,\"body_format\":\"json\",\"body\":{\"age\":31,"
          + "\"income\":54205.57}},\"input_key\":\"abc\",\"primary\":{\"status\":200,\"latency_ms\":3.594,"
          + "\"headers\":{\"content-type\":\"application/json\"},\"body_format\":\"json\",\"body\":"
          + "{\"decision\":\"approve\",\"score\":0.639427}},\"latency_delta_ms\":6.694,\"verdict\":{\"comparator\":"
          + "\"label+score\",\"match\":true,\"difference_count\":0,\"differences\":[],\"observations\":["
          + "{\"comparator\":\"label\",\"path\":\"/decision\",\"metric\":\"agreement\",\"value\":1,\"primary\":"
          + "\"approve\",\"shadow\":\"approve\"},{\"comparator\":\"score\",\"path\":\"/score\",\"metric\":\"delta\","
          + "\"value\":0.039607237047489585}]},\"shadow\":{\"status\":200,\"latency_ms\":10.288,\"headers\":"
          + "{\"content-type\":\"application/json\"},\"body_format\":\"json\",\"body\":{\"decision\":\"approve\","
          + "\"score\":0.679034}}}";

  static final String DIVERGING =
      AGREEING
          .replace("\"id\":\"r1\"", "\"id\":\"r2\"")
          .replace(
              "\"match\":true,\"difference_count\":0,\"differences\":[]",
              "\"match\":false,\"severity\":\"critical\",\"difference_count\":1,\"differences\":[{\"kind\":"
                  + "\"label_flip\",\"path\":\"/decision\",\"primary\":\"approve\",\"shadow\":\"reject\","
                  + "\"severity\":\"critical\"}]");

  private static byte[] file(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void agreeingAndDivergingRecordsAreReadByTheScannerItself() throws Exception {
    byte[] file = file(AGREEING, DIVERGING, AGREEING);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isZero();
    // the diverging record read whole by the scanner too, not again by Jackson
    assertThat(ScannedReads.jacksonTreesOrMinusOne(file)).isZero();
    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    ObjectNode agreeing = read.records().get(0);
    assertThat(agreeing.has("request")).isFalse();
    assertThat(agreeing.path("primary").has("body")).isFalse();
    assertThat(agreeing.path("primary").has("headers")).isFalse();
    assertThat(agreeing.at("/verdict/observations/1/value").asDouble())
        .isEqualTo(0.039607237047489585);
    ObjectNode diverging = read.records().get(1);
    assertThat(diverging.at("/request/body/age").asInt()).isEqualTo(31);
    assertThat(diverging.at("/shadow/headers/content-type").asText()).isEqualTo("application/json");
  }

  // lines the scanner reads itself: what matters is in strings (escapes, UTF-8, braces), whitespace
  // and numbers
  @ParameterizedTest
  @ValueSource(
      strings = {
        // escapes in names and values, a quote and braces inside strings, escaped and raw non-ASCII
        "{\"id\":\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\b\\f\\n\\r\\t\",\"na\\u006de\":\"}{][\",\"verdict\":{\"match\":true}}",
        "{\"id\":\"é ü 日本 😀\",\"llm\":\"「答え」\",\"verdict\":{\"match\":true}}",
        // a lone surrogate escape reads as that char
        "{\"id\":\"\\ud800x\",\"verdict\":{\"match\":true}}",
        // bodies with nested objects, arrays, braces in strings, and every literal, skipped
        "{\"request\":{\"body\":{\"a\":[1,{\"b\":\"}}]]\\\"\"},[],{}],\"c\":null,\"d\":true,\"e\":false}},\"primary\":"
            + "{\"body\":[[[{\"x\":-1.5e-3}]]],\"headers\":{\"h\":[\"1\",\"2\"]},\"status\":200},\"verdict\":"
            + "{\"match\":true}}",
        // whitespace everywhere JSON allows it (no newline inside a record)
        "  { \"id\" : \"w\" ,\t\"primary\" : { \"status\" : 200 , \"body\" : { } } , \"verdict\" : { \"match\" :"
            + " true , \"observations\" : [ { \"value\" : 1 } , { } ] } }  \t\r",
        // numbers at the int and long edges, exponents, negative zero
        "{\"verdict\":{\"match\":true,\"observations\":[{\"value\":-0},{\"value\":-0.0},{\"value\":2147483647},"
            + "{\"value\":2147483648},{\"value\":-2147483649},{\"value\":999999999999999999},{\"value\":1E+2},"
            + "{\"value\":1e400},{\"value\":4.9e-324}]}}",
        // duplicate names: the last value wins, in the first one's place, as Jackson builds the
        // tree
        "{\"id\":\"1\",\"primary\":{\"status\":200},\"id\":\"2\",\"primary\":\"gone\",\"verdict\":{\"match\":true},"
            + "\"verdict\":{\"match\":true,\"x\":1}}",
        // a side that is not an object, a request that is not one, an empty side
        "{\"request\":7,\"primary\":[1,2],\"shadow\":{},\"verdict\":{\"match\":true}}"
        // a match that is not a boolean is no record at all: ImpossibleRecordsTest
      })
  void linesTheScannerReadsItselfAreReadAsJacksonReadsThem(String line) throws Exception {
    byte[] file = file(AGREEING, line, DIVERGING);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).as(line).isZero();
    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    assertThat(read.records()).hasSize(3);
  }

  // lines the scanner is not sure of and hands to Jackson, which reads them
  static List<String> notSure() {
    return List.of(
        // integers past 18 digits: a long or a BigInteger is Jackson's call
        "{\"verdict\":{\"match\":true,\"observations\":[{\"value\":9223372036854775808}]}}",
        "{\"verdict\":{\"match\":true,\"observations\":[{\"value\":123456789012345678901234567890}]}}",
        // nesting deeper than the scanner goes
        "{\"request\":" + "[".repeat(150) + "]".repeat(150) + ",\"verdict\":{\"match\":true}}",
        // a string longer than the scanner decodes
        "{\"request\":{\"body\":\""
            + "x".repeat((1 << 20) + 10)
            + "\"},\"verdict\":{\"match\":true}}");
  }

  @ParameterizedTest
  @MethodSource("notSure")
  void linesTheScannerIsNotSureOfAreHandedToJackson(String line) throws Exception {
    byte[] file = file(AGREEING, line, DIVERGING);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isEqualTo(1);
    assertThat(ScannedReads.bothWaysAgree(file).records()).hasSize(3);
  }

  // lines that are not one good record: the chunk is given up and read the usual way, so that the
  // same lines are
  // kept, skipped and named
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"cut", // a crash cut it short
        "{broken",
        "[1, 2]",
        "\"text\"",
        "42",
        "{\"id\":\"no verdict\"}",
        "{}",
        "{\"verdict\":{\"match\":true}} trailing",
        "{\"verdict\":{\"match\":true}}{\"verdict\":{\"match\":true}}", // two objects on one line
        "{\"verdict\":{\"match\":true}},",
        "{\"id\":01,\"verdict\":{\"match\":true}}", // leading zero
        "{\"id\":1.,\"verdict\":{\"match\":true}}",
        "{\"id\":.5,\"verdict\":{\"match\":true}}",
        "{\"id\":-,\"verdict\":{\"match\":true}}",
        "{\"id\":+1,\"verdict\":{\"match\":true}}",
        "{\"id\":NaN,\"verdict\":{\"match\":true}}",
        "{\"id\":tru,\"verdict\":{\"match\":true}}",
        "{\"id\":truex,\"verdict\":{\"match\":true}}",
        "{\"id\":nulll,\"verdict\":{\"match\":true}}",
        "{\"id\":\"bad escape \\x\",\"verdict\":{\"match\":true}}",
        "{\"id\":\"short \\u12\",\"verdict\":{\"match\":true}}",
        "{\"id\":\"tab\tinside\",\"verdict\":{\"match\":true}}", // a raw control character
        "{\"id\":1,,\"verdict\":{\"match\":true}}",
        "{\"id\":1,\"verdict\":{\"match\":true},}", // trailing comma
        "{\"id\" 1,\"verdict\":{\"match\":true}}",
        "{id:1,\"verdict\":{\"match\":true}}",
        "{\"request\":{\"body\":[1,2}},\"verdict\":{\"match\":true}}", // a body's brackets
        // mismatched
        "{\"request\":{\"body\":{\"a\":01}},\"verdict\":{\"match\":true}}", // a bad number in a
        // skipped body
        "{\"request\":{\"body\":\"\\q\"},\"verdict\":{\"match\":true}}", // a bad escape in a
        // skipped body
        "\f{\"verdict\":{\"match\":true}}" // a form feed is not JSON whitespace
      })
  void linesThatAreNotOneGoodRecordAreSkippedAndNamedAsBefore(String line) throws Exception {
    byte[] file = file(AGREEING, line, DIVERGING);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isEqualTo(-1);
    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    // two objects on one line are two records to Jackson's streaming read
    assertThat(read.records()).hasSizeBetween(2, 4);
  }

  @Test
  void bytesThatAreNotUtf8AreJudgedByJacksonAlone() throws Exception {
    // invalid: a lone continuation byte, a cut sequence, an overlong NUL, an encoded surrogate,
    // past U+10FFFF, 0xFF
    byte[][] bad = {
      {(byte) 0x80},
      {(byte) 0xc3, '('},
      {(byte) 0xc0, (byte) 0x80},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xff},
      {(byte) 0xe2, (byte) 0x82}
    };
    for (byte[] b : bad) {
      for (String where : List.of("id", "request")) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.write(file(AGREEING));
        line.write(("{\"" + where + "\":\"x").getBytes(StandardCharsets.US_ASCII));
        line.write(b);
        line.write("y\",\"verdict\":{\"match\":true}}\n".getBytes(StandardCharsets.US_ASCII));
        line.write(file(DIVERGING));
        ScannedReads.bothWaysAgree(line.toByteArray());
      }
    }
  }

  /**
   * A name written with an escape is decoded, and its role is the decoded name's own, not the one before it: found
   * by {@link RecordScannerProperties} (a backslash inserted into "stream" after a side's body, whose value the
   * scanner then skipped as if it were the body).
   */
  @Test
  void escapedNamesHaveTheirOwnRole() throws Exception {
    String afterBody =
        "{\"id\":\"e1\",\"shadow\":{\"body\":{\"a\":1},\"s\\tream\":{\"chunks\":2},\"status\":200},"
            + "\"verdict\":{\"match\":true}}";
    // an escaped name that is "body" once decoded is skipped as the body is
    String escapedBody =
        "{\"id\":\"e2\",\"primary\":{\"status\":200,\"bod\\u0079\":{\"a\":1},\"x\\u0041\":3},"
            + "\"verdict\":{\"match\":true}}";
    ScannedReads.Outcome read =
        ScannedReads.bothWaysAgree(
            (afterBody + "\n" + escapedBody + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(read.records().get(0).at("/shadow/s\tream/chunks").asInt()).isEqualTo(2);
    assertThat(read.records().get(1).path("primary").has("body")).isFalse();
    assertThat(read.records().get(1).at("/primary/xA").asInt()).isEqualTo(3);
  }

  /**
   * Jackson (2.22.4) pairs surrogate escapes in a name and rejects a lone one ("Unexpected low surrogate in field
   * name: 0xdc00"), where in a value it reads a lone one as that char: found by {@link RecordScannerProperties}
   * in CI, which cut an escaped emoji (as Jackson writes one) in a name to the escape of its low surrogate.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\udc00",
        "a\\udfff",
        "\\ud800",
        "\\ud800x",
        "\\ud800\\u0041",
        "\\udbff\\ud800",
        "\\ud83d\\ude00",
        "x\\ud83d\\ude00y"
      })
  void surrogateEscapesInNamesAreJudgedAsJacksonJudgesThem(String name) throws Exception {
    // in a record, in a side, and in a body the scanner skips without building it
    for (String where :
        List.of(
            "{\"%s\":1,\"verdict\":{\"match\":true}}",
            "{\"primary\":{\"%s\":1}}",
            "{\"request\":{\"body\":{\"%s\":1}},\"verdict\":{\"match\":true}}")) {
      byte[] file = file(AGREEING, String.format(where, name), DIVERGING);
      ScannedReads.bothWaysAgree(file);
    }
  }

  /**
   * Names past Jackson's name limit (StreamReadConstraints' default 50,000) are its to reject, also when the name has
   * an escape or sits in a body the scanner skips, where strings may be longer.
   */
  @Test
  void longNamesAreJudgedAsJacksonJudgesThem() throws Exception {
    for (int length : new int[] {999, 1_001, 49_999, 50_001, 70_000}) {
      String plain = "n".repeat(length);
      String escaped = "\\t" + "n".repeat(length - 1);
      for (String name : List.of(plain, escaped)) {
        for (String where :
            List.of(
                "{\"%s\":1,\"verdict\":{\"match\":true}}",
                "{\"primary\":{\"%s\":1}}",
                "{\"request\":{\"body\":{\"%s\":1}},\"verdict\":{\"match\":true}}")) {
          ScannedReads.bothWaysAgree(file(AGREEING, String.format(where, name), DIVERGING));
        }
      }
    }
  }

  @Test
  void blankLinesCrlfAndALastLineWithoutNewlineAreReadAlike() throws Exception {
    String text = "\n  \n" + AGREEING + "\r\n\r\n\t\n" + DIVERGING + "\r\n" + AGREEING;
    byte[] file = text.getBytes(StandardCharsets.UTF_8);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isZero();
    assertThat(ScannedReads.bothWaysAgree(file).records()).hasSize(3);
  }

  @Test
  void oddFilesAreReadAlike() throws Exception {
    // empty, only whitespace, a byte order mark, a record printed over several lines, UTF-16
    ScannedReads.bothWaysAgree(new byte[0]);
    ScannedReads.bothWaysAgree(" \n\t\r\n".getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream bom = new ByteArrayOutputStream();
    bom.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    bom.write(file(AGREEING, DIVERGING));
    ScannedReads.bothWaysAgree(bom.toByteArray());
    String pretty =
        ScannedReads.MAPPER
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(ScannedReads.MAPPER.readTree(DIVERGING));
    assertThat(ScannedReads.bothWaysAgree(file(AGREEING, pretty, AGREEING)).records()).hasSize(3);
    ScannedReads.bothWaysAgree((AGREEING + "\n").getBytes(StandardCharsets.UTF_16LE));
  }

  @Test
  void aStricterMapperKeepsJacksonForEveryChunk() throws Exception {
    ObjectMapper strict =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    assertThat(RecordScanner.readsAs(ScannedReads.MAPPER)).isTrue();
    assertThat(RecordScanner.readsAs(strict)).isFalse();
    // a duplicate name, which the strict mapper rejects: the line is skipped either way
    Path file = dir.resolve("records.jsonl");
    Files.write(
        file, file(AGREEING, "{\"id\":1,\"id\":2,\"verdict\":{\"match\":true}}", DIVERGING));
    List<String> problems = new java.util.ArrayList<>();
    for (RecordsFile.Reading reading :
        List.of(RecordsFile.Reading.LEAN, RecordsFile.Reading.SCANNED)) {
      RecordsFile.ReadStats stats = RecordsFile.read(file, strict, (ObjectNode r) -> {}, reading);
      assertThat(stats.records()).isEqualTo(2);
      problems.addAll(stats.problems());
    }
    assertThat(problems)
        .hasSize(2)
        .allMatch(p -> p.startsWith("line 2: not JSON: Duplicate field 'id'"));
  }

  @Test
  void aMapperWhoseTreesDifferFromTheScannersKeepsJackson() {
    // readTree would build other nodes than the scanner does for a diverging record
    assertThat(
            RecordScanner.readsAs(
                new ObjectMapper()
                    .enable(
                        com.fasterxml.jackson.databind.DeserializationFeature
                            .USE_BIG_DECIMAL_FOR_FLOATS)))
        .isFalse();
    assertThat(
            RecordScanner.readsAs(
                new ObjectMapper()
                    .enable(
                        com.fasterxml.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS)))
        .isFalse();
    assertThat(
            RecordScanner.readsAs(
                new ObjectMapper()
                    .configure(
                        com.fasterxml.jackson.databind.cfg.JsonNodeFeature.READ_NULL_PROPERTIES,
                        false)))
        .isFalse();
  }

  @Test
  void aDivergingRecordTheScannerCannotBuildWholeIsReadWholeByJackson() throws Exception {
    // the request body holds an integer past 18 digits: skipped unbuilt in the lean read, typed by
    // Jackson in the whole one
    String big = DIVERGING.replace("\"age\":31", "\"age\":1234567890123456789012");
    assertThat(big).isNotEqualTo(DIVERGING);
    byte[] file = file(AGREEING, big, DIVERGING);
    assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isZero();
    assertThat(ScannedReads.jacksonTreesOrMinusOne(file)).isEqualTo(1);
    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    assertThat(read.records().get(1).at("/request/body/age").bigIntegerValue())
        .isEqualTo(new java.math.BigInteger("1234567890123456789012"));
    assertThat(read.records().get(2).at("/request/body/age").asInt()).isEqualTo(31);
  }

  @Test
  void chunksOfADamagedFileAreEachReadAlike() throws Exception {
    // several chunks, a bad line in the second: the other chunks stay with the scanner, and line
    // numbers hold
    StringBuilder text = new StringBuilder();
    int n = 0;
    while (text.length() < RecordsFile.CHUNK * 3) {
      text.append(n % 20 == 7 ? DIVERGING : AGREEING).append('\n');
      n++;
      if (n == 5000) {
        text.append("{\"id\":\"cut\n");
      }
    }
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, text);
    ScannedReads.Outcome read = ScannedReads.bothWaysAgree(file);
    assertThat(read.records()).hasSize(n);
    assertThat(read.stats().problems())
        .singleElement()
        .asString()
        .startsWith("line 5001: not JSON");
  }
}
