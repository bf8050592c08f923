package dev.shadowpipeline.shadow.compare;

import static dev.shadowpipeline.shadow.compare.Pairs.failed;
import static dev.shadowpipeline.shadow.compare.Pairs.lines;
import static dev.shadowpipeline.shadow.compare.Pairs.metric;
import static dev.shadowpipeline.shadow.compare.Pairs.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.RankingComparator.Metric;
import dev.shadowpipeline.shadow.compare.RankingComparator.Spec;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values for RBO come from a direct transcription of Webber, Moffat &amp; Zobel (2010), eq. (32), run with
 * Python 3.11 (the script below); Java is held to 1e-12 of it.
 *
 * <pre>
 * def rbo_ext(a, b, p):
 *     L, S = (a, b) if len(a) &gt;= len(b) else (b, a)
 *     l, s = len(L), len(S)
 *     X = lambda d: len(set(S[:min(d, s)]) &amp; set(L[:d]))
 *     Xs, Xl = X(s), X(l)
 *     total = sum(X(d) / d * p**d for d in range(1, l + 1))
 *     total += sum(Xs * (d - s) / (s * d) * p**d for d in range(s + 1, l + 1))
 *     return (1 - p) / p * total + ((Xl - Xs) / l + Xs / s) * p**l
 *
 * rbo_ext(list("abcd"), list("acbe"), 0.9)             # 0.77275
 * rbo_ext(list("abc"), list("badce"), 0.9)             # 0.7794449999999999
 * rbo_ext(list("abcdefghij"), list("bacdefghij"), 0.9) # 0.8999999999999999
 * rbo_ext(list("abcdefghij"), list("jihgfedcba"), 0.9) # 0.5116075656428571
 * rbo_ext(list("abcde"), list("abcde"), 0.5)           # 1.0
 * rbo_ext(list("ab"), list("cd"), 0.9)                 # 0.0
 * rbo_ext(list("a"), list("xyzwa"), 0.8)               # 0.08192000000000002
 * </pre>
 * (each value is the same with the arguments swapped).
 */
class RankingComparatorTest {

  private static List<String> ids(String letters) {
    return Arrays.asList(letters.split(""));
  }

  private static String json(String letters) {
    if (letters.isEmpty()) {
      return "{\"results\":[]}";
    }
    return "{\"results\":[\"" + String.join("\",\"", ids(letters)) + "\"]}";
  }

  private static Verdict compare(RankingComparator c, String primary, String shadow) {
    return c.compare(ok(json(primary)), ok(json(shadow)));
  }

  private final RankingComparator defaults = new RankingComparator(Spec.of("/results"));

  @Test
  void rboMatchesTheFormulaOfThePaper() {
    assertThat(RankingMetrics.rbo(ids("abcd"), ids("acbe"), 0.9)).isCloseTo(0.77275, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("abc"), ids("badce"), 0.9))
        .isCloseTo(0.7794449999999999, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("badce"), ids("abc"), 0.9))
        .isCloseTo(0.7794449999999999, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("abcdefghij"), ids("bacdefghij"), 0.9))
        .isCloseTo(0.9, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("abcdefghij"), ids("jihgfedcba"), 0.9))
        .isCloseTo(0.5116075656428571, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("abcde"), ids("abcde"), 0.5)).isCloseTo(1.0, within(1e-12));
    assertThat(RankingMetrics.rbo(ids("ab"), ids("cd"), 0.9)).isZero();
    assertThat(RankingMetrics.rbo(ids("a"), ids("xyzwa"), 0.8)).isCloseTo(0.08192, within(1e-12));
  }

  @Test
  void evenListsByHand() {
    // A = a b c d, B = a c b e, p = 0.9. X_d = |A:d ∩ B:d| = 1, 1, 3, 3; A_d = X_d/d = 1, 0.5, 1,
    // 0.75
    // RBO_ext = (1-p)/p · Σ A_d p^d + A_4 p^4
    //         = (0.1/0.9)(0.9 + 0.5·0.81 + 0.729 + 0.75·0.6561) + 0.75·0.6561
    //         = (1/9)(2.526075) + 0.492075 = 0.280675 + 0.492075 = 0.77275
    // overlap@10 = |A∩B| / max(4, 4) = 3/4; Jaccard@10 = 3 / |{a,b,c,d,e}| = 3/5
    Verdict v = compare(defaults, "abcd", "acbe");
    assertThat(metric(v, "rbo")).isCloseTo(0.77275, within(1e-12));
    assertThat(metric(v, "overlap_at_k")).isEqualTo(0.75);
    assertThat(metric(v, "jaccard_at_k")).isEqualTo(0.6);
    // 0.77275 < 0.8: diverges under the default rule
    assertThat(lines(v)).containsExactly("RANKING /results warning rbo 0.7728 < 0.8");
    assertThat(v.differences().get(0).primary().toString()).isEqualTo("[\"a\",\"b\",\"c\",\"d\"]");
    assertThat(v.differences().get(0).shadow().toString()).isEqualTo("[\"a\",\"c\",\"b\",\"e\"]");
  }

  @Test
  void unevenListsByHand() {
    // S = a b c (s = 3), L = b a d c e (l = 5), p = 0.9
    // X_1..X_5 = 0, 2, 2, 3, 3 (beyond depth 3, S is taken whole); X_s = X_3 = 2, X_l = X_5 = 3
    // Σ X_d/d p^d = 0 + 1·0.81 + (2/3)·0.729 + (3/4)·0.6561 + (3/5)·0.59049 = 2.142369
    // Σ_{d=4,5} X_s(d-s)/(s d) p^d = (2·1/12)·0.6561 + (2·2/15)·0.59049 = 0.10935 + 0.157464 =
    // 0.266814
    // extrapolation ((X_l - X_s)/l + X_s/s) p^5 = (1/5 + 2/3)·0.59049 = 0.511758
    // RBO_ext = (1/9)(2.409183) + 0.511758 = 0.267687 + 0.511758 = 0.779445
    // overlap@10 = 3 / max(3, 5) = 0.6; Jaccard@10 = 3 / (3 + 5 - 3) = 0.6
    Verdict v = compare(defaults, "abc", "badce");
    assertThat(metric(v, "rbo")).isCloseTo(0.779445, within(1e-12));
    assertThat(metric(v, "overlap_at_k")).isCloseTo(0.6, within(1e-15));
    assertThat(metric(v, "jaccard_at_k")).isCloseTo(0.6, within(1e-15));
  }

  @Test
  void onlyTheTopKCount() {
    RankingComparator top3 = new RankingComparator(Spec.of("/results").withK(3));
    // top 3: a b c vs a b c — what follows does not matter
    Verdict v = compare(top3, "abcxyz", "abcpqr");
    assertThat(v.match()).isTrue();
    assertThat(metric(v, "rbo")).isCloseTo(1.0, within(1e-12));
    assertThat(metric(v, "overlap_at_k")).isEqualTo(1.0);
    // top 3: a b c vs a b d: overlap 2/3, Jaccard 2/4
    Verdict w = compare(top3, "abcd", "abdc");
    assertThat(metric(w, "overlap_at_k")).isCloseTo(2.0 / 3, within(1e-15));
    assertThat(metric(w, "jaccard_at_k")).isEqualTo(0.5);
  }

  @Test
  void kLargerThanTheListsUsesTheLongerListAsDenominator() {
    // k = 10; 3 identical ids each: overlap 3 / max(3,3) = 1 (not 3/10)
    assertThat(metric(compare(defaults, "abc", "abc"), "overlap_at_k")).isEqualTo(1.0);
    // the shadow returns 3 of the primary's 10: 3 / max(10, 3) = 0.3
    assertThat(metric(compare(defaults, "abcdefghij", "abc"), "overlap_at_k"))
        .isCloseTo(0.3, within(1e-15));
  }

  @Test
  void emptyLists() {
    Verdict both = compare(defaults, "", "");
    assertThat(both.match()).isTrue();
    assertThat(metric(both, "rbo")).isEqualTo(1.0);
    assertThat(metric(both, "overlap_at_k")).isEqualTo(1.0);
    assertThat(metric(both, "jaccard_at_k")).isEqualTo(1.0);
    Verdict one = compare(defaults, "abc", "");
    assertThat(metric(one, "rbo")).isZero();
    assertThat(metric(one, "overlap_at_k")).isZero();
    assertThat(metric(one, "jaccard_at_k")).isZero();
    assertThat(lines(one)).containsExactly("RANKING /results warning rbo 0 < 0.8");
  }

  @Test
  void objectsWithAnIdAtARelativePointer() {
    RankingComparator c = new RankingComparator(Spec.of("/hits").withIdPointer("/doc/id"));
    String p =
        "{\"hits\":[{\"doc\":{\"id\":7},\"score\":3.1},{\"doc\":{\"id\":\"x\"}},{\"doc\":{\"id\":9}}]}";
    String s = "{\"hits\":[{\"doc\":{\"id\":7.0}},{\"doc\":{\"id\":9}},{\"doc\":{\"id\":\"x\"}}]}";
    // ids 7 x 9 vs 7 9 x: X_d = 1, 1, 3; RBO = (1/9)(0.9 + 0.5·0.81 + 0.729) + 1·0.729 = 0.226 +
    // 0.729 = 0.955
    Verdict v = c.compare(ok(p), ok(s));
    assertThat(metric(v, "rbo")).isCloseTo(0.955, within(1e-12));
    assertThat(v.match()).isTrue();
    assertThat(lines(c.compare(ok(p), ok("{\"hits\":[{\"doc\":{}}]}"))))
        .containsExactly(
            "OUTPUT_MISSING /hits warning shadow output at '/hits' is a JSON array, expected an array of objects with a "
                + "string or number id at /doc/id");
  }

  @Test
  void repeatedIdsKeepTheirBestRank() {
    // a a b -> a b; identical to a b
    assertThat(metric(compare(defaults, "aab", "ab"), "rbo")).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void theDecidingMetricAndThresholdAreConfigurable() {
    RankingComparator c =
        new RankingComparator(
            Spec.of("/results")
                .withDecision(Metric.OVERLAP_AT_K, 0.75)
                .withSeverity(Severity.CRITICAL));
    assertThat(compare(c, "abcd", "acbe").match()).isTrue(); // overlap 0.75 is not below 0.75
    assertThat(lines(compare(c, "abcd", "aefg")))
        .containsExactly("RANKING /results critical overlap_at_k 0.25 < 0.75");
    assertThat(Metric.parse("jaccard")).isEqualTo(Metric.JACCARD_AT_K);
    assertThat(Metric.parse("overlap@k")).isEqualTo(Metric.OVERLAP_AT_K);
    assertThatThrownBy(() -> Metric.parse("ndcg"))
        .hasMessage("unknown ranking metric 'ndcg' (expected overlap_at_k, jaccard_at_k or rbo)");
  }

  @Test
  void malformedOrMissingListsAndFailedSides() {
    assertThat(lines(defaults.compare(ok(json("abc")), ok("{\"results\":\"abc\"}"))))
        .containsExactly(
            "OUTPUT_MISSING /results warning shadow output at '/results' is a JSON string, expected an array of string "
                + "or number ids");
    assertThat(lines(defaults.compare(ok("{\"results\":[{\"id\":1}]}"), ok(json("abc")))))
        .singleElement()
        .asString()
        .startsWith("OUTPUT_MISSING /results warning primary output");
    assertThat(lines(defaults.compare(ok("{\"results\":[true]}"), ok(json("a"))))).hasSize(1);
    assertThat(defaults.compare(ok("{}"), ok("{}")).match()).isTrue();
    Verdict failed = defaults.compare(ok(json("abc")), failed(ErrorKind.CONNECTION_RESET));
    assertThat(failed.match()).isTrue();
    assertThat(failed.observations()).isEmpty();
  }

  @Test
  void badConfigurationIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> Spec.of("/r").withK(0)).hasMessage("ranking k must be at least 1: 0");
    assertThatThrownBy(() -> Spec.of("/r").withPersistence(1.0))
        .hasMessage("ranking persistence must be between 0 and 1 (exclusive): 1.0");
    assertThatThrownBy(() -> Spec.of("/r").withPersistence(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> Spec.of("/r").withDecision(Metric.RBO, 1.5))
        .hasMessage("ranking threshold must be between 0 and 1: 1.5");
    assertThatThrownBy(() -> Spec.of("/r").withIdPointer("id"))
        .hasMessage("ranking id pointer must be a JSON Pointer such as /output/label: 'id'");
  }
}
