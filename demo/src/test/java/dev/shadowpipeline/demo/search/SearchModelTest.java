package dev.shadowpipeline.demo.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchModelTest {

  private static final SearchCorpus CORPUS = SearchCorpus.builtIn();

  @Test
  void theCorpusIsTwoHundredStableArticles() {
    assertThat(CORPUS.documents).hasSize(200);
    assertThat(CORPUS.documents.get(0).id()).isEqualTo("doc-000");
    assertThat(CORPUS.documents.get(199).id()).isEqualTo("doc-199");
    // fixed seed: the corpus, and so every ranking, is the same on every run and machine
    assertThat(CORPUS.documents.get(10).title()).isEqualTo("Home term");
  }

  @Test
  void v1IsBm25OverTitles() {
    // doc-010 is "Home term", two terms
    // idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |D| / avgdl)) with tf = 1, |D| = 2, k1 =
    // 1.2, b = 0.75
    double expected =
        CORPUS.idf("home") * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / CORPUS.averageLength));
    Hit hit =
        SearchModel.V1.search("home", 200).stream()
            .filter(h -> h.id().equals("doc-010"))
            .findFirst()
            .orElseThrow();
    assertThat(hit.score()).isCloseTo(expected, within(5e-5));
    // ln(1 + (N - df + 0.5) / (df + 0.5)) with N = 200
    int df = CORPUS.documentFrequency.get("home");
    assertThat(CORPUS.idf("home"))
        .isCloseTo(Math.log(1 + (200 - df + 0.5) / (df + 0.5)), within(1e-12));
  }

  @Test
  void v1OnlyFindsTheWordsTypedWhileV2AlsoFindsTheirSynonyms() {
    for (Hit h : SearchModel.V1.search("scam", 100)) {
      assertThat(terms(h.id())).contains("scam");
    }
    List<Hit> v2 = SearchModel.V2.search("scam", 100);
    assertThat(v2)
        .anySatisfy(
            h ->
                assertThat(terms(h.id()))
                    .doesNotContain("scam")
                    .containsAnyOf("fraud", "phishing"));
    assertThat(v2).allSatisfy(h -> assertThat(h.score()).isBetween(0.0, 1.0));
  }

  @Test
  void resultsAreBestFirstAtMostKAndEmptyWhenNothingMatches() {
    for (SearchModel m : SearchModel.values()) {
      List<Hit> hits = m.search("credit card limit", 5);
      assertThat(hits).hasSize(5);
      for (int i = 1; i < hits.size(); i++) {
        assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
      }
      assertThat(m.search("zebra quantum", 10)).isEmpty();
      assertThat(m.search("Credit  CARD, limit!", 5)).isEqualTo(hits);
    }
    assertThatThrownBy(() -> SearchModel.V1.search("x", 0))
        .hasMessageContaining("k must be at least 1");
  }

  @Test
  void rankingsMostlyOverlapAndDifferClearlyOnAFew() {
    // measured with seed 42: mean overlap@10 0.78; 84% of queries share 7 or more of 10; 2.3% share
    // 4 or fewer
    List<SearchQuery> queries = SearchQueries.take(42, 2_000);
    int atLeastSeven = 0;
    int atMostFour = 0;
    int identicalSets = 0;
    double sum = 0;
    for (SearchQuery q : queries) {
      int overlap =
          overlap(SearchModel.V1.search(q.text(), 10), SearchModel.V2.search(q.text(), 10));
      sum += overlap / 10.0;
      atLeastSeven += overlap >= 7 ? 1 : 0;
      atMostFour += overlap <= 4 ? 1 : 0;
      identicalSets += overlap == 10 ? 1 : 0;
    }
    assertThat(sum / queries.size()).isBetween(0.7, 0.85);
    assertThat(atLeastSeven).isGreaterThan(1_600);
    assertThat(atMostFour).isBetween(20, 100);
    assertThat(identicalSets).isLessThan(400);
  }

  @Test
  void v2IsSlowerThanV1BeyondThreeTermsAndOverTheBudgetFromNine() {
    long[] expectedDeltaMillis = {0, -2, -4, 34, 72, 110, 148, 186, 224, 262};
    for (int terms = 1; terms <= 10; terms++) {
      long delta = SearchModel.V2.latency(terms).minus(SearchModel.V1.latency(terms)).toMillis();
      assertThat(delta).as("%d terms", terms).isEqualTo(expectedDeltaMillis[terms - 1]);
      assertThat(delta > 200).as("%d terms", terms).isEqualTo(terms >= 9);
    }
    assertThat(SearchModel.V1.latency(3).toMillis()).isEqualTo(16);
    assertThat(SearchModel.V2.latency(10).toMillis()).isEqualTo(292);
  }

  @Test
  void queriesAreTheSameForTheSameSeedAndMixShortAndLong() {
    assertThat(SearchQueries.take(7, 100))
        .isEqualTo(SearchQueries.take(7, 100))
        .isNotEqualTo(SearchQueries.take(8, 100));
    int n = 10_000;
    int shortOnes = 0;
    int longOnes = 0;
    int overBudget = 0;
    for (SearchQuery q : SearchQueries.take(42, n)) {
      assertThat(q.k()).isEqualTo(10);
      assertThat(q.terms()).isBetween(1, 10).isNotEqualTo(7);
      shortOnes += q.terms() <= 3 ? 1 : 0;
      longOnes += q.terms() >= 8 ? 1 : 0;
      overBudget += q.terms() >= 9 ? 1 : 0;
    }
    // expected 6,000 / 1,500 / 1,000; binomial standard deviations are at most 50
    assertThat(shortOnes).isBetween(5_800, 6_200);
    assertThat(longOnes).isBetween(1_350, 1_650);
    assertThat(overBudget).isBetween(880, 1_120);
  }

  @Test
  void aQueryUriIsEncoded() {
    assertThat(new SearchQuery("credit card & pin", 10).uri())
        .isEqualTo("/search?q=credit+card+%26+pin&k=10");
    assertThatThrownBy(() -> new SearchQuery(" ", 10)).hasMessageContaining("blank");
    assertThatThrownBy(() -> new SearchQuery("x", 101))
        .hasMessageContaining("k must be within [1, 100]: 101");
  }

  private static List<String> terms(String id) {
    return CORPUS.documents.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow()
        .terms();
  }

  private static int overlap(List<Hit> a, List<Hit> b) {
    Set<String> ids = new HashSet<>();
    a.forEach(h -> ids.add(h.id()));
    int n = 0;
    for (Hit h : b) {
      n += ids.contains(h.id()) ? 1 : 0;
    }
    return n;
  }
}
