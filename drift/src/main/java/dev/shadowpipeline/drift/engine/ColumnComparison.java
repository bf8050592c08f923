package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.column.ColumnTyping;
import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.CategoricalPair;
import dev.shadowpipeline.drift.stattest.ColumnPair;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.DefaultTestRule;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares one column: status, type, test choice, the test itself, new categories and histograms. */
final class ColumnComparison {

  private static final int NEW_CATEGORY_EXAMPLES = 20;

  private final TestCatalog catalog;
  private final DriftOptions options;
  private final Map<String, TypeDecision> inferredTypes;

  ColumnComparison(
      TestCatalog catalog, DriftOptions options, Map<String, TypeDecision> inferredTypes) {
    this.catalog = catalog;
    this.options = options;
    this.inferredTypes = inferredTypes;
  }

  ColumnDrift compare(String name, RawColumn ref, long refRows, RawColumn cur, long curRows) {
    SideStats refSide = ref == null ? SideStats.of(0, 0) : SideStats.of(refRows, ref.missing());
    SideStats curSide = cur == null ? SideStats.of(0, 0) : SideStats.of(curRows, cur.missing());
    TypeDecision decision = typeOf(name, ref != null ? ref : cur);
    ColumnType type = decision.type();
    if (ref == null || cur == null) {
      ColumnStatus status =
          ref == null ? ColumnStatus.ONLY_IN_CURRENT : ColumnStatus.ONLY_IN_REFERENCE;
      return skipped(
          name,
          decision,
          status,
          "the " + (ref == null ? "reference" : "current") + " data has no column '" + name + "'",
          refSide,
          curSide);
    }
    if (refRows == 0 || curRows == 0) {
      return skipped(
          name,
          decision,
          ColumnStatus.EMPTY,
          sides(refRows == 0, curRows == 0) + " no rows",
          refSide,
          curSide);
    }
    if (ref.present() == 0 || cur.present() == 0) {
      return skipped(
          name,
          decision,
          ColumnStatus.ALL_MISSING,
          "every value is missing in the "
              + sides(ref.present() == 0, cur.present() == 0)
                  .replace(" has", "")
                  .replace(" have", ""),
          refSide,
          curSide);
    }
    Prepared prepared;
    try {
      prepared = type == ColumnType.NUMERIC ? numeric(ref, cur) : categorical(ref, cur);
    } catch (NotNumeric e) {
      return skipped(name, decision, ColumnStatus.ERROR, e.getMessage(), refSide, curSide);
    }
    // text is compared as categorical data over its distinct strings (the default rule picks
    // jensenshannon): we
    // have no text model for Evidently's domain-classifier tests
    ColumnType testedAs = type == ColumnType.TEXT ? ColumnType.CATEGORICAL : type;
    TestSelection selection = options.selectionFor(name, type);
    StatTest test =
        selection
            .test()
            .orElseGet(() -> catalog.defaultTest(type, ref.present(), prepared.distinct));
    if (!test.supportedTypes().contains(testedAs)) {
      return skipped(
          name,
          decision,
          ColumnStatus.ERROR,
          "test '"
              + test.name()
              + "' does not apply to "
              + type.name().toLowerCase(Locale.ROOT)
              + " columns",
          refSide,
          curSide,
          prepared);
    }
    double threshold = selection.threshold().orElse(test.defaultThreshold());
    StatTestResult result;
    try {
      result = test.test(prepared.pair, threshold);
    } catch (RuntimeException e) {
      // one column's failure is that column's status; the other columns and the verdict go on
      return skipped(
          name,
          decision,
          ColumnStatus.ERROR,
          "test '" + test.name() + "' failed: " + e,
          refSide,
          curSide,
          prepared);
    }
    return new ColumnDrift(
        name,
        type,
        decision.reason(),
        ColumnStatus.OK,
        "",
        result,
        refSide,
        curSide,
        prepared.newCategories,
        prepared.newCategoryExamples,
        prepared.histogram,
        missingShareMoved(ColumnStatus.OK, refSide, curSide));
  }

  private boolean missingShareMoved(ColumnStatus status, SideStats ref, SideStats cur) {
    return options.missingShareMoved(status, ref, cur);
  }

  private TypeDecision typeOf(String name, RawColumn column) {
    ColumnType configured = options.columnTypes().get(name);
    if (configured != null) {
      return new TypeDecision(configured, "configured");
    }
    TypeDecision inferred = inferredTypes.get(name);
    return inferred != null ? inferred : ColumnTyping.infer(column);
  }

  private static String sides(boolean ref, boolean cur) {
    return ref && cur ? "reference and current have" : ref ? "reference has" : "current has";
  }

  private ColumnDrift skipped(
      String name,
      TypeDecision type,
      ColumnStatus status,
      String detail,
      SideStats ref,
      SideStats cur) {
    return new ColumnDrift(
        name,
        type.type(),
        type.reason(),
        status,
        detail,
        null,
        ref,
        cur,
        0,
        List.of(),
        Histogram.empty(),
        missingShareMoved(status, ref, cur));
  }

  private ColumnDrift skipped(
      String name,
      TypeDecision type,
      ColumnStatus status,
      String detail,
      SideStats ref,
      SideStats cur,
      Prepared prepared) {
    return new ColumnDrift(
        name,
        type.type(),
        type.reason(),
        status,
        detail,
        null,
        ref,
        cur,
        prepared.newCategories,
        prepared.newCategoryExamples,
        prepared.histogram,
        missingShareMoved(status, ref, cur));
  }

  /** A column ready for its test, with what reports need besides. */
  private record Prepared(
      ColumnPair pair,
      long distinct,
      long newCategories,
      List<String> newCategoryExamples,
      Histogram histogram) {}

  // --- numeric
  // -------------------------------------------------------------------------------------------------

  private Prepared numeric(RawColumn ref, RawColumn cur) {
    double[] r = numbers(ref, "reference");
    double[] c = numbers(cur, "current");
    // in file order, unsorted: the tests that need order sort copies themselves, and ks and
    // wasserstein (the defaults) need no full sort at all; the default rule needs the distinct
    // count only up to where it stops telling counts apart
    return new Prepared(
        new NumericPair(r, c),
        distinctUpTo(r, c, DefaultTestRule.DISTINCT_VALUES_COUNTED),
        0,
        List.of(),
        ColumnHistograms.numeric(r, c, options.histogramBins()));
  }

  /** The column's own values (read, never changed), or its labels parsed as numbers. */
  private static double[] numbers(RawColumn column, String side) {
    if (column instanceof NumericColumn n) {
      return n.values();
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
        throw new NotNumeric(
            "configured as numeric, but the " + side + " value \"" + label + "\" is not a number");
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

  /**
   * Distinct values of two arrays together (Evidently's {@code n_values}), counting no further than {@code limit}:
   * continuous data stops after its first few values, data with fewer distinct values costs a few comparisons per
   * value. {@code -0.0} and {@code 0.0} are one value.
   */
  static int distinctUpTo(double[] a, double[] b, int limit) {
    double[] seen = new double[limit];
    int n = addDistinct(a, seen, 0);
    return n == limit ? n : addDistinct(b, seen, n);
  }

  /** Adds values not seen yet to {@code seen} until it is full; returns how many it holds. */
  private static int addDistinct(double[] values, double[] seen, int already) {
    int n = already;
    outer:
    for (double v : values) {
      for (int i = 0; i < n; i++) {
        if (seen[i] == v) {
          continue outer;
        }
      }
      seen[n++] = v;
      if (n == seen.length) {
        break;
      }
    }
    return n;
  }

  // --- categorical
  // ---------------------------------------------------------------------------------------------

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
    return new Prepared(
        pair,
        categories.size(),
        fresh.size(),
        examples,
        ColumnHistograms.categorical(pair, options.maxCategories()));
  }

  /** Counts per label, in the column's natural order (numerically for numbers). */
  private static Map<String, Long> counts(RawColumn column) {
    Map<String, Long> out = new LinkedHashMap<>();
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
      out.put(categoryName(sorted[i]), (long) (j - i));
      i = j;
    }
    return out;
  }

  /**
   * The category a number stands for when a numeric column is compared as categorical, e.g. {@code 3} or
   * {@code 0.12341}. It is the category's identity, not only its label: the categorical tests order categories by it
   * and new categories are reported by it, so it belongs to the engine (reports label numeric bins themselves), and it
   * is exact: two different numbers are never one category (rounding them for display merged 0.12341 and 0.12342,
   * and the later count overwrote the earlier).
   */
  static String categoryName(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double magnitude = Math.abs(v);
    if (magnitude >= 1e15 || magnitude < 1e-6) {
      return Double.toString(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A column configured as numeric holds text. */
  private static final class NotNumeric extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotNumeric(String message) {
      super(message, null, false, false);
    }
  }
}
