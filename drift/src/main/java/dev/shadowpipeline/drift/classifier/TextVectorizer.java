package dev.shadowpipeline.drift.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TF-IDF features of text, as scikit-learn's {@code TfidfVectorizer} computes them.
 *
 * <p>Fitting counts each word's document frequency df over the training documents, drops the words in more than
 * {@code maxDf} &times; n documents or fewer than {@code minDf}, keeps the {@code maxFeatures} most frequent (total
 * count over the documents; ties broken alphabetically, where scikit-learn's unstable sort leaves them unspecified),
 * and orders the vocabulary alphabetically. A document's features are tf &times; idf, normalized to unit length, with
 * tf the word's count (1 + ln(count) when {@code sublinearTf}) and idf = ln((1 + n) / (1 + df)) + 1
 * ({@code smooth_idf=True}). A document with no word of the vocabulary has no features.
 *
 * <p>Documents arrive as word counts of distinct texts with how many documents share each text, so a text repeated a
 * thousand times is tokenized once.
 *
 * @param tokenizer how text is split into words
 * @param sublinearTf 1 + ln(tf) instead of tf
 * @param maxDf the largest share of documents a word may occur in, in (0, 1]
 * @param minDf the fewest documents a word must occur in, &ge; 1
 * @param maxFeatures the vocabulary's size limit, &ge; 1
 */
public record TextVectorizer(
    TextTokenizer tokenizer, boolean sublinearTf, double maxDf, int minDf, int maxFeatures) {

  /**
   * Evidently's settings, {@code TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")}, with the
   * vocabulary capped at 50,000 words (Evidently keeps every word; the cap bounds the model's memory, and a word past
   * the 50,000 most frequent rarely decides anything).
   */
  public static final TextVectorizer EVIDENTLY =
      new TextVectorizer(TextTokenizer.ENGLISH, true, 0.5, 1, 50_000);

  public TextVectorizer {
    Objects.requireNonNull(tokenizer, "tokenizer");
    if (!(maxDf > 0 && maxDf <= 1) || minDf < 1 || maxFeatures < 1) {
      throw new IllegalArgumentException(
          "need 0 < maxDf <= 1, minDf >= 1, maxFeatures >= 1: "
              + maxDf
              + ", "
              + minDf
              + ", "
              + maxFeatures);
    }
  }

  /** The same settings with another vocabulary limit. */
  public TextVectorizer withMaxFeatures(int limit) {
    return new TextVectorizer(tokenizer, sublinearTf, maxDf, minDf, limit);
  }

  /** The words of a text and how often each occurs. */
  public Map<String, Integer> termCounts(String text) {
    Map<String, Integer> counts = new HashMap<>();
    for (String word : tokenizer.words(text)) {
      counts.merge(word, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Learns the vocabulary and idf from training documents.
   *
   * @param texts the word counts of each distinct text
   * @param documents how many training documents hold each text (0: none; it is then ignored)
   */
  public Fitted fit(List<Map<String, Integer>> texts, int[] documents) {
    if (texts.size() != documents.length) {
      throw new IllegalArgumentException(
          "one document count per text: " + texts.size() + " texts, " + documents.length);
    }
    long n = 0;
    Map<String, long[]> stats = new HashMap<>(); // word -> {df, total count}
    for (int t = 0; t < texts.size(); t++) {
      int docs = documents[t];
      if (docs <= 0) {
        continue;
      }
      n += docs;
      for (Map.Entry<String, Integer> e : texts.get(t).entrySet()) {
        long[] s = stats.computeIfAbsent(e.getKey(), k -> new long[2]);
        s[0] += docs;
        s[1] += (long) docs * e.getValue();
      }
    }
    double high = maxDf * n; // scikit-learn keeps df <= max_df * n_documents
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : stats.entrySet()) {
      long df = e.getValue()[0];
      if (df <= high && df >= minDf) {
        kept.add(e.getKey());
      }
    }
    kept.sort(null);
    if (kept.size() > maxFeatures) {
      List<String> byCount = new ArrayList<>(kept);
      // stable: equal totals stay in alphabetical order
      byCount.sort((a, b) -> Long.compare(stats.get(b)[1], stats.get(a)[1]));
      kept = new ArrayList<>(byCount.subList(0, maxFeatures));
      kept.sort(null);
    }
    String[] words = kept.toArray(new String[0]);
    double[] idf = new double[words.length];
    for (int j = 0; j < words.length; j++) {
      long df = stats.get(words[j])[0];
      idf[j] = Math.log((1.0 + n) / (1.0 + df)) + 1.0;
    }
    return new Fitted(this, words, idf);
  }

  /** A fitted vocabulary: words in alphabetical order and their idf. */
  public static final class Fitted {
    private final TextVectorizer settings;
    private final String[] words;
    private final double[] idf;
    private final Map<String, Integer> indexOf;

    Fitted(TextVectorizer settings, String[] words, double[] idf) {
      this.settings = settings;
      this.words = words;
      this.idf = idf;
      this.indexOf = new HashMap<>(words.length * 2);
      for (int j = 0; j < words.length; j++) {
        indexOf.put(words[j], j);
      }
    }

    /** Vocabulary size. */
    public int size() {
      return words.length;
    }

    /** The word of feature {@code j}. */
    public String word(int j) {
      return words[j];
    }

    /** The idf of feature {@code j}. */
    public double idf(int j) {
      return idf[j];
    }

    /**
     * Appends one text's TF-IDF row to {@code out} at feature offset {@code offset}, without ending the row (so that
     * callers can put other features beside it).
     */
    public void appendTo(SparseRows.Builder out, int offset, Map<String, Integer> counts) {
      int[] idx = new int[counts.size()];
      double[] val = new double[counts.size()];
      int k = 0;
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        Integer j = indexOf.get(e.getKey());
        if (j != null) {
          idx[k] = j;
          int tf = e.getValue();
          val[k] = (settings.sublinearTf ? 1 + Math.log(tf) : tf) * idf[j];
          k++;
        }
      }
      double norm = 0;
      for (int i = 0; i < k; i++) {
        norm += val[i] * val[i];
      }
      norm = Math.sqrt(norm);
      Integer[] order = new Integer[k];
      for (int i = 0; i < k; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(idx[a], idx[b]));
      for (int i = 0; i < k; i++) {
        out.add(offset + idx[order[i]], val[order[i]] / norm);
      }
    }

    /** One TF-IDF row per text. */
    public SparseRows transform(List<Map<String, Integer>> texts) {
      SparseRows.Builder b = new SparseRows.Builder(words.length);
      for (Map<String, Integer> counts : texts) {
        appendTo(b, 0, counts);
        b.endRow();
      }
      return b.build();
    }
  }
}
