package dev.shadowpipeline.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The loan demo's ground truth, arriving months after the decisions: which applicants defaulted. The simulated world
 * is v1's score with one correction: applicants with a credit score under 600 are riskier than v1 thinks (v2 learned
 * that). It knows nothing of v2's other change, trusting indebted high earners, so those applicants default as often
 * as v1 predicts.
 *
 * <p>As in a study where a sample of applicants is approved whatever the model says, every applicant's outcome is
 * known here; in production only approved loans have one, which is why a shadow test's labels are usually joined on
 * the applications the primary approved.
 */
final class LoanOutcomes {

  /** The column of the outcomes file a decision is judged against. */
  static final String TRUTH_COLUMN = "decision_in_hindsight";

  /** The column the outcomes are joined on: the request body's {@code /application_id}. */
  static final String ID_COLUMN = "application_id";

  /** Share of the shadow-tested applications whose outcome is known by now; the other loans are still running. */
  static final double KNOWN_SHARE = 0.85;

  /** Outcomes in the file for applications decided before the shadow test: they find no record. */
  static final int EARLIER_OUTCOMES = 120;

  private LoanOutcomes() {}

  /** The log-odds that the applicant repays, in the simulated world. */
  static double repayLogit(Applicant a) {
    return LoanModel.V1.logit(a) - (a.creditScore() < 600 ? 1.0 : 0.0);
  }

  /**
   * Writes the outcomes file: {@code application_id,defaulted,decision_in_hindsight}, where the decision in hindsight
   * is {@code approve} for a loan that was repaid and {@code reject} for one that defaulted. The same seed gives the
   * same file.
   *
   * @param file where to write (replaced)
   * @param tested the applications that went through the shadow test
   * @param seed seed of the outcomes
   * @return how many outcomes were written for tested applications, and how many for earlier ones
   */
  static int[] write(Path file, List<LoanApplication> tested, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int known = 0;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(ID_COLUMN + ",defaulted," + TRUTH_COLUMN + "\n");
      for (LoanApplication app : tested) {
        // both draws are made for every application, so the outcomes do not depend on which are
        // known
        boolean reported = random.nextDouble() < KNOWN_SHARE;
        boolean defaulted = defaults(app.applicant(), random.nextDouble());
        if (reported) {
          line(out, app.id(), defaulted);
          known++;
        }
      }
      for (LoanApplication app :
          LoanApplication.generate(EARLIER_OUTCOMES, seed + 1_000_003, "E")) {
        line(out, app.id(), defaults(app.applicant(), random.nextDouble()));
      }
    }
    return new int[] {known, EARLIER_OUTCOMES};
  }

  /** Whether the applicant defaults, for a uniform draw {@code u} in [0, 1). */
  static boolean defaults(Applicant a, double u) {
    double repay = 1.0 / (1.0 + Math.exp(-repayLogit(a)));
    return u >= repay;
  }

  private static void line(Writer out, String id, boolean defaulted) throws IOException {
    out.write(id + "," + defaulted + "," + (defaulted ? "reject" : "approve") + "\n");
  }
}
