package dev.shadowpipeline.shadow.compare;

import java.util.List;

/**
 * The outcome of comparing two answers.
 *
 * @param comparator name of the comparator that decided
 * @param match whether the answers agree
 * @param differences the first differences found, at most the comparator's cap
 * @param differenceCount how many differences there were in all, which may exceed {@code differences.size()}
 */
public record Verdict(String comparator, boolean match, List<Difference> differences, int differenceCount) {

  public Verdict {
    differences = List.copyOf(differences);
    if (differenceCount < differences.size()) {
      throw new IllegalArgumentException(
          "differenceCount must be at least the differences listed: " + differenceCount + " < " + differences.size());
    }
    if (match != (differenceCount == 0)) {
      throw new IllegalArgumentException("a verdict matches exactly when it has no differences");
    }
  }
}
