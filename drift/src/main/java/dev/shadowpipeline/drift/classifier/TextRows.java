package dev.shadowpipeline.drift.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A text column's rows for the {@link DomainClassifier}, from its distinct texts and how often each occurs on each
 * side: the order of the rows does not matter to the classifier (it shuffles them), so counts are enough. Each
 * distinct text is tokenized once, when a sampled row first needs it.
 */
public final class TextRows implements DomainClassifier.Rows {

  private final List<String> texts;
  private final TextVectorizer vectorizer;
  private final long[] refEnds; // refEnds[i]: reference rows holding texts 0..i
  private final long[] curEnds;
  private final int nRef;
  private final int nCur;
  private final List<Map<String, Integer>> termCounts;

  /**
   * @param texts the distinct texts
   * @param reference how many reference rows hold each text
   * @param current how many current rows hold each text
   * @throws IllegalArgumentException when the counts do not match the texts or a side has more than
   *     {@code Integer.MAX_VALUE} rows
   */
  public TextRows(List<String> texts, long[] reference, long[] current, TextVectorizer vectorizer) {
    this.texts = List.copyOf(texts);
    this.vectorizer = Objects.requireNonNull(vectorizer, "vectorizer");
    if (reference.length != texts.size() || current.length != texts.size()) {
      throw new IllegalArgumentException(
          "one count per text: "
              + texts.size()
              + " texts, "
              + reference.length
              + " and "
              + current.length
              + " counts");
    }
    refEnds = cumulative(reference);
    curEnds = cumulative(current);
    nRef = rows(refEnds, "reference");
    nCur = rows(curEnds, "current");
    termCounts = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      termCounts.add(null);
    }
  }

  private static long[] cumulative(long[] counts) {
    long[] ends = new long[counts.length];
    long sum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0: " + counts[i]);
      }
      sum += counts[i];
      ends[i] = sum;
    }
    return ends;
  }

  private static int rows(long[] ends, String side) {
    long n = ends.length == 0 ? 0 : ends[ends.length - 1];
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many " + side + " rows for a classifier: " + n);
    }
    return (int) n;
  }

  @Override
  public int referenceRows() {
    return nRef;
  }

  @Override
  public int currentRows() {
    return nCur;
  }

  /** The distinct text of row {@code id}. */
  int textOf(int id) {
    long[] ends = id < nRef ? refEnds : curEnds;
    long row = id < nRef ? id : id - nRef;
    // first text whose end is past the row
    int i = Arrays.binarySearch(ends, row + 1);
    if (i < 0) {
      i = -i - 1;
    }
    while (i > 0 && ends[i - 1] == row + 1) {
      i--; // texts with no rows share an end with the one before them
    }
    return i;
  }

  private synchronized Map<String, Integer> counts(int text) {
    Map<String, Integer> c = termCounts.get(text);
    if (c == null) {
      c = vectorizer.termCounts(texts.get(text));
      termCounts.set(text, c);
    }
    return c;
  }

  @Override
  public DomainClassifier.Encoding fit(int[] trainIds) {
    int[] documents = new int[texts.size()];
    for (int id : trainIds) {
      documents[textOf(id)]++;
    }
    List<Map<String, Integer>> used = new ArrayList<>();
    List<Integer> docs = new ArrayList<>();
    for (int t = 0; t < documents.length; t++) {
      if (documents[t] > 0) {
        used.add(counts(t));
        docs.add(documents[t]);
      }
    }
    TextVectorizer.Fitted fitted =
        vectorizer.fit(used, docs.stream().mapToInt(Integer::intValue).toArray());
    return new DomainClassifier.Encoding() {
      @Override
      public SparseRows encode(int[] ids) {
        SparseRows.Builder b = new SparseRows.Builder(fitted.size());
        for (int id : ids) {
          fitted.appendTo(b, 0, counts(textOf(id)));
          b.endRow();
        }
        return b.build();
      }

      @Override
      public int features() {
        return fitted.size();
      }

      @Override
      public String featureName(int feature) {
        return fitted.word(feature);
      }
    };
  }
}
