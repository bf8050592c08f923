package dev.shadowpipeline.cli.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary.json, the report's cards and the terminal summary give the agreement the gate decides on: pairs graded as
 * agreeing though the primary gave no answer compared nothing, and are left out and counted, never read as agreement.
 */
class AgreementOverAnsweredPairsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void agreementLeavesOutThePairsThePrimaryDidNotAnswer() throws Exception {
    // 90 agreeing pairs and 10 label flips where both answered, and 100 pairs the primary failed on
    // (graded info, as the errors comparator grades a primary failure by default)
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      lines.add(Records.answered("a" + i, "10.0", "12.0", Records.AGREED));
    }
    for (int i = 0; i < 10; i++) {
      lines.add(Records.answered("f" + i, "10.0", "12.0", Records.FLIPPED));
    }
    for (int i = 0; i < 100; i++) {
      lines.add(Records.primaryFailed("p" + i));
    }
    Path folder = dir.resolve("primary-down-half-the-time");
    Files.createDirectories(folder);
    Files.write(folder.resolve("records.jsonl"), lines);

    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode summary = MAPPER.readTree(folder.resolve("summary.json").toFile());
    assertThat(summary.get("requests").asLong()).isEqualTo(200);
    assertThat(summary.get("compared").asLong()).isEqualTo(100);
    assertThat(summary.get("matches").asLong()).isEqualTo(190); // graded as agreeing, as before
    JsonNode agreement = summary.get("agreement");
    // 90 of 100, not 190 of 200 = 0.95; Wilson 95% interval from scipy 1.17.1:
    // binomtest(90, 100).proportion_ci(confidence_level=0.95, method='wilson')
    assertThat(agreement.get("rate").asDouble()).isEqualTo(0.9);
    assertThat(agreement.get("wilson_95_lower").asDouble()).isCloseTo(0.8256343384950865, within());
    assertThat(agreement.get("wilson_95_upper").asDouble()).isCloseTo(0.9447708629393249, within());
    assertThat(agreement.get("matches").asLong()).isEqualTo(90);
    assertThat(agreement.get("pairs").asLong()).isEqualTo(100);
    assertThat(agreement.get("left_out").asLong()).isEqualTo(100);
    // the one instance (records without an instance id) counts the same way
    JsonNode instance = summary.get("instances").get(0);
    assertThat(instance.at("/agreement/rate").asDouble()).isEqualTo(0.9);
    assertThat(instance.at("/agreement/left_out").asLong()).isEqualTo(100);

    assertThat(report.out())
        .contains("pairs compared     200 (100 where both models answered)")
        .contains(
            "agreement          90.00%  (95% interval 82.56% – 94.48%); over 100 pairs, 100 where a side gave no "
                + "answer left out");
    assertThat(Files.readString(folder.resolve("report.html")))
        .contains("100 where both models answered")
        .contains(
            "over 100 pairs: 100 where a side gave no answer left out, though graded as agreeing");

    // and the gate decides on the very same figure
    CliRun gate = CliRun.run("gate", "--records", folder.toString(), "--min-agreement", "0.8");
    assertThat(gate.out()).contains("0.8256").contains("observed 90 of 100 = 0.9000");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
