package dev.shadowpipeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.demo.Applicant;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.LoanModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path out;

  @Test
  void theDemoRunsEndToEndAndTellsTheThreeStories() throws Exception {
    CliRun run =
        CliRun.run("demo", "--requests", "300", "--concurrency", "8", "--out", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .contains("reject -> approve", "agreement", "latency p50/p99", "records.jsonl")
        .contains("300 applicants in", "LLM cost reduction", "Search latency", "promotion gate");
    assertThat(Files.readAllLines(out.resolve("loan/records.jsonl"))).hasSize(300);
    for (String situation : new String[] {"loan", "llm", "search"}) {
      assertThat(out.resolve(situation).resolve("report.html")).exists();
      assertThat(out.resolve(situation).resolve("summary.json")).exists();
      assertThat(out.resolve(situation).resolve("regression_suite.json")).exists();
    }
    // the search candidate is slow on long queries: the gate says so
    assertThat(run.out()).contains("latency delta p99");
    // the flips the summary reports are exactly the ones the two models make on these applicants
    ApplicantGenerator applicants = new ApplicantGenerator(42);
    int flips = 0;
    for (int i = 0; i < 300; i++) {
      Applicant a = applicants.next();
      if (!LoanModel.V1.approves(a) && LoanModel.V2.approves(a)) {
        flips++;
      }
    }
    assertThat(flips).isPositive();
    assertThat(run.out()).contains("reject -> approve: " + flips + " (critical)");

    // ground truth: every outcome written for a tested application (ids A-...) is joined, the
    // earlier ones (E-...) are counted unmatched, and quality.json says the same
    long tested = 0;
    long earlier = 0;
    for (String line : Files.readAllLines(out.resolve("loan/outcomes.csv"))) {
      tested += line.startsWith("A-") ? 1 : 0;
      earlier += line.startsWith("E-") ? 1 : 0;
    }
    assertThat(tested).isBetween(200L, 299L);
    assertThat(run.out())
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "labels joined      %,d of 300 applications (%,d outcomes for earlier",
                tested,
                earlier))
        .contains("McNemar exact p = ", "quality gate       ");
    JsonNode quality = MAPPER.readTree(out.resolve("loan/quality.json").toFile());
    assertThat(quality.path("n_joined").asLong()).isEqualTo(tested);
    assertThat(quality.path("n_unmatched_labels").asLong()).isEqualTo(earlier);
    assertThat(Files.readString(out.resolve("loan/report.html")))
        .contains("Who is right when they disagree");

    // the LLM test ran with a secondary: generated ids are noise, the answers' text is not, and
    // agreement counts real differences only
    JsonNode llm = MAPPER.readTree(out.resolve("llm/summary.json").toFile());
    Map<String, String> verdicts = new HashMap<>();
    for (JsonNode e : llm.path("noise").path("entries")) {
      verdicts.put(e.path("path").asText(), e.path("verdict").asText());
    }
    assertThat(verdicts)
        .containsEntry("/id", "noise")
        .containsEntry("/system_fingerprint", "noise");
    assertThat(verdicts.getOrDefault("/choices/0/message/content", "real")).isEqualTo("real");
    assertThat(llm.path("agreement").path("rate").asDouble())
        .isGreaterThan(0.5)
        .isGreaterThan(llm.path("agreement_raw").path("rate").asDouble());

    // every other prompt streams: both models' first token is timed (the large model is the slower
    // to start, 40 ms against 12 ms planted), and both are priced, the small one far cheaper
    JsonNode streams = llm.path("llm");
    assertThat(streams.at("/primary/streams").asLong()).isPositive();
    assertThat(streams.at("/shadow/ttft_ms/p50").asDouble())
        .isLessThan(streams.at("/primary/ttft_ms/p50").asDouble());
    assertThat(streams.at("/primary/ttft_ms/p50").asDouble()).isGreaterThan(30.0);
    assertThat(streams.at("/primary/unpriced").asLong()).isZero();
    assertThat(streams.at("/shadow/unpriced").asLong()).isZero();
    assertThat(streams.at("/cost_ratio").asDouble()).isBetween(0.01, 0.2);
    assertThat(run.out()).contains("first token p50/p99 primary ").contains("cost / 1,000 req");

    // the local embedding model measured the meaning of every pair (it ships in the runnable jar,
    // and cli's class path carries it): nothing left unmeasured, paraphrases above the threshold
    JsonNode meaning = null;
    for (JsonNode m : llm.path("metrics")) {
      if (m.path("metric").asText().equals("semantic_cosine")) {
        meaning = m;
      }
    }
    assertThat(meaning).as("semantic_cosine in llm/summary.json").isNotNull();
    assertThat(meaning.path("count").asLong()).isEqualTo(llm.path("requests").asLong());
    assertThat(meaning.path("unmeasured").asLong(0)).isZero();
    assertThat(meaning.path("p50").asDouble()).isGreaterThan(0.9);
    assertThat(run.out()).contains("meaning            semantic cosine p5/p50 ");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    CliRun run = CliRun.run("demo", "--requests", "0", "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("--requests");
  }

  @Test
  void anOutThatIsAFileSaysWhyInsteadOfRepeatingThePath() throws Exception {
    Path file = Files.writeString(out.resolve("taken"), "mine");
    CliRun run = CliRun.run("demo", "--requests", "1", "--out", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    // was "error: --out: cannot write to PATH: PATH", the exception's message being the path
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --out: cannot write to " + file + ": ")
        .doesNotEndWith(": " + file);
    assertThat(file).hasContent("mine");
  }
}
