package dev.shadowpipeline.shadow.compare;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Set and rank agreement of two top-k lists of distinct ids. All three are symmetric and lie in [0, 1]; two empty
 * lists agree fully (1) and an empty list against a non-empty one not at all (0).
 *
 * <p>References: [1] W. Webber, A. Moffat, J. Zobel, "A similarity measure for indefinite rankings", ACM Transactions
 * on Information Systems 28(4), article 20, 2010, doi:10.1145/1852102.1852106.
 */
final class RankingMetrics {

  private RankingMetrics() {}

  /**
   * overlap@k = |A ∩ B| / max(|A|, |B|), with A and B already cut to their first k items. The denominator is k when
   * either list has k items; when both are shorter it is the longer list's length, so that two identical 3-item
   * lists score 1 (not 3/10) while a shadow returning 3 of the primary's 10 still scores 0.3.
   */
  static double overlap(List<String> a, List<String> b) {
    int denominator = Math.max(a.size(), b.size());
    return denominator == 0 ? 1.0 : (double) intersection(a, b) / denominator;
  }

  /** Jaccard@k = |A ∩ B| / |A ∪ B| over the first k items of each. */
  static double jaccard(List<String> a, List<String> b) {
    int common = intersection(a, b);
    int union = a.size() + b.size() - common;
    return union == 0 ? 1.0 : (double) common / union;
  }

  /**
   * Extrapolated rank-biased overlap RBO<sub>ext</sub> of [1], equation (32) (which reduces to equation (30) when
   * both lists have the same length), over the lists as given (the caller cuts them to k). With L the longer list
   * (length l), S the shorter (length s), X<sub>d</sub> = |S<sub>:d</sub> ∩ L<sub>:d</sub>| (for d &gt; s, S is
   * taken whole) and persistence p:
   *
   * <pre>
   * RBO_ext = (1-p)/p · ( Σ_{d=1..l} X_d/d · p^d  +  Σ_{d=s+1..l} X_s·(d-s)/(s·d) · p^d )
   *         + ( (X_l - X_s)/l + X_s/s ) · p^l
   * </pre>
   *
   * @param p persistence in (0, 1): the probability that a user looks one rank further
   */
  static double rbo(List<String> a, List<String> b, double p) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    if (a.isEmpty() || b.isEmpty()) {
      return 0.0;
    }
    List<String> longer = a.size() >= b.size() ? a : b;
    List<String> shorter = a.size() >= b.size() ? b : a;
    int l = longer.size();
    int s = shorter.size();
    Set<String> seenLong = new HashSet<>();
    Set<String> seenShort = new HashSet<>();
    int x = 0; // X_d: overlap of the prefixes of depth d
    int xs = 0; // X_s
    double sum = 0; // Σ X_d/d · p^d + Σ X_s(d-s)/(s d) · p^d
    double pd = 1; // p^d
    for (int d = 1; d <= l; d++) {
      pd *= p;
      String fromLong = longer.get(d - 1);
      if (seenShort.contains(fromLong)) {
        x++;
      }
      seenLong.add(fromLong);
      if (d <= s) {
        String fromShort = shorter.get(d - 1);
        if (seenLong.contains(fromShort)) {
          x++;
        }
        seenShort.add(
            fromShort); // the same id at the same depth was counted once, by this second check
        if (d == s) {
          xs = x;
        }
      } else {
        sum += (double) xs * (d - s) / ((double) s * d) * pd;
      }
      sum += (double) x / d * pd;
    }
    double rbo = (1 - p) / p * sum + ((double) (x - xs) / l + (double) xs / s) * pd;
    return Math.max(0.0, Math.min(1.0, rbo)); // rounding can stray by an ulp
  }

  private static int intersection(List<String> a, List<String> b) {
    Set<String> small = new HashSet<>(a.size() <= b.size() ? a : b);
    int n = 0;
    for (String id : a.size() <= b.size() ? b : a) {
      if (small.contains(id)) {
        n++;
      }
    }
    return n;
  }
}
