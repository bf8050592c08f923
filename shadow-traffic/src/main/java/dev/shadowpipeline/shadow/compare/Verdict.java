package dev.shadowpipeline.shadow.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of comparing two answers.
 *
 * @param comparator name of the comparator that decided (for a route: the names of its comparators, joined by {@code +})
 * @param match whether the answers agree
 * @param differences the first differences found, at most the comparator's cap
 * @param differenceCount how many differences there were in all, which may exceed {@code differences.size()}
 * @param observations measurements taken on the pair, diverging or not, for the aggregates
 */
public record Verdict(
    String comparator,
    boolean match,
    List<Difference> differences,
    int differenceCount,
    List<Observation> observations) {

  public Verdict {
    differences = List.copyOf(differences);
    observations = List.copyOf(observations);
    if (differenceCount < differences.size()) {
      throw new IllegalArgumentException(
          "differenceCount must be at least the differences listed: "
              + differenceCount
              + " < "
              + differences.size());
    }
    if (match != (differenceCount == 0)) {
      throw new IllegalArgumentException("a verdict matches exactly when it has no differences");
    }
  }

  /** A verdict without observations. */
  public Verdict(
      String comparator, boolean match, List<Difference> differences, int differenceCount) {
    this(comparator, match, differences, differenceCount, List.of());
  }

  /** A verdict from the differences found (all listed) and the observations made. */
  public static Verdict of(
      String comparator, List<Difference> differences, List<Observation> observations) {
    return new Verdict(
        comparator, differences.isEmpty(), differences, differences.size(), observations);
  }

  /**
   * Whether the answers agree: no difference above {@link Severity#INFO}. Info-level divergences (by default a latency
   * over budget) are recorded and reported but do not count against agreement.
   */
  public boolean agrees() {
    Severity worst = severity();
    return worst == null || worst == Severity.INFO;
  }

  /** The most severe listed difference, or {@code null} for a match. */
  public Severity severity() {
    Severity worst = null;
    for (Difference d : differences) {
      worst = Severity.max(worst, d.severity());
    }
    return worst;
  }

  /**
   * Combines the verdicts of several comparators on the same pair: it matches when all match; differences are listed
   * up to {@code maxListed} and all counted.
   */
  public static Verdict combine(List<Verdict> verdicts, int maxListed) {
    if (verdicts.size() == 1) {
      return verdicts.get(0);
    }
    StringBuilder name = new StringBuilder();
    List<Difference> listed = new ArrayList<>();
    List<Observation> observations = new ArrayList<>();
    int count = 0;
    for (Verdict v : verdicts) {
      if (name.length() > 0) {
        name.append('+');
      }
      name.append(v.comparator());
      for (Difference d : v.differences()) {
        if (listed.size() < maxListed) {
          listed.add(d);
        }
      }
      count += v.differenceCount();
      observations.addAll(v.observations());
    }
    return new Verdict(name.toString(), count == 0, listed, count, observations);
  }
}
