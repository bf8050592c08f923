package dev.shadowpipeline.app.config;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The "did you mean" of an unknown name (a config key, a column): the closest known one, or the whole list when none
 * is close.
 */
public final class Suggestions {

  private Suggestions() {}

  /** {@code " (did you mean 'x'?)"}, {@code " (known: a, b)"}, or nothing when there is nothing to suggest. */
  public static String didYouMean(String given, Collection<String> known) {
    return didYouMean(given, known, Integer.MAX_VALUE);
  }

  /**
   * {@code " (did you mean 'x'?)"}; else {@code " (known: a, b)"} when at most {@code maxListed} names are known (a
   * wide table's hundred columns would drown the line); else nothing.
   */
  public static String didYouMean(String given, Collection<String> known, int maxListed) {
    Optional<String> close = closest(given, known);
    if (close.isPresent()) {
      return meant(close.get());
    }
    return known(known, maxListed);
  }

  /** {@code " (did you mean 'x'?)"}: how a close name is offered. */
  public static String meant(String close) {
    return " (did you mean '" + close + "'?)";
  }

  /**
   * {@code " (known: a, b)"}, sorted, when at most {@code maxListed} names are known; else nothing: what is offered
   * when no known name is close.
   */
  public static String known(Collection<String> known, int maxListed) {
    return known.isEmpty() || known.size() > maxListed
        ? ""
        : " (known: " + String.join(", ", new TreeSet<>(known)) + ")";
  }

  /** The known name closest to {@code given}, when it is close enough to be a slip of the hand. */
  public static Optional<String> closest(String given, Collection<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : new TreeSet<>(known)) {
      int d = distance.apply(given, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    // close means a slip of the hand: two edits, or a third of a long key ('sampel-rate' finds
    // 'sample-rate')
    return best != null && bestDistance <= Math.max(2, given.length() / 3)
        ? Optional.of(best)
        : Optional.empty();
  }
}
