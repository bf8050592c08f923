package dev.shadowpipeline.demo.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Demo search traffic, the same sequence for the same seed, all with k = 10. Each query keeps to one topic of the
 * corpus, as users do. Lengths are mixed: 60% short (1 to 3 terms, e.g. {@code "mortgage rate"}), 25% medium (4 to 6),
 * 15% long (8 to 10, natural-language questions padded with words like "how", "my", "best"). Two thirds of the long
 * ones — 9 or 10 terms, about 10% of all queries — are where v2 is slower than v1 by more than 200 ms.
 */
public final class SearchQueries {

  /** The number of results every demo query asks for. */
  public static final int K = 10;

  private final SplittableRandom random;

  public SearchQueries(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public SearchQuery next() {
    int roll = random.nextInt(100);
    int length =
        roll < 60
            ? 1 + random.nextInt(3)
            : roll < 85 ? 4 + random.nextInt(3) : 8 + random.nextInt(3);
    List<String> topic = SearchCorpus.TOPICS.get(random.nextInt(SearchCorpus.TOPICS.size()));
    // up to five topic words; the rest of a long query is general words, so it stays on one subject
    int topical = Math.min(length, length <= 3 ? length : 2 + random.nextInt(4));
    List<String> words = new ArrayList<>(SearchCorpus.pick(random, topic, topical));
    words.addAll(SearchCorpus.pick(random, SearchCorpus.GENERAL, length - topical));
    return new SearchQuery(String.join(" ", SearchCorpus.pick(random, words, words.size())), K);
  }

  /**
   * The first {@code n} queries for a seed.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static List<SearchQuery> take(long seed, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    SearchQueries queries = new SearchQueries(seed);
    List<SearchQuery> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(queries.next());
    }
    return out;
  }
}
