package dev.shadowpipeline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import dev.shadowpipeline.demo.Applicant;
import dev.shadowpipeline.demo.ApplicantGenerator;
import dev.shadowpipeline.demo.LoanModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

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
  }

  @Test
  void badArgumentsAreUsageErrors() {
    CliRun run = CliRun.run("demo", "--requests", "0", "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().contains("--requests");
  }
}
