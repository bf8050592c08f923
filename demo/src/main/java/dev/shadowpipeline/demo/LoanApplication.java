package dev.shadowpipeline.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One loan application of the demo: the applicant and the id the loan system gives it, which the late outcomes are
 * joined on.
 *
 * @param id the application id, e.g. {@code A-000042}
 * @param applicant who applies
 */
record LoanApplication(String id, Applicant applicant) {

  /** {@code n} applications with ids {@code PREFIX-000001} onwards, the same for the same seed. */
  static List<LoanApplication> generate(int n, long seed, String prefix) {
    ApplicantGenerator applicants = new ApplicantGenerator(seed);
    List<LoanApplication> out = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      out.add(
          new LoanApplication(String.format(Locale.ROOT, "%s-%06d", prefix, i), applicants.next()));
    }
    return out;
  }

  /** The request the loan system sends the model for this application. */
  DemoTraffic.DemoRequest request() {
    return new DemoTraffic.DemoRequest(
        "POST", "/predict", DemoModelServer.requestBody(id, applicant));
  }
}
