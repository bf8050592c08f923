package dev.shadowpipeline.drift.multivariate;

import dev.shadowpipeline.drift.classifier.DomainClassifier;
import dev.shadowpipeline.drift.classifier.SparseRows;
import dev.shadowpipeline.drift.classifier.TextVectorizer;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sampled rows of several columns as features for one {@link DomainClassifier}, each column encoded by its type with
 * statistics of the training rows only:
 *
 * <ul>
 *   <li>numeric: standardized (z = (x - mean) / sd), and the pairwise products z<sub>i</sub>z<sub>j</sub> (squares
 *       included) of the first {@value #MAX_PRODUCT_COLUMNS} numeric columns, so that the linear model sees second
 *       moments: a change of correlation or spread moves a product's mean where no single column's mean moves;
 *   <li>categorical: one-hot over the {@value #MAX_CATEGORIES} most frequent categories, the rest as one "other";
 *   <li>text: TF-IDF words ({@link TextVectorizer#EVIDENTLY}, at most {@value #MAX_WORDS} words a column);
 *   <li>embedding: standardized dimensions;
 *   <li>every column: an indicator of a missing value (which then counts as 0 elsewhere).
 * </ul>
 *
 * Products are taken between numeric columns only: interactions between categories, words or dimensions are not
 * encoded, so a joint shift between two categorical columns that leaves each unchanged goes unseen.
 */
final class TableRows implements DomainClassifier.Rows {

  static final int MAX_PRODUCT_COLUMNS = 20;
  static final int MAX_CATEGORIES = 20;
  static final int MAX_WORDS = 2000;

  /**
   * One column of both samples.
   *
   * @param name the column
   * @param type how to encode it
   * @param reference its reference cells
   * @param current its current cells
   */
  record Source(String name, ColumnType type, RowSample.Cells reference, RowSample.Cells current) {
    Source {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (reference.getClass() != current.getClass()) {
        throw new IllegalArgumentException(
            "column '" + name + "' is sampled as different kinds on the two sides");
      }
    }
  }

  private final List<Source> sources;
  private final int nRef;
  private final int nCur;

  TableRows(List<Source> sources, int referenceRows, int currentRows) {
    this.sources = List.copyOf(sources);
    this.nRef = referenceRows;
    this.nCur = currentRows;
  }

  @Override
  public int referenceRows() {
    return nRef;
  }

  @Override
  public int currentRows() {
    return nCur;
  }

  List<Source> sources() {
    return sources;
  }

  @Override
  public Fitted fit(int[] trainIds) {
    List<ColumnEncoder> encoders = new ArrayList<>();
    for (Source s : sources) {
      encoders.add(encoder(s, trainIds));
    }
    return new Fitted(encoders);
  }

  private ColumnEncoder encoder(Source s, int[] trainIds) {
    return switch (s.type()) {
      case NUMERIC ->
          s.reference() instanceof RowSample.Numbers
              ? new NumericEncoder(s, trainIds)
              : new CategoricalEncoder(s, trainIds);
      case TEXT ->
          s.reference() instanceof RowSample.Labels
              ? new TextEncoder(s, trainIds)
              : new CategoricalEncoder(s, trainIds);
      case EMBEDDING -> new VectorEncoder(s, trainIds);
      case CATEGORICAL -> new CategoricalEncoder(s, trainIds);
    };
  }

  /** The cell of row {@code id} (a reference id, or a current one after them). */
  private Object cell(Source s, int id) {
    RowSample.Cells cells = id < nRef ? s.reference() : s.current();
    int row = id < nRef ? id : id - nRef;
    if (cells instanceof RowSample.Numbers n) {
      double v = n.values()[row];
      return Double.isNaN(v) ? null : v;
    }
    if (cells instanceof RowSample.Labels l) {
      return l.values()[row];
    }
    return ((RowSample.Vectors) cells).values()[row];
  }

  /** The encoding fitted on training rows; also encodes rows with one column's cells taken from other rows. */
  final class Fitted implements DomainClassifier.Encoding {
    private final List<ColumnEncoder> encoders;
    private final int[] offsets;
    private final List<NumericEncoder> products;
    private final int[] productColumn; // each product column's index among the encoders
    private final int productOffset;
    private final int features;

    Fitted(List<ColumnEncoder> encoders) {
      this.encoders = encoders;
      offsets = new int[encoders.size()];
      int at = 0;
      List<NumericEncoder> numeric = new ArrayList<>();
      for (int i = 0; i < encoders.size(); i++) {
        offsets[i] = at;
        at += encoders.get(i).width();
        if (encoders.get(i) instanceof NumericEncoder n && numeric.size() < MAX_PRODUCT_COLUMNS) {
          numeric.add(n);
        }
      }
      products = numeric;
      productColumn = new int[numeric.size()];
      for (int p = 0; p < numeric.size(); p++) {
        productColumn[p] = encoders.indexOf(numeric.get(p));
      }
      productOffset = at;
      features = at + numeric.size() * (numeric.size() + 1) / 2;
    }

    @Override
    public SparseRows encode(int[] ids) {
      return encode(ids, -1, ids);
    }

    /**
     * Encodes {@code ids}, except that column {@code column} (an index into the sources; -1: none) takes its cell
     * from {@code sourceIds} at the same position: a shuffle of that column alone, for permutation importance.
     */
    SparseRows encode(int[] ids, int column, int[] sourceIds) {
      SparseRows.Builder b = new SparseRows.Builder(features);
      double[] z = new double[products.size()];
      for (int k = 0; k < ids.length; k++) {
        for (int i = 0; i < encoders.size(); i++) {
          int id = i == column ? sourceIds[k] : ids[k];
          encoders.get(i).append(b, offsets[i], cell(encoders.get(i).source(), id));
        }
        for (int p = 0; p < products.size(); p++) {
          NumericEncoder n = products.get(p);
          int id = productColumn[p] == column ? sourceIds[k] : ids[k];
          z[p] = n.z(cell(n.source(), id));
        }
        int f = productOffset;
        for (int p = 0; p < z.length; p++) {
          for (int q = p; q < z.length; q++) {
            b.add(f++, z[p] * z[q]);
          }
        }
        b.endRow();
      }
      return b.build();
    }

    @Override
    public int features() {
      return features;
    }

    @Override
    public String featureName(int feature) {
      if (feature >= productOffset) {
        int f = feature - productOffset;
        for (int p = 0; p < products.size(); p++) {
          int row = products.size() - p;
          if (f < row) {
            String a = products.get(p).source().name();
            String c = products.get(p + f).source().name();
            return a + " × " + c;
          }
          f -= row;
        }
      }
      for (int i = encoders.size() - 1; i >= 0; i--) {
        if (feature >= offsets[i]) {
          return encoders.get(i).name(feature - offsets[i]);
        }
      }
      throw new IllegalArgumentException("no feature " + feature);
    }
  }

  // --- encoders
  // -----------------------------------------------------------------------------------------------

  /** One column's features: {@link #width()} of them, appended in increasing order. */
  private interface ColumnEncoder {
    Source source();

    int width();

    String name(int k);

    /** Appends the cell's features (null: missing) at {@code offset}. */
    void append(SparseRows.Builder b, int offset, Object cell);
  }

  private final class NumericEncoder implements ColumnEncoder {
    private final Source source;
    private final double mean;
    private final double scale;

    NumericEncoder(Source source, int[] trainIds) {
      this.source = source;
      double m = 0;
      double m2 = 0;
      long n = 0;
      for (int id : trainIds) {
        Object c = cell(source, id);
        if (c != null) {
          double x = (Double) c;
          n++;
          double d = x - m;
          m += d / n;
          m2 += d * (x - m);
        }
      }
      double sd = n > 0 ? Math.sqrt(m2 / n) : 0;
      mean = m;
      scale = sd > 0 && Double.isFinite(sd) ? 1 / sd : 0;
    }

    double z(Object cell) {
      return cell == null ? 0 : ((Double) cell - mean) * scale;
    }

    @Override
    public Source source() {
      return source;
    }

    @Override
    public int width() {
      return 2;
    }

    @Override
    public String name(int k) {
      return k == 0 ? source.name() : source.name() + " (missing)";
    }

    @Override
    public void append(SparseRows.Builder b, int offset, Object cell) {
      b.add(offset, z(cell));
      b.add(offset + 1, cell == null ? 1 : 0);
    }
  }

  private final class CategoricalEncoder implements ColumnEncoder {
    private final Source source;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> categories;

    CategoricalEncoder(Source source, int[] trainIds) {
      this.source = source;
      Map<String, Integer> counts = new HashMap<>();
      for (int id : trainIds) {
        String key = key(cell(source, id));
        if (key != null) {
          counts.merge(key, 1, Integer::sum);
        }
      }
      List<String> all = new ArrayList<>(counts.keySet());
      all.sort(
          Comparator.comparing((String k) -> -counts.get(k))
              .thenComparing(Comparator.naturalOrder()));
      categories = new ArrayList<>(all.subList(0, Math.min(MAX_CATEGORIES, all.size())));
      categories.sort(null);
      for (int i = 0; i < categories.size(); i++) {
        index.put(categories.get(i), i);
      }
    }

    private String key(Object cell) {
      if (cell == null) {
        return null;
      }
      return cell instanceof Double d ? Double.toString(d) : cell.toString();
    }

    @Override
    public Source source() {
      return source;
    }

    @Override
    public int width() {
      return categories.size() + 2;
    }

    @Override
    public String name(int k) {
      if (k < categories.size()) {
        return source.name() + "=" + categories.get(k);
      }
      return source.name() + (k == categories.size() ? " (other)" : " (missing)");
    }

    @Override
    public void append(SparseRows.Builder b, int offset, Object cell) {
      String key = key(cell);
      if (key == null) {
        b.add(offset + categories.size() + 1, 1);
        return;
      }
      Integer i = index.get(key);
      b.add(offset + (i == null ? categories.size() : i), 1);
    }
  }

  private final class TextEncoder implements ColumnEncoder {
    private final Source source;
    private final TextVectorizer vectorizer = TextVectorizer.EVIDENTLY.withMaxFeatures(MAX_WORDS);
    private final Map<String, Map<String, Integer>> tokenized = new HashMap<>();
    private final TextVectorizer.Fitted fitted;

    TextEncoder(Source source, int[] trainIds) {
      this.source = source;
      Map<String, Integer> documents = new HashMap<>();
      for (int id : trainIds) {
        Object c = cell(source, id);
        if (c != null) {
          documents.merge((String) c, 1, Integer::sum);
        }
      }
      List<String> texts = new ArrayList<>(documents.keySet());
      texts.sort(null);
      List<Map<String, Integer>> counts = new ArrayList<>();
      int[] docs = new int[texts.size()];
      for (int i = 0; i < texts.size(); i++) {
        counts.add(counts(texts.get(i)));
        docs[i] = documents.get(texts.get(i));
      }
      fitted = vectorizer.fit(counts, docs);
    }

    private Map<String, Integer> counts(String text) {
      return tokenized.computeIfAbsent(text, vectorizer::termCounts);
    }

    @Override
    public Source source() {
      return source;
    }

    @Override
    public int width() {
      return fitted.size() + 1;
    }

    @Override
    public String name(int k) {
      return k < fitted.size()
          ? source.name() + ": " + fitted.word(k)
          : source.name() + " (missing)";
    }

    @Override
    public void append(SparseRows.Builder b, int offset, Object cell) {
      if (cell == null) {
        b.add(offset + fitted.size(), 1);
        return;
      }
      fitted.appendTo(b, offset, counts((String) cell));
    }
  }

  private final class VectorEncoder implements ColumnEncoder {
    private final Source source;
    private final int dimension;
    private final double[] mean;
    private final double[] scale;

    VectorEncoder(Source source, int[] trainIds) {
      this.source = source;
      this.dimension = ((RowSample.Vectors) source.reference()).dimension();
      mean = new double[dimension];
      double[] m2 = new double[dimension];
      long n = 0;
      for (int id : trainIds) {
        float[] v = (float[]) cell(source, id);
        if (v == null) {
          continue;
        }
        n++;
        for (int j = 0; j < dimension; j++) {
          double d = v[j] - mean[j];
          mean[j] += d / n;
          m2[j] += d * (v[j] - mean[j]);
        }
      }
      scale = new double[dimension];
      for (int j = 0; j < dimension; j++) {
        double sd = n > 0 ? Math.sqrt(m2[j] / n) : 0;
        scale[j] = sd > 0 && Double.isFinite(sd) ? 1 / sd : 0;
      }
    }

    @Override
    public Source source() {
      return source;
    }

    @Override
    public int width() {
      return dimension + 1;
    }

    @Override
    public String name(int k) {
      return k < dimension ? source.name() + "[" + k + "]" : source.name() + " (missing)";
    }

    @Override
    public void append(SparseRows.Builder b, int offset, Object cell) {
      if (cell == null) {
        b.add(offset + dimension, 1);
        return;
      }
      float[] v = (float[]) cell;
      for (int j = 0; j < dimension; j++) {
        b.add(offset + j, (v[j] - mean[j]) * scale[j]);
      }
    }
  }
}
