package dev.shadowpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoanOutcomesTest {

  @Test
  void theWorldSidesWithV1OnIndebtedHighEarnersAndWithV2OnLowCreditScores() {
    int rejectToApprove = 0;
    int approveToReject = 0;
    for (LoanApplication app : LoanApplication.generate(20_000, 11, "A")) {
      Applicant a = app.applicant();
      boolean v1 = LoanModel.V1.approves(a);
      boolean v2 = LoanModel.V2.approves(a);
      double repayLogit = LoanOutcomes.repayLogit(a);
      if (!v1 && v2) {
        rejectToApprove++;
        // v2's bonus for indebted high earners is not in the world: v1 was right to reject
        // (<= 0 rather than < 0: the service rounds its score, so 0.49996 is reported as 0.5)
        assertThat(repayLogit).as("repay log-odds of %s", a).isLessThanOrEqualTo(1e-3);
      }
      if (v1 && !v2) {
        approveToReject++;
        // v2 is stricter with scores under 600, and so is the world (by more)
        assertThat(a.creditScore()).isLessThan(600);
        assertThat(repayLogit).as("repay log-odds of %s", a).isNegative();
      }
    }
    assertThat(rejectToApprove).isPositive();
    assertThat(approveToReject).isPositive();
  }

  @Test
  void theFileHasAKnownShareOfTheTestedApplicationsAndSomeEarlierOnes(@TempDir Path dir)
      throws Exception {
    List<LoanApplication> tested = LoanApplication.generate(2_000, 5, "A");
    Path file = dir.resolve("outcomes.csv");
    int[] counts = LoanOutcomes.write(file, tested, 5);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("application_id,defaulted,decision_in_hindsight");
    assertThat(lines).hasSize(1 + counts[0] + counts[1]);
    assertThat(counts[1]).isEqualTo(LoanOutcomes.EARLIER_OUTCOMES);
    // 85% of 2,000 known: a binomial(2000, 0.85) count is within 1,700 ± 4 sd (sd = 16) unless
    // the share is wrong
    assertThat(counts[0]).isBetween(1_636, 1_764);
    Set<String> ids =
        tested.stream().map(LoanApplication::id).collect(Collectors.toUnmodifiableSet());
    long matching =
        lines.stream()
            .skip(1)
            .map(l -> l.substring(0, l.indexOf(',')))
            .filter(ids::contains)
            .count();
    assertThat(matching).isEqualTo(counts[0]);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f[2]).isEqualTo(Boolean.parseBoolean(f[1]) ? "reject" : "approve");
    }
    assertThat(LoanOutcomes.write(dir.resolve("again.csv"), tested, 5)).isEqualTo(counts);
    assertThat(Files.readAllLines(dir.resolve("again.csv"))).isEqualTo(lines);
  }
}
