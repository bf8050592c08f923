package dev.shadowpipeline.demo.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two demo search engines over the built-in corpus of 200 article titles.
 *
 * <p>Version 1, in production, is a keyword ranker: Okapi BM25 over titles with k1 = 1.2 and b = 0.75, scores
 * reported as they are (0 to about 10). Version 2, the candidate, plays a vector search: the cosine between idf-weighted
 * term vectors in which each query term also matches its synonyms at half weight, blended with the article's
 * popularity ({@code 0.85 cosine + 0.15 popularity}), scores 0 to 1. Both return only articles sharing at least a
 * term (or, for v2, a synonym) with the query, best first, ties broken by id.
 *
 * <p>Latency is a pure function of the number of query terms: v1 takes 10 ms + 2 ms per term; v2 takes 12 ms up to
 * three terms and 40 ms more for each further term (its re-ranking is quadratic in practice; here it is simply
 * linear). So v2 - v1 is within 4 ms up to three terms, then 34, 72, 110, 148, 186 ms for 4 to 8 terms, and over the
 * 200 ms budget from nine terms on (224 ms at 9, 262 ms at 10).
 */
public enum SearchModel {
  V1("search-keyword-v1"),
  V2("search-vector-v2");

  /** BM25 term-frequency saturation. */
  static final double K1 = 1.2;

  /** BM25 length normalisation. */
  static final double B = 0.75;

  /** How much a synonym of a query term counts in v2, against 1 for the term itself. */
  static final double SYNONYM_WEIGHT = 0.5;

  /** v2's share of popularity in its final score. */
  static final double POPULARITY_WEIGHT = 0.15;

  private final String id;

  SearchModel(String id) {
    this.id = id;
  }

  /** The engine's name, as {@code /health} reports it. */
  public String id() {
    return id;
  }

  /**
   * The top {@code k} articles for a query, best first; empty when no article shares a term with it.
   *
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  List<Hit> search(String query, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: " + k);
    }
    List<String> terms = SearchCorpus.terms(query);
    SearchCorpus corpus = SearchCorpus.builtIn();
    List<Hit> hits = new ArrayList<>();
    if (this == V1) {
      for (Document d : corpus.documents) {
        double s = bm25(corpus, terms, d);
        if (s > 0) {
          hits.add(new Hit(d.id(), round4(s)));
        }
      }
    } else {
      Map<String, Double> q = expandedQueryVector(corpus, terms);
      double qNorm = norm(q);
      for (Document d : corpus.documents) {
        double cos = cosine(corpus, q, qNorm, d);
        if (cos > 0) {
          hits.add(
              new Hit(
                  d.id(),
                  round4((1 - POPULARITY_WEIGHT) * cos + POPULARITY_WEIGHT * d.popularity())));
        }
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id));
    return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
  }

  /** The time the engine takes for a query with this many terms (see the class comment). */
  public Duration latency(int queryTerms) {
    if (queryTerms < 0) {
      throw new IllegalArgumentException("queryTerms must not be negative: " + queryTerms);
    }
    long millis = this == V1 ? 10 + 2L * queryTerms : 12 + 40L * Math.max(0, queryTerms - 3);
    return Duration.ofMillis(millis);
  }

  /** The number of terms in a query, as {@link #latency} counts them. */
  public static int termCount(String query) {
    return SearchCorpus.terms(query).size();
  }

  // score(D, Q) = sum over q in Q of idf(q) * tf(q, D) * (k1 + 1) / (tf(q, D) + k1 * (1 - b + b *
  // |D| / avgdl))
  private static double bm25(SearchCorpus corpus, List<String> query, Document d) {
    double lengthNorm = K1 * (1 - B + B * d.terms().size() / corpus.averageLength);
    double score = 0;
    for (String q : query) {
      int tf = frequency(q, d.terms());
      if (tf > 0) {
        score += corpus.idf(q) * tf * (K1 + 1) / (tf + lengthNorm);
      }
    }
    return score;
  }

  // q_w = sum over query terms t of idf(w) * (1 if w = t, SYNONYM_WEIGHT if w is a synonym of t)
  private static Map<String, Double> expandedQueryVector(SearchCorpus corpus, List<String> query) {
    Map<String, Double> v = new HashMap<>();
    for (String t : query) {
      v.merge(t, corpus.idf(t), Double::sum);
      for (Set<String> group : SearchCorpus.SYNONYMS) {
        if (group.contains(t)) {
          for (String s : group) {
            if (!s.equals(t)) {
              v.merge(s, SYNONYM_WEIGHT * corpus.idf(s), Double::sum);
            }
          }
        }
      }
    }
    return v;
  }

  // cos(q, d) = sum over w of q_w * d_w / (|q| |d|), with d_w = tf(w, D) * idf(w)
  private static double cosine(
      SearchCorpus corpus, Map<String, Double> q, double qNorm, Document d) {
    Map<String, Double> dv = new HashMap<>();
    for (String t : d.terms()) {
      dv.merge(t, corpus.idf(t), Double::sum);
    }
    double dot = 0;
    for (Map.Entry<String, Double> e : q.entrySet()) {
      dot += e.getValue() * dv.getOrDefault(e.getKey(), 0.0);
    }
    return dot == 0 ? 0 : dot / (qNorm * norm(dv));
  }

  private static double norm(Map<String, Double> v) {
    double s = 0;
    for (double x : v.values()) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  private static int frequency(String term, List<String> terms) {
    int n = 0;
    for (String t : terms) {
      n += t.equals(term) ? 1 : 0;
    }
    return n;
  }

  private static double round4(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
