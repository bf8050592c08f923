package dev.shadowpipeline.shadow.suite;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.MAPPER;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries whose differences are all noise are left out when the suite is written, by the classification of that
 * moment; they stay in the suite meanwhile, so one that turns out real is written the next time.
 */
class NoiseSuiteTest {

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);
  @TempDir Path dir;

  private static final String TRACE = "value_changed\u0000/t";
  private static final String DECISION = "value_changed\u0000/d";

  @Test
  void entriesWhoseDifferencesAreAllNoiseAreLeftOutWhenWrittenNotDropped() throws Exception {
    Set<String> noise = new HashSet<>(Set.of(TRACE));
    Path file = dir.resolve(RegressionSuite.FILE);
    SuiteWriter writer =
        new SuiteWriter(new RegressionSuite(10), file, MAPPER, Duration.ZERO, () -> 0L)
            .leaveOutNoise(() -> Set.copyOf(noise));
    // input 1 differs at /t only; input 2 at /t and /d
    writer.accept(
        records.record(
            request("a", T0, "/p", "{\"i\":1}"),
            ok("{\"t\":1,\"d\":1}", 1),
            ok("{\"t\":2,\"d\":1}", 1)));
    writer.accept(
        records.record(
            request("b", T0, "/p", "{\"i\":2}"),
            ok("{\"t\":1,\"d\":1}", 1),
            ok("{\"t\":2,\"d\":2}", 1)));
    writer.close();

    JsonNode written = MAPPER.readTree(file.toFile());
    assertThat(written.get("entries_count").asInt()).isEqualTo(1);
    assertThat(written.get("left_out_as_noise").asInt()).isEqualTo(1);
    assertThat(written.at("/entries/0/request/body/i").asInt()).isEqualTo(2);
    assertThat(written.at("/entries/0/difference_keys"))
        .extracting(k -> k.get("kind").asText() + " " + k.get("path").asText())
        .containsExactlyInAnyOrder("value_changed /t", "value_changed /d");
    assertThat(writer.written()).isEqualTo(1);
    assertThat(writer.suite().size()).isEqualTo(2); // still held: the classification may change

    // the same input diverging again, now also at /d (real), is no longer noise-only: it is written
    writer.accept(
        records.record(
            request("c", T0.plusSeconds(1), "/p", "{\"i\":1}"),
            ok("{\"t\":1,\"d\":1}", 1),
            ok("{\"t\":3,\"d\":1}", 1)));
    writer.accept(
        records.record(
            request("d", T0.plusSeconds(2), "/p", "{\"i\":1}"),
            ok("{\"t\":1,\"d\":1}", 1),
            ok("{\"t\":3,\"d\":2}", 1)));
    writer.close();
    written = MAPPER.readTree(file.toFile());
    assertThat(written.get("entries_count").asInt()).isEqualTo(2);
    assertThat(written.has("left_out_as_noise")).isFalse();

    // read back, the keys are kept, so the next run filters with its own classification
    RegressionSuite read = RegressionSuite.read(file, 10, MAPPER);
    assertThat(read.entries())
        .allSatisfy(e -> assertThat(e.differenceKeys()).contains(TRACE, DECISION));
  }

  @Test
  void entriesWithUnknownOrOnlyInfoDifferencesAreAlwaysKept() {
    Set<String> everything = Set.of(TRACE, DECISION);
    SuiteEntry unknown =
        SuiteJson.fromRecord(
            new RecordFixtures(
                    new JsonComparator(NumericTolerance.EXACT, List.of(), 1), BodyRedactor.NONE)
                .record(
                    request("a", T0, "/p", "{}"),
                    ok("{\"t\":1,\"d\":1}", 1),
                    ok("{\"t\":2,\"d\":2}", 1)));
    // two differences, one listed: the other might be real
    assertThat(unknown.differenceKeys()).isNull();
    assertThat(unknown.onlyNoise(everything)).isFalse();
    SuiteEntry none =
        new SuiteEntry(
            "k",
            "POST",
            "/p",
            null,
            new byte[] {'{', '}'},
            new byte[] {'{', '}'},
            new byte[] {'{', '}'},
            dev.shadowpipeline.shadow.compare.Severity.INFO,
            List.of(),
            T0,
            T0,
            1,
            "r",
            List.of());
    assertThat(none.onlyNoise(everything)).isFalse();
    assertThat(SuiteEntry.unionKeys(List.of(TRACE), null)).isNull();
    assertThat(SuiteEntry.unionKeys(List.of(TRACE), List.of(DECISION, TRACE)))
        .containsExactly(TRACE, DECISION);
  }
}
