package dev.shadowpipeline.shadow.suite;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.MAPPER;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionSuiteTest {

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);
  @TempDir Path dir;

  private SuiteEntry entry(String key, Severity severity, Instant seen) {
    return SuiteEntry.of(
        key,
        "POST",
        "/p",
        null,
        MAPPER.createObjectNode(),
        MAPPER.createObjectNode(),
        MAPPER.createObjectNode(),
        severity,
        List.of("r"),
        seen,
        seen,
        1,
        key);
  }

  @Test
  void theSameInputIsOneEntryWhateverTheOrderOfItsKeys() throws Exception {
    SuiteWriter writer =
        new SuiteWriter(
            new RegressionSuite(10),
            dir.resolve("s.json"),
            MAPPER,
            Duration.ZERO,
            System::nanoTime);
    writer.accept(
        records.record(
            request("a", T0, "/p", "{\"x\":1,\"y\":2}"), ok("{\"d\":1}", 1), ok("{\"d\":2}", 1)));
    writer.accept(
        records.record(
            request("b", T0.plusSeconds(5), "/p", "{\"y\":2, \"x\":1.0}"),
            ok("{\"d\":1}", 1),
            ok("{\"d\":3}", 1)));
    writer.accept(
        records.record(
            request("c", T0, "/p", "{\"x\":2}"), ok("{\"d\":1}", 1), ok("{\"d\":1}", 1)));
    List<SuiteEntry> entries = writer.suite().entries();
    assertThat(entries).hasSize(1); // "c" matched: not a regression
    SuiteEntry e = entries.get(0);
    assertThat(e.count()).isEqualTo(2);
    assertThat(e.firstSeen()).isEqualTo(T0);
    assertThat(e.lastSeen()).isEqualTo(T0.plusSeconds(5));
    assertThat(e.recordId()).isEqualTo("b");
    assertThat(e.shadow().at("/body/d").asInt()).isEqualTo(3);
    assertThat(e.reasons()).contains("value_changed /d: 1 -> 3", "value_changed /d: 1 -> 2");
  }

  @Test
  void whenFullTheLeastSevereOldestEntryMakesRoomAndMinorOnesCannotPushOutCriticalOnes() {
    RegressionSuite suite = new RegressionSuite(2);
    suite.add(entry("crit", Severity.CRITICAL, T0));
    suite.add(entry("warn-old", Severity.WARNING, T0));
    suite.add(entry("warn-new", Severity.WARNING, T0.plusSeconds(1)));
    assertThat(suite.entries()).extracting(SuiteEntry::key).containsExactly("crit", "warn-new");
    assertThat(suite.evicted()).isEqualTo(1);

    assertThat(suite.add(entry("info", Severity.INFO, T0.plusSeconds(9)))).isFalse();
    assertThat(suite.rejected()).isEqualTo(1);
    assertThat(suite.entries()).extracting(SuiteEntry::key).containsExactly("crit", "warn-new");
  }

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    RegressionSuite suite = new RegressionSuite(10);
    suite.add(entry("k1", Severity.CRITICAL, T0));
    suite.add(entry("k2", Severity.INFO, T0));
    Path file = dir.resolve(RegressionSuite.FILE);
    suite.write(file, MAPPER);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
    RegressionSuite back = RegressionSuite.read(file, 10, MAPPER);
    assertThat(back.entries()).extracting(SuiteEntry::key).containsExactly("k1", "k2");
    JsonNode json = MAPPER.readTree(file.toFile());
    assertThat(json.get("entries_count").asInt()).isEqualTo(2);
  }

  @Test
  void anEntryWithoutItsRecordedAnswersOrSeverityIsMalformedNotReadAsAWarning() throws Exception {
    RegressionSuite suite = new RegressionSuite(10);
    suite.add(entry("k1", Severity.CRITICAL, T0));
    Path file = dir.resolve(RegressionSuite.FILE);
    suite.write(file, MAPPER);
    String written = Files.readString(file);
    JsonNode entry = MAPPER.readTree(written).get("entries").get(0);
    for (String field : List.of("primary", "shadow", "severity")) {
      com.fasterxml.jackson.databind.node.ObjectNode without = entry.deepCopy();
      without.remove(field);
      Path damaged = dir.resolve("without-" + field + ".json");
      Files.writeString(damaged, "{\"entries\":[" + MAPPER.writeValueAsString(without) + "]}");
      // a critical entry read without its answers, or as a warning, would let regress pass
      // unchecked
      assertThatThrownBy(() -> RegressionSuite.read(damaged, 10, MAPPER))
          .as(field)
          .hasMessageStartingWith(damaged + ": entry 0 is malformed: it has no \"" + field + "\"");
    }
    Path unknown = dir.resolve("unknown-severity.json");
    Files.writeString(
        unknown,
        "{\"entries\":["
            + MAPPER.writeValueAsString(entry).replace("\"critical\"", "\"fatal\"")
            + "]}");
    assertThatThrownBy(() -> RegressionSuite.read(unknown, 10, MAPPER))
        .hasMessage(
            unknown
                + ": entry 0 is malformed: unknown severity 'fatal' (expected info, warning or critical)");
  }

  @Test
  void aSuiteOfAnotherFormatOrALaterVersionIsRefused() throws Exception {
    RegressionSuite suite = new RegressionSuite(10);
    suite.add(entry("k1", Severity.CRITICAL, T0));
    Path file = dir.resolve(RegressionSuite.FILE);
    suite.write(file, MAPPER);
    String written = Files.readString(file);
    assertThat(written)
        .startsWith("{\"format\":\"shadow-pipeline/regression-suite\",\"version\":1,");

    Path later = dir.resolve("later.json");
    Files.writeString(later, written.replace("\"version\":1,", "\"version\":2,"));
    assertThatThrownBy(() -> RegressionSuite.read(later, 10, MAPPER))
        .hasMessage(
            later
                + " is a regression suite of version 2, which this Shadow Pipeline cannot read (it reads"
                + " version 1)");
    Path other = dir.resolve("other.json");
    Files.writeString(other, written.replace("shadow-pipeline/regression-suite", "diffy/cases"));
    assertThatThrownBy(() -> RegressionSuite.read(other, 10, MAPPER))
        .hasMessage(
            other
                + " is not a regression suite: its \"format\" is \"diffy/cases\", not"
                + " shadow-pipeline/regression-suite");
    // a suite written by hand, with no head, is read as this version
    Path bare = dir.resolve("bare.json");
    Files.writeString(
        bare, "{\"entries\":[" + MAPPER.readTree(written).get("entries").get(0) + "]}");
    assertThat(RegressionSuite.read(bare, 10, MAPPER).size()).isEqualTo(1);
  }

  @Test
  void writerRewritesAtMostEveryIntervalAndAlwaysOnClose() throws Exception {
    AtomicLong now = new AtomicLong();
    Path file = dir.resolve(RegressionSuite.FILE);
    SuiteWriter writer =
        new SuiteWriter(new RegressionSuite(10), file, MAPPER, Duration.ofSeconds(5), now::get);
    writer.accept(
        records.record(
            request("a", T0, "/p", "{\"x\":1}"), ok("{\"d\":1}", 1), ok("{\"d\":2}", 1)));
    writer.flush();
    assertThat(file).doesNotExist();
    now.set(Duration.ofSeconds(6).toNanos());
    writer.flush();
    assertThat(file).exists();
    writer.accept(
        records.record(
            request("b", T0, "/p", "{\"x\":2}"), ok("{\"d\":1}", 1), ok("{\"d\":2}", 1)));
    writer.close();
    assertThat(RegressionSuite.read(file, 10, MAPPER).size()).isEqualTo(2);
  }

  @Test
  void aRunWithoutDivergencesStillLeavesAnEmptySuite() throws Exception {
    Path file = dir.resolve(RegressionSuite.FILE);
    new SuiteWriter(new RegressionSuite(10), file, MAPPER, Duration.ofSeconds(5), System::nanoTime)
        .close();
    assertThat(RegressionSuite.read(file, 10, MAPPER).size()).isZero();
  }

  @Test
  void aContinuedSuiteIsRewrittenOnlyOnceAnEntryIsAdded() throws Exception {
    Path file = dir.resolve(RegressionSuite.FILE);
    RegressionSuite earlier = new RegressionSuite(10);
    for (int i = 0; i < 4; i++) {
      earlier.add(entry("k" + i, Severity.CRITICAL, T0));
    }
    earlier.write(file, MAPPER);
    byte[] before = Files.readAllBytes(file);
    // read back under a smaller bound, as a run with a smaller --suite-max does
    SuiteWriter idle =
        new SuiteWriter(
                RegressionSuite.read(file, 2, MAPPER),
                file,
                MAPPER,
                Duration.ZERO,
                System::nanoTime)
            .continuesItsFile(4);
    idle.close();
    assertThat(Files.readAllBytes(file)).as("nothing added: left as it was").isEqualTo(before);
    assertThat(idle.written()).as("the entries the file holds").isEqualTo(4);

    SuiteWriter adding =
        new SuiteWriter(
                RegressionSuite.read(file, 10, MAPPER),
                file,
                MAPPER,
                Duration.ZERO,
                System::nanoTime)
            .continuesItsFile(4);
    adding.acceptPrepared(entry("new", Severity.WARNING, T0));
    adding.close();
    assertThat(RegressionSuite.read(file, 10, MAPPER).size()).isEqualTo(5);
    assertThat(adding.written()).isEqualTo(5);
  }

  @Test
  void aBrokenSuiteFileIsNamedInTheError() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"entries\": [ {\"method\": \"POST\"} ]}");
    assertThatThrownBy(() -> RegressionSuite.read(file, 10, MAPPER))
        .hasMessageContaining("broken.json")
        .hasMessageContaining("entry 0");
    Files.writeString(file, "not json");
    assertThatThrownBy(() -> RegressionSuite.read(file, 10, MAPPER))
        .hasMessageContaining("not valid JSON");
  }
}
