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
 * The judge's verdicts count only on pairs the records hold: a verdict whose id matches no record (another run's
 * judgements.jsonl, a records file rotated since) is left out of the win rate and counted, and when none matches the
 * gate's judge check is undecided (exit 2), never a pass.
 */
class UnmatchedJudgementsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] LENIENT = {
    "--min-agreement", "0", "--max-shadow-error-rate", "1", "--min-judge-win-rate", "0.5"
  };
  @TempDir Path dir;

  private static String judgement(String id, String winner) {
    return "{\"id\":\""
        + id
        + "\",\"order\":\"primary_first\",\"winner\":\""
        + winner
        + "\",\"reason\":\"r\",\"latency_ms\":5.0,\"error\":null,\"prompt\":\"p\",\"primary\":\"a\","
        + "\"shadow\":\"b\"}";
  }

  private Path folder(String name, List<String> judgements) throws Exception {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(Records.answered("r" + i, "10.0", "12.0", Records.FLIPPED));
    }
    Files.write(folder.resolve("records.jsonl"), records);
    Files.write(folder.resolve("judgements.jsonl"), judgements);
    return folder;
  }

  private static CliRun gate(Path folder) {
    List<String> args = new ArrayList<>(List.of("gate", "--records", folder.toString()));
    args.addAll(List.of(LENIENT));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void verdictsOnPairsTheRecordsDoNotHoldAreLeftOutOfTheWinRate() throws Exception {
    List<String> judgements = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // on records: 5 shadow better, 5 ties
      judgements.add(judgement("r" + i, i % 2 == 0 ? "shadow" : "tie"));
    }
    for (int i = 0; i < 40; i++) { // on pairs of another run: all shadow better
      judgements.add(judgement("elsewhere-" + i, "shadow"));
    }
    Path folder = folder("some-unmatched", judgements);

    CliRun gate = gate(folder);
    // score 7.5 of 10: Wilson 95% lower bound 0.4422 (the score interval, z = 1.959964: center
    // 0.68062,
    // half-width 0.23844), below 0.5; the 40 others would have made it 47.5 of 50, lower bound
    // 0.8514, a pass
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(1);
    assertThat(gate.out())
        .contains("judge win rate         0.4422")
        .contains("shadow better 5, tie 5, primary better 0")
        .contains("40 judgements match no record, left out");
    assertThat(gate.err())
        .contains("warning: 40 of 50 judgements in ")
        .contains("match no record of " + folder.resolve("records.jsonl") + ", left out");
    JsonNode json = MAPPER.readTree(folder.resolve("gate.json").toFile());
    assertThat(json.get("judge_decided").asBoolean()).isTrue();
    assertThat(json.get("judge_unmatched").asLong()).isEqualTo(40);

    CliRun report = CliRun.run("report", "--records", folder.toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode judge = MAPPER.readTree(folder.resolve("summary.json").toFile()).at("/llm/judge");
    assertThat(judge.get("decided").asLong()).isEqualTo(10);
    assertThat(judge.get("shadow_better").asLong()).isEqualTo(5);
    assertThat(judge.get("unmatched").asLong()).isEqualTo(40);
    assertThat(judge.get("win_rate").asDouble()).isEqualTo(0.75);
    assertThat(Files.readString(folder.resolve("report.html")))
        .contains("40 judgements match no record of the records, left out");
  }

  @Test
  void whenNoVerdictMatchesARecordTheJudgeCheckIsUndecided() throws Exception {
    List<String> judgements = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      judgements.add(judgement("elsewhere-" + i, "shadow"));
    }
    Path folder = folder("none-matched", judgements);
    CliRun gate = gate(folder);
    assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(2);
    assertThat(gate.out())
        .contains(
            "undecided: no judge verdicts (0 judge errors, 0 skipped; 40 judgements match no record")
        .contains("Gate: FAIL");
    assertThat(gate.err())
        .contains(
            "error: undecided: no judge verdicts in "
                + folder.resolve("judgements.jsonl")
                + " on pairs of "
                + folder.resolve("records.jsonl")
                + " (40 match no record) to decide --min-judge-win-rate on");
    JsonNode json = MAPPER.readTree(folder.resolve("gate.json").toFile());
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("judge_decided").asBoolean()).isFalse();
  }
}
