package dev.shadowpipeline.demo.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A search request of the demo traffic.
 *
 * @param text what the user typed
 * @param k how many results to ask for
 */
public record SearchQuery(String text, int k) {

  public SearchQuery {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank: '" + text + "'");
    }
    if (k < 1 || k > SearchModelServer.MAX_K) {
      throw new IllegalArgumentException(
          "k must be within [1, " + SearchModelServer.MAX_K + "]: " + k);
    }
  }

  /** The request URI, e.g. {@code /search?q=credit+card+limit&k=10}. */
  public String uri() {
    return SearchModelServer.PATH
        + "?q="
        + URLEncoder.encode(text, StandardCharsets.UTF_8)
        + "&k="
        + k;
  }

  /** The number of terms, which sets the engines' latency. */
  public int terms() {
    return SearchModel.termCount(text);
  }
}
