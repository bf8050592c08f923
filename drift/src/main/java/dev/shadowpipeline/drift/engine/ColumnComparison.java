package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.column.ColumnTyping;
import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumberNames;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.VectorColumn;
import dev.shadowpipeline.drift.stattest.CategoricalPair;
import dev.shadowpipeline.drift.stattest.ColumnPair;
import dev.shadowpipeline.drift.stattest.ColumnType;
import dev.shadowpipeline.drift.stattest.DefaultTestRule;
import dev.shadowpipeline.drift.stattest.DoubleSort;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.VectorPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
    String inexact = inexactIntegers(name, ref, cur);
    if (inexact != null) {
      return skipped(name, decision, ColumnStatus.ERROR, inexact, refSide, curSide);
    }
    Prepared prepared;
    try {
      prepared =
          type == ColumnType.EMBEDDING || ref instanceof VectorColumn || cur instanceof VectorColumn
              ? vectors(type, ref, cur)
              : type == ColumnType.NUMERIC ? numeric(ref, cur) : categorical(ref, cur);
    } catch (NotNumeric e) {
      return skipped(name, decision, ColumnStatus.ERROR, e.getMessage(), refSide, curSide);
    }
    TestSelection selection = options.selectionFor(name, type);
    Optional<StatTest> chosen = selection.test().map(this::inThisMode);
    StatTest test =
        chosen.orElseGet(() -> catalog.defaultTest(type, ref.present(), prepared.distinct));
    // the default rule's choice is the rule's own (Evidently applies z and chisquare to numeric
    // columns with few values, though its registry refuses them by name); a chosen test must fit
    if (chosen.isPresent() && !applies(test, type)) {
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
    ColumnPair pair = prepared.pair;
    if (test.needsRowOrder() && pair instanceof CategoricalPair counts) {
      pair = withRowOrder(counts, ref, cur);
    }
    StatTestResult result;
    try {
      // a check that could not run is never reported healthy: NaN would read as "no drift"
      result = StatTest.requireUsable(test, test.test(pair, threshold));
    } catch (RuntimeException e) {
      // one column's failure is that column's status; the other columns and the verdict go on
      return skipped(
          name,
          decision,
          ColumnStatus.ERROR,
          StatTest.failure(test, e),
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
        prepared.histogram.get(),
        missingShareMoved(ColumnStatus.OK, refSide, curSide));
  }

  /**
   * Whether a test applies to a column of this type. A text column also takes the categorical tests, which compare
   * its distinct strings as categories (which texts occur, not what they say).
   */
  private static boolean applies(StatTest test, ColumnType type) {
    return test.supportedTypes().contains(type)
        || (type == ColumnType.TEXT && test.supportedTypes().contains(ColumnType.CATEGORICAL));
  }

  /**
   * This engine's version of a configured test: a selection resolved against another mode's catalog is looked up
   * again by name, so that {@code mannw} is one-sided in Evidently mode whoever resolved it.
   */
  private StatTest inThisMode(StatTest test) {
    return catalog.byName(test.name()).orElse(test);
  }

  /**
   * Evidently's registry check of an explicitly chosen test against the column's type ({@code get_stattest} raises
   * {@code StatTestInvalidFeatureTypeError}); text columns accept only Evidently's text tests.
   *
   * @throws IncompatibleTestException when Evidently would refuse the test for this column
   */
  void refuseAsEvidently(String name, RawColumn reference) {
    ColumnType type = typeOf(name, reference).type();
    Optional<StatTest> chosen = options.selectionFor(name, type).test().map(this::inThisMode);
    if (chosen.isEmpty() || chosen.get().supportedTypes().contains(type)) {
      return;
    }
    StatTest test = chosen.get();
    String accepted =
        test.supportedTypes().stream()
            .map(t -> t.name().toLowerCase(Locale.ROOT))
            .sorted()
            .collect(java.util.stream.Collectors.joining(" and "));
    throw new IncompatibleTestException(
        name,
        "--compat evidently: test '"
            + test.name()
            + "' does not apply to the "
            + type.name().toLowerCase(Locale.ROOT)
            + " column '"
            + name
            + "': Evidently 0.7's registry accepts it for "
            + accepted
            + " columns only (StatTestInvalidFeatureTypeError); choose another test for that column"
            + " (--column-test "
            + name
            + "=NAME) or leave it to the default rule");
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

  /**
   * Why a column cannot be compared as numbers because it holds integers no double holds, or null. Rounded to doubles,
   * {@code 9007199254740992} and {@code 9007199254740993} are one value, so every test (and a categorical comparison of
   * the doubles) would call two different columns the same.
   */
  private static String inexactIntegers(String name, RawColumn ref, RawColumn cur) {
    String side = "reference";
    Optional<String> example = Optional.empty();
    if (ref instanceof NumericColumn r) {
      example = r.inexactInteger();
    }
    if (example.isEmpty() && cur instanceof NumericColumn c) {
      side = "current";
      example = c.inexactInteger();
    }
    if (example.isEmpty()) {
      return null;
    }
    return inexactIntegers(name, example.get(), side.equals("reference"));
  }

  /** The error of a column holding {@code example}, an integer no double holds, on one side. */
  static String inexactIntegers(String name, String example, boolean inReference) {
    return "integers beyond 2^53 (e.g. "
        + example
        + " in the "
        + (inReference ? "reference" : "current")
        + " data) cannot be compared exactly as doubles; cast the column to text (--column-type "
        + name
        + "=categorical) or scale it";
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
        prepared.histogram.get(),
        missingShareMoved(status, ref, cur));
  }

  /**
   * A column ready for its test, with what reports need besides; the histogram is drawn after the test, which may
   * count it in its own pass over the values (ks and wasserstein on large numeric columns).
   */
  private record Prepared(
      ColumnPair pair,
      long distinct,
      long newCategories,
      List<String> newCategoryExamples,
      Supplier<Histogram> histogram) {}

  // --- numeric
  // -------------------------------------------------------------------------------------------------

  private Prepared numeric(RawColumn ref, RawColumn cur) {
    double[] r = numbers(ref, "reference");
    double[] c = numbers(cur, "current");
    // in file order, unsorted: the tests that need order sort copies themselves, and ks and
    // wasserstein (the defaults) need no full sort at all; the default rule needs the distinct
    // count only up to where it stops telling counts apart
    NumericPair plain = new NumericPair(r, c);
    EqualWidthBins bins = ColumnHistograms.bins(plain.extent(), options.histogramBins());
    NumericPair pair = plain.withBins(bins);
    return new Prepared(
        pair,
        distinctUpTo(r, c, DefaultTestRule.DISTINCT_VALUES_COUNTED),
        0,
        List.of(),
        () -> ColumnHistograms.numeric(pair, bins));
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

  // --- embeddings
  // ----------------------------------------------------------------------------------------------

  /** Vectors of both sides (the readers' row samples), with a histogram of their lengths for reports. */
  private Prepared vectors(ColumnType type, RawColumn ref, RawColumn cur) {
    if (type != ColumnType.EMBEDDING) {
      throw new NotNumeric(
          "holds lists of numbers (an embedding); its type can only be embedding, not "
              + type.name().toLowerCase(Locale.ROOT));
    }
    if (!(ref instanceof VectorColumn r) || !(cur instanceof VectorColumn c)) {
      throw new NotNumeric(
          "configured as embedding, but the "
              + (ref instanceof VectorColumn ? "current" : "reference")
              + " column does not hold lists of numbers");
    }
    if (r.dimension() != c.dimension()) {
      throw new NotNumeric(
          "reference vectors have " + r.dimension() + " numbers, current vectors " + c.dimension());
    }
    if (r.sample().length == 0 || c.sample().length == 0) {
      throw new NotNumeric(
          "no vectors were kept to test (the row sample is empty; see --row-sample)");
    }
    double[] rn = norms(r.sample());
    double[] cn = norms(c.sample());
    DoubleSort.sort(rn);
    DoubleSort.sort(cn);
    return new Prepared(
        new VectorPair(r.dimension(), r.sample(), c.sample()),
        0,
        0,
        List.of(),
        constant(ColumnHistograms.numeric(rn, cn, options.histogramBins())));
  }

  private static Supplier<Histogram> constant(Histogram histogram) {
    return () -> histogram;
  }

  private static double[] norms(float[][] vectors) {
    double[] out = new double[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      double s = 0;
      for (float x : vectors[i]) {
        s += (double) x * x;
      }
      out[i] = Math.sqrt(s);
    }
    return out;
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
        constant(ColumnHistograms.categorical(pair, options.maxCategories())));
  }

  /**
   * The counts with each side's row order, when both sides kept it (numbers always do; labels when read with {@code
   * ReadOptions.keepLabelOrder}); else the counts as they are.
   */
  private static CategoricalPair withRowOrder(
      CategoricalPair counts, RawColumn ref, RawColumn cur) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < counts.categories().size(); i++) {
      index.put(counts.categories().get(i), i);
    }
    int[] r = rowOrder(ref, index);
    int[] c = rowOrder(cur, index);
    return r == null || c == null ? counts : counts.withRows(new CategoricalPair.RowOrder(r, c));
  }

  /** Each present cell's category index, in file order; null when the column did not keep its order. */
  private static int[] rowOrder(RawColumn column, Map<String, Integer> index) {
    if (column instanceof NumericColumn numbers) {
      double[] values = numbers.values();
      int[] out = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        Integer category = index.get(categoryName(values[i]));
        if (category == null) {
          return null; // the other side named its categories otherwise: no common order
        }
        out[i] = category;
      }
      return out;
    }
    LabelColumn labels = (LabelColumn) column;
    if (labels.rowLabels().isEmpty()) {
      return null;
    }
    int[] byLabel = new int[labels.labels().size()];
    for (int i = 0; i < byLabel.length; i++) {
      Integer category = index.get(labels.labels().get(i));
      if (category == null) {
        return null;
      }
      byLabel[i] = category;
    }
    int[] rows = labels.rowLabels().get();
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = byLabel[rows[i]];
    }
    return out;
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
   * and the later count overwrote the earlier). A whole number below 2^63 is named by its integer value in full, as
   * an integer column read as text names it ({@code 18014398509481984}, not {@code 1.8014398509481984E16}), so that
   * its categories meet when one side was read as text (integers no double holds) and the other as numbers.
   */
  static String categoryName(double v) {
    return NumberNames.of(v);
  }

  /** A column configured as numeric holds text. */
  private static final class NotNumeric extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotNumeric(String message) {
      super(message, null, false, false);
    }
  }
}
