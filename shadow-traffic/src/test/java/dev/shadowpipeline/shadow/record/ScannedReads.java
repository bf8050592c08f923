package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a records file both ways, with the byte scanner and with Jackson alone, and checks they agree exactly. */
final class ScannedReads {

  static final ObjectMapper MAPPER = new ObjectMapper();
  // as RecordsFile reads
  static final ObjectReader READER =
      MAPPER.reader().with(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());

  private ScannedReads() {}

  /** What one read gave: the records, in order, and the counts and messages. */
  record Outcome(List<ObjectNode> records, RecordsFile.ReadStats stats) {}

  static Outcome read(Path file, RecordsFile.Reading reading) throws IOException {
    List<ObjectNode> records = new ArrayList<>();
    RecordsFile.ReadStats stats =
        RecordsFile.read(file, MAPPER, (RecordConsumer) records::add, reading);
    return new Outcome(records, stats);
  }

  /** Writes the bytes to a temporary file, reads it both ways, checks they agree, and returns the scanner's read. */
  static Outcome bothWaysAgree(byte[] content) throws IOException {
    Path file = Files.createTempFile("records", ".jsonl");
    try {
      Files.write(file, content);
      return bothWaysAgree(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static Outcome bothWaysAgree(Path file) throws IOException {
    Outcome jackson = read(file, RecordsFile.Reading.LEAN);
    Outcome scanned = read(file, RecordsFile.Reading.SCANNED);
    assertThat(scanned.stats()).isEqualTo(jackson.stats());
    assertThat(scanned.records()).hasSameSizeAs(jackson.records());
    for (int i = 0; i < jackson.records().size(); i++) {
      assertSameTree(scanned.records().get(i), jackson.records().get(i), "record " + i);
    }
    return scanned;
  }

  /**
   * The same tree: equal values, the same node classes (an IntNode is not a LongNode), the same field order. Node
   * equality alone ignores field order, and the text alone would not tell an int from a long.
   */
  static void assertSameTree(JsonNode actual, JsonNode expected, String where) {
    assertThat(actual).as(where).isEqualTo(expected);
    assertThat(actual.getClass()).as(where).isEqualTo(expected.getClass());
    if (expected.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> a = actual.properties().iterator();
      Iterator<Map.Entry<String, JsonNode>> e = expected.properties().iterator();
      while (e.hasNext()) {
        Map.Entry<String, JsonNode> ee = e.next();
        Map.Entry<String, JsonNode> ae = a.next();
        assertThat(ae.getKey()).as(where).isEqualTo(ee.getKey());
        assertSameTree(ae.getValue(), ee.getValue(), where + "/" + ee.getKey());
      }
      assertThat(a.hasNext()).as(where).isFalse();
    } else if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSameTree(actual.get(i), expected.get(i), where + "/" + i);
      }
    }
  }

  /** Scans the bytes as one chunk and says how: given up, or read with so many lines handed to Jackson. */
  static int jacksonLinesOrMinusOne(byte[] chunk) {
    RecordScanner scanner = scanned(chunk);
    return scanner == null ? -1 : scanner.jacksonLines();
  }

  /** Scans the bytes as one chunk: how many diverging records Jackson read whole, or -1 when given up. */
  static int jacksonTreesOrMinusOne(byte[] chunk) {
    RecordScanner scanner = scanned(chunk);
    return scanner == null ? -1 : scanner.jacksonTrees();
  }

  private static RecordScanner scanned(byte[] chunk) {
    RecordScanner scanner = new RecordScanner(chunk, chunk.length, READER);
    List<ObjectNode> out = new ArrayList<>();
    if (!scanner.scan(r -> r, out)) {
      return null;
    }
    // the scanner counts the lines it reads; they number the skipped lines of later chunks
    assertThat(scanner.lines()).isEqualTo(RecordsFile.countLines(chunk, chunk.length));
    return scanner;
  }
}
