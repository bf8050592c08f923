package dev.shadowpipeline.app.config;

import java.util.Collection;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The "did you mean" of an unknown key: the closest known one, or the whole list when none is close. */
final class Suggestions {

  private Suggestions() {}

  /** {@code " (did you mean 'x'?)"}, {@code " (known: a, b)"}, or nothing when there is nothing to suggest. */
  static String didYouMean(String given, Collection<String> known) {
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
    if (best != null && bestDistance <= Math.max(2, given.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return known.isEmpty() ? "" : " (known: " + String.join(", ", new TreeSet<>(known)) + ")";
  }
}
