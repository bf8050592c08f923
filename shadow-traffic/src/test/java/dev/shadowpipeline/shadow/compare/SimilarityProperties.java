package dev.shadowpipeline.shadow.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.shadow.compare.text.TextSimilarity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Properties every similarity must have, and the comparators' promise never to throw on odd bodies. */
class SimilarityProperties {

  @Provide
  Arbitrary<List<String>> ranking() {
    // ids from a small alphabet, so that random lists overlap often
    return Arbitraries.strings()
        .withChars("abcdefghijkl")
        .ofLength(1)
        .list()
        .uniqueElements()
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.of("the", "a", "cat", "dog", "sat", "on", "mat", "The", "CAT", "42", "é")
            .list()
            .ofMaxSize(15)
            .map(words -> String.join(" ", words)),
        Arbitraries.strings().ofMaxLength(40));
  }

  @Provide
  Arbitrary<String> body() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.of(
            "{}",
            "[]",
            "null",
            "1",
            "\"s\"",
            "{\"label\":null}",
            "{\"label\":[1]}",
            "{\"score\":\"x\"}",
            "{\"score\":1e400}",
            "{\"ids\":[{}]}",
            "{\"ids\":[null,true]}",
            "{\"ids\":\"abc\"}",
            "{\"choices\":[]}",
            "{\"choices\":[{\"message\":{\"content\":7}}]}",
            "{\"choices\":[{\"text\":null}]}",
            "{\"label\":\"a\",\"score\":0.5,\"ids\":[1,2,\"3\"]}",
            "\u0000\uffff",
            "{\"label\":"));
  }

  @Property
  void rankingMetricsAreSymmetricAndInTheUnitInterval(
      @ForAll("ranking") List<String> a,
      @ForAll("ranking") List<String> b,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double p) {
    double rbo = RankingMetrics.rbo(a, b, p);
    double overlap = RankingMetrics.overlap(a, b);
    double jaccard = RankingMetrics.jaccard(a, b);
    for (double v : new double[] {rbo, overlap, jaccard}) {
      assertThat(v).isBetween(0.0, 1.0);
    }
    assertThat(RankingMetrics.rbo(b, a, p)).isCloseTo(rbo, within(1e-12));
    assertThat(RankingMetrics.overlap(b, a)).isEqualTo(overlap);
    assertThat(RankingMetrics.jaccard(b, a)).isEqualTo(jaccard);
    assertThat(jaccard).isLessThanOrEqualTo(overlap);
  }

  @Property
  void rboAgreesWithADirectTranscriptionOfTheFormula(
      @ForAll("ranking") List<String> a,
      @ForAll("ranking") List<String> b,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double p) {
    if (a.isEmpty() || b.isEmpty()) {
      return;
    }
    assertThat(RankingMetrics.rbo(a, b, p)).isCloseTo(rboByTheBook(a, b, p), within(1e-12));
  }

  // Webber et al. 2010, eq. (32), term by term as written, recomputing each overlap from scratch
  private static double rboByTheBook(List<String> a, List<String> b, double p) {
    List<String> longer = a.size() >= b.size() ? a : b;
    List<String> shorter = longer == a ? b : a;
    int l = longer.size();
    int s = shorter.size();
    double total = 0;
    for (int d = 1; d <= l; d++) {
      total += overlapAt(shorter, longer, d) / d * Math.pow(p, d);
    }
    double xs = overlapAt(shorter, longer, s);
    for (int d = s + 1; d <= l; d++) {
      total += xs * (d - s) / (s * (double) d) * Math.pow(p, d);
    }
    double xl = overlapAt(shorter, longer, l);
    return (1 - p) / p * total + ((xl - xs) / l + xs / s) * Math.pow(p, l);
  }

  private static double overlapAt(List<String> shorter, List<String> longer, int d) {
    Set<String> x = new HashSet<>(shorter.subList(0, Math.min(d, shorter.size())));
    x.retainAll(longer.subList(0, d));
    return x.size();
  }

  @Property
  void identicalRankingsAgreeFully(
      @ForAll("ranking") List<String> a, @ForAll @DoubleRange(min = 0.05, max = 0.95) double p) {
    assertThat(RankingMetrics.rbo(a, a, p)).isCloseTo(1.0, within(1e-12));
    assertThat(RankingMetrics.overlap(a, a)).isEqualTo(1.0);
    assertThat(RankingMetrics.jaccard(a, a)).isEqualTo(1.0);
  }

  @Property
  void textSimilaritiesAreSymmetricAndInTheUnitInterval(
      @ForAll("text") String x, @ForAll("text") String y) {
    List<String> a = TextSimilarity.tokens(x);
    List<String> b = TextSimilarity.tokens(y);
    double cosine = TextSimilarity.tokenCosine(a, b);
    double rouge = TextSimilarity.rougeL(a, b);
    assertThat(cosine).isBetween(0.0, 1.0);
    assertThat(rouge).isBetween(0.0, 1.0);
    assertThat(TextSimilarity.tokenCosine(b, a)).isCloseTo(cosine, within(1e-12));
    assertThat(TextSimilarity.rougeL(b, a)).isEqualTo(rouge);
    assertThat(TextSimilarity.lcsLength(a, b)).isLessThanOrEqualTo(Math.min(a.size(), b.size()));
  }

  @Property
  void identicalTextsAreFullySimilar(@ForAll("text") String x) {
    List<String> a = TextSimilarity.tokens(x);
    assertThat(TextSimilarity.tokenCosine(a, a)).isEqualTo(1.0);
    assertThat(TextSimilarity.rougeL(a, a)).isEqualTo(1.0);
    // case and punctuation do not matter
    assertThat(
            TextSimilarity.rougeL(
                a, TextSimilarity.tokens(x.toUpperCase(java.util.Locale.ROOT) + "!")))
        .isEqualTo(
            TextSimilarity.rougeL(a, TextSimilarity.tokens(x.toUpperCase(java.util.Locale.ROOT))));
  }

  private static final List<ResponseComparator> ALL =
      List.of(
          new LabelComparator(LabelComparator.Spec.of("/label")),
          new ScoreComparator(
              ScoreComparator.Spec.of("/score").withDecision(0.5, Severity.CRITICAL)),
          new RankingComparator(RankingComparator.Spec.of("/ids")),
          new RankingComparator(RankingComparator.Spec.of("/ids").withIdPointer("/id")),
          new TextComparator(TextComparator.Spec.defaults()),
          new TextComparator(TextComparator.Spec.defaults().withPointer("/label")),
          new LatencyComparator(LatencyComparator.Spec.defaults()),
          new ErrorComparator(ErrorComparator.Spec.defaults()));

  @Property
  void comparatorsNeverThrowOnOddBodiesAndIdenticalAnswersMatch(
      @ForAll("body") String p,
      @ForAll("body") String s,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 100, max = 599) int status) {
    for (ResponseComparator c : ALL) {
      Verdict v = c.compare(Pairs.answer(status, p, 10), Pairs.answer(200, s, 10));
      assertThat(v.comparator()).isEqualTo(c.name());
      for (Observation o : v.observations()) {
        assertThat(o.metric()).matches("[a-z][a-z0-9_]*");
      }
      assertThat(c.compare(Pairs.answer(200, p, 10), Pairs.answer(200, p, 10)).match())
          .as(c.name() + " on " + p)
          .isTrue();
    }
  }
}
