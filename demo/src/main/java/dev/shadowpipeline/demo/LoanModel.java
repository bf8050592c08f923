package dev.shadowpipeline.demo;

/**
 * The two demo models. Version 1 is a logistic score with a 0.5 threshold, the production model. Version 2, the
 * candidate, agrees with it everywhere except on two clear regions: it over-trusts high earners carrying heavy debt
 * (rejected by v1, approved by v2: the critical flips a risk team must see) and is stricter with low credit scores.
 */
public enum LoanModel {
  V1("loan-v1"),
  V2("loan-v2");

  private final String id;

  LoanModel(String id) {
    this.id = id;
  }

  /** The name the model reports in its answers. */
  public String id() {
    return id;
  }

  /** The approval probability, rounded to four decimals as the service reports it. */
  public double score(Applicant a) {
    double p = 1.0 / (1.0 + Math.exp(-logit(a)));
    return Math.round(p * 10_000) / 10_000.0;
  }

  /** The log-odds of approval, before rounding. */
  double logit(Applicant a) {
    // z = -6.9 + 0.012 credit + 1.5e-5 income - 5 debt_ratio - 2e-5 loan + 0.03 employment
    double z =
        -6.9
            + 0.012 * a.creditScore()
            + 0.000015 * a.income()
            - 5.0 * a.debtRatio()
            - 0.00002 * a.loanAmount()
            + 0.03 * a.employmentYears();
    if (this == V2) {
      if (a.debtRatio() > 0.5 && a.income() > 75_000) {
        z += 2.0;
      }
      if (a.creditScore() < 600) {
        z -= 0.8;
      }
    }
    return z;
  }

  public boolean approves(Applicant a) {
    return score(a) >= 0.5;
  }
}
