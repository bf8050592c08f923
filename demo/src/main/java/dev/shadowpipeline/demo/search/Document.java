package dev.shadowpipeline.demo.search;

import java.util.List;

/**
 * An article of the built-in corpus.
 *
 * @param id {@code doc-000} to {@code doc-199}
 * @param title the text both rankers search
 * @param terms the title's terms, lower-case, in order
 * @param popularity how often the article is read, 0 to 1; only v2 uses it
 */
record Document(String id, String title, List<String> terms, double popularity) {

  Document {
    terms = List.copyOf(terms);
    if (!(popularity >= 0 && popularity <= 1)) { // out of range, or NaN
      throw new IllegalArgumentException("popularity must be within [0, 1]: " + popularity);
    }
  }
}
