package dev.shadowpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoanModelTest {

  @Test
  void v1IsTheDocumentedLogisticScore() {
    Applicant a = new Applicant(35, 52_000, 0.3, 690, 15_000, 4);
    // z = -6.9 + 0.012*690 + 1.5e-5*52000 - 5*0.3 - 2e-5*15000 + 0.03*4 = 0.48; 1/(1+e^-0.48) =
    // 0.617747...
    assertThat(LoanModel.V1.score(a)).isCloseTo(0.6177, within(1e-9));
    assertThat(LoanModel.V1.approves(a)).isTrue();
  }

  @Test
  void v2AgreesOutsideItsRegionsAndApprovesIndebtedHighEarners() {
    Applicant ordinary = new Applicant(35, 52_000, 0.3, 690, 15_000, 4);
    assertThat(LoanModel.V2.score(ordinary)).isEqualTo(LoanModel.V1.score(ordinary));
    // z = -6.9 + 8.16 + 1.5 - 2.75 - 0.4 + 0.15 = -0.24 for v1 (reject); v2 adds 2.0 for debt > 0.5
    // and income > 75k
    Applicant indebted = new Applicant(40, 100_000, 0.55, 680, 20_000, 5);
    assertThat(LoanModel.V1.approves(indebted)).isFalse();
    assertThat(LoanModel.V2.approves(indebted)).isTrue();
  }

  @Test
  void applicantsAreTheSameForTheSameSeed() {
    assertThat(new ApplicantGenerator(7).next()).isEqualTo(new ApplicantGenerator(7).next());
  }
}
