package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.column.ColumnTyping;
import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.DoubleSort;
import dev.shadowpipeline.drift.stattest.CategoricalPair;
import dev.shadowpipeline.drift.stattest.ColumnPair;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Compares one column: status, type, test choice, the test itself, new categories and histograms. */
final class ColumnComparison {

  private static final int NEW_CATEGORY_EXAMPLES = 20;
  /** Far below one row in any dataset that fits in memory, far above the rounding error of a share. */
  private static final double SHARE_TOLERANCE = 1e-12;

  private final TestCatalog catalog;
  private final DriftOptions options;

  ColumnComparison(TestCatalog catalog, DriftOptions options) {
    this.catalog = catalog;
    this.options = options;
  }

  ColumnDrift compare(String name, RawColumn ref, long refRows, RawColumn cur, long curRows) {
    SideStats refSide = ref == null ? SideStats.of(0, 0) : SideStats.of(refRows, ref.missing());
    SideStats curSide = cur == null ? SideStats.of(0, 0) : SideStats.of(curRows, cur.missing());
    TypeDecision decision = typeOf(name, ref != null ? ref : cur);
    ColumnType type = decision.type();
    if (ref == null || cur == null) {
      ColumnStatus status = ref == null ? ColumnStatus.ONLY_IN_CURRENT : ColumnStatus.ONLY_IN_REFERENCE;
      return skipped(name, decision, status, "the " + (ref == null ? "reference" : "current")
          + " data has no column '" + name + "'", refSide, curSide);
    }
    if (refRows == 0 || curRows == 0) {
      return skipped(name, decision, ColumnStatus.EMPTY, sides(refRows == 0, curRows == 0) + " no rows",
          refSide, curSide);
    }
    if (ref.present() == 0 || cur.present() == 0) {
      return skipped(name, decision, ColumnStatus.ALL_MISSING, "every value is missing in the "
          + sides(ref.present() == 0, cur.present() == 0).replace(" has", "").replace(" have", ""), refSide,
          curSide);
    }
    Prepared prepared;
    try {
      prepared = type == ColumnType.NUMERIC ? numeric(ref, cur) : categorical(ref, cur);
    } catch (NotNumeric e) {
      return skipped(name, decision, ColumnStatus.ERROR, e.getMessage(), refSide, curSide);
    }
    // text is compared as categorical data over its distinct strings (the default rule picks jensenshannon): we
    // have no text model for Evidently's domain-classifier tests
    ColumnType testedAs = type == ColumnType.TEXT ? ColumnType.CATEGORICAL : type;
    TestChoice choice = options.choiceFor(name, type);
    String testName = choice.test() != null ? choice.test()
        : catalog.defaultTest(type, ref.present(), prepared.distinct);
    Optional<StatTest> test = catalog.byName(testName);
    if (test.isEmpty()) {
      return skipped(name, decision, ColumnStatus.ERROR, "unknown test '" + testName + "'", refSide, curSide,
          prepared);
    }
    if (!test.get().supportedTypes().contains(testedAs)) {
      return skipped(name, decision, ColumnStatus.ERROR, "test '" + testName + "' does not apply to "
          + type.name().toLowerCase() + " columns", refSide, curSide, prepared);
    }
    double threshold = choice.threshold() != null ? choice.threshold() : test.get().defaultThreshold();
    StatTestResult result;
    try {
      result = test.get().test(prepared.pair, threshold);
    } catch (RuntimeException e) {
      // one column's failure is that column's status; the other columns and the verdict go on
      return skipped(name, decision, ColumnStatus.ERROR, "test '" + testName + "' failed: " + e, refSide, curSide,
          prepared);
    }
    return new ColumnDrift(name, type, decision.reason(), ColumnStatus.OK, "", result, refSide, curSide,
        prepared.newCategories, prepared.newCategoryExamples, prepared.histogram,
        missingShareMoved(ColumnStatus.OK, refSide, curSide));
  }

  // Evidently cannot see a column going blank: its test drops the missing values and compares what is left, or
  // fails when nothing is left. A move of the missing share is judged here on its own, from the counts alone.
  private boolean missingShareMoved(ColumnStatus status, SideStats ref, SideStats cur) {
    if (options.missingShareThreshold().isEmpty() || status == ColumnStatus.ONLY_IN_REFERENCE
        || status == ColumnStatus.ONLY_IN_CURRENT || status == ColumnStatus.EMPTY) {
      return false;
    }
    // shares are ratios of counts: 3/10 - 2/10 is 0.09999999999999998 in binary, and a threshold of 0.1 means that
    // such a 10-point move is enough
    return Math.abs(cur.missingShare() - ref.missingShare())
        >= options.missingShareThreshold().getAsDouble() - SHARE_TOLERANCE;
  }

  private TypeDecision typeOf(String name, RawColumn column) {
    ColumnType configured = options.columnTypes().get(name);
    if (configured != null) {
      return new TypeDecision(configured, "configured");
    }
    return ColumnTyping.infer(column);
  }

  private static String sides(boolean ref, boolean cur) {
    return ref && cur ? "reference and current have" : ref ? "reference has" : "current has";
  }

  private ColumnDrift skipped(String name, TypeDecision type, ColumnStatus status, String detail,
      SideStats ref, SideStats cur) {
    return new ColumnDrift(name, type.type(), type.reason(), status, detail, null, ref, cur, 0, List.of(),
        Histogram.EMPTY, missingShareMoved(status, ref, cur));
  }

  private ColumnDrift skipped(String name, TypeDecision type, ColumnStatus status, String detail,
      SideStats ref, SideStats cur, Prepared prepared) {
    return new ColumnDrift(name, type.type(), type.reason(), status, detail, null, ref, cur,
        prepared.newCategories, prepared.newCategoryExamples, prepared.histogram, missingShareMoved(status, ref, cur));
  }

  /** A column ready for its test, with what reports need besides. */
  private record Prepared(ColumnPair pair, long distinct, long newCategories, List<String> newCategoryExamples,
      Histogram histogram) {}

  // --- numeric -------------------------------------------------------------------------------------------------

  private Prepared numeric(RawColumn ref, RawColumn cur) {
    double[] r = numbers(ref, "reference");
    double[] c = numbers(cur, "current");
    // sorted copies: the distinct count and the histogram need order; the tests accept any order, and sort faster
    // what is already sorted
    DoubleSort.sort(r);
    DoubleSort.sort(c);
    return new Prepared(new NumericPair(r, c), distinctInUnion(r, c), 0, List.of(), numericHistogram(r, c));
  }

  private static double[] numbers(RawColumn column, String side) {
    if (column instanceof NumericColumn n) {
      return n.values().clone();
    }
    LabelColumn labels = (LabelColumn) column;
    long total = labels.present();
    if (total > Integer.MAX_VALUE - 8) {
      throw new NotNumeric("too many values in the " + side + " column '" + column.name() + "'");
    }
    double[] out = new double[(int) total];
    int at = 0;
    for (int i = 0; i < labels.labels().size(); i++) {
      String label = labels.labels().get(i);
      double v;
      try {
        v = Double.parseDouble(label.strip());
      } catch (NumberFormatException e) {
        throw new NotNumeric("configured as numeric, but the " + side + " value \"" + label + "\" is not a number");
      }
      Arrays.fill(out, at, at + (int) labels.counts()[i], v);
      at += (int) labels.counts()[i];
    }
    return Double.isFinite(sum(out)) ? out : finite(out);
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  private static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).toArray();
  }

  /** Distinct values of two sorted arrays together (Evidently's {@code n_values}). */
  static long distinctInUnion(double[] a, double[] b) {
    long distinct = 0;
    int i = 0;
    int j = 0;
    double last = Double.NaN;
    while (i < a.length || j < b.length) {
      double v = (j >= b.length || (i < a.length && a[i] <= b[j])) ? a[i++] : b[j++];
      if (distinct == 0 || v != last) {
        distinct++;
        last = v;
      }
    }
    return distinct;
  }

  private Histogram numericHistogram(double[] r, double[] c) {
    double min = Math.min(r[0], c[0]);
    double max = Math.max(r[r.length - 1], c[c.length - 1]);
    int bins = max > min ? options.histogramBins() : 1;
    double width = (max - min) / bins;
    double[] rs = binShares(r, min, width, bins);
    double[] cs = binShares(c, min, width, bins);
    List<String> labels = new ArrayList<>(bins);
    for (int i = 0; i < bins; i++) {
      labels.add(bins == 1 ? format(min) : format(min + i * width) + " – " + format(min + (i + 1) * width));
    }
    return new Histogram(labels, rs, cs);
  }

  private static double[] binShares(double[] sorted, double min, double width, int bins) {
    double[] shares = new double[bins];
    for (double v : sorted) {
      int bin = width > 0 ? (int) ((v - min) / width) : 0;
      shares[Math.min(Math.max(bin, 0), bins - 1)]++; // the maximum belongs to the last bin
    }
    for (int i = 0; i < bins; i++) {
      shares[i] /= sorted.length;
    }
    return shares;
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e6 || magnitude < 1e-3) {
      return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
    return String.format(java.util.Locale.ROOT, "%.4g", v).replaceFirst("\\.?0+$", "");
  }

  // --- categorical ---------------------------------------------------------------------------------------------

  private Prepared categorical(RawColumn ref, RawColumn cur) {
    Map<String, Long> r = counts(ref);
    Map<String, Long> c = counts(cur);
    List<String> categories = new ArrayList<>(r.keySet());
    List<String> fresh = new ArrayList<>();
    for (String k : c.keySet()) {
      if (!r.containsKey(k)) {
        fresh.add(k);
      }
    }
    categories.addAll(fresh);
    long[] rc = new long[categories.size()];
    long[] cc = new long[categories.size()];
    for (int i = 0; i < categories.size(); i++) {
      rc[i] = r.getOrDefault(categories.get(i), 0L);
      cc[i] = c.getOrDefault(categories.get(i), 0L);
    }
    CategoricalPair pair = new CategoricalPair(categories, rc, cc);
    List<String> examples = fresh.subList(0, Math.min(fresh.size(), NEW_CATEGORY_EXAMPLES));
    return new Prepared(pair, categories.size(), fresh.size(), examples, categoricalHistogram(pair));
  }

  /** Counts per label, in the column's natural order (numerically for numbers). */
  private static Map<String, Long> counts(RawColumn column) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    if (column instanceof LabelColumn labels) {
      for (int i = 0; i < labels.labels().size(); i++) {
        out.put(labels.labels().get(i), labels.counts()[i]);
      }
      return out;
    }
    double[] sorted = ((NumericColumn) column).values().clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      out.put(format(sorted[i]), (long) (j - i));
      i = j;
    }
    return out;
  }

  private Histogram categoricalHistogram(CategoricalPair pair) {
    int n = pair.categories().size();
    double refTotal = Math.max(1, pair.referenceSize());
    double curTotal = Math.max(1, pair.currentSize());
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // the most frequent categories (both sides together) get their own bar; the rest are summed
    Arrays.sort(order, Comparator.comparingDouble(
        (Integer i) -> -(pair.reference()[i] / refTotal + pair.current()[i] / curTotal)).thenComparing(i -> i));
    int shown = Math.min(n, options.maxCategories());
    boolean other = n > shown;
    TreeMap<Integer, Integer> keep = new TreeMap<>();
    for (int k = 0; k < shown; k++) {
      keep.put(order[k], k);
    }
    List<String> labels = new ArrayList<>();
    int bars = shown + (other ? 1 : 0);
    double[] rs = new double[bars];
    double[] cs = new double[bars];
    Map<Integer, Integer> slot = new HashMap<>();
    for (int index : keep.keySet()) {
      slot.put(index, labels.size());
      labels.add(pair.categories().get(index));
    }
    if (other) {
      labels.add("(other " + (n - shown) + ")");
    }
    for (int i = 0; i < n; i++) {
      int s = slot.getOrDefault(i, bars - 1);
      rs[s] += pair.reference()[i] / refTotal;
      cs[s] += pair.current()[i] / curTotal;
    }
    return new Histogram(labels, rs, cs);
  }

  /** A column configured as numeric holds text. */
  private static final class NotNumeric extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotNumeric(String message) {
      super(message, null, false, false);
    }
  }
}
