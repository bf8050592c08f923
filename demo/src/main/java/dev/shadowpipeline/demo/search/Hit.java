package dev.shadowpipeline.demo.search;

import java.util.Objects;

/**
 * One search result.
 *
 * @param id the document's id, e.g. {@code doc-123}
 * @param score the ranker's relevance score, rounded to four decimals; higher ranks first. The two models' scores
 *     are on different scales (BM25 for v1, 0 to 1 for v2), as with a real keyword-to-vector migration
 */
record Hit(String id, double score) {

  public Hit {
    Objects.requireNonNull(id, "id");
    if (!(score >= 0)) { // negative, or NaN
      throw new IllegalArgumentException("score must be a non-negative number: " + score);
    }
  }
}
