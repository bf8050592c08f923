package dev.shadowpipeline.demo;

import java.util.SplittableRandom;

/** Synthetic applicants, the same sequence for the same seed. */
public final class ApplicantGenerator {

  private final SplittableRandom random;

  public ApplicantGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public Applicant next() {
    int age = random.nextInt(21, 71);
    double income = Math.round(Math.exp(11.0 + 0.45 * gaussian()));
    double debtRatio = Math.round((0.05 + 0.70 * random.nextDouble()) * 1000) / 1000.0;
    int creditScore = (int) Math.max(300, Math.min(850, Math.round(680 + 60 * gaussian())));
    double loanAmount = Math.round(5_000 + 55_000 * random.nextDouble());
    int employmentYears = random.nextInt(0, 31);
    return new Applicant(age, income, debtRatio, creditScore, loanAmount, employmentYears);
  }

  // Box-Muller; SplittableRandom has no nextGaussian on Java 17
  private double gaussian() {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
