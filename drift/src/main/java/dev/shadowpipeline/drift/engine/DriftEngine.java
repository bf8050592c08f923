package dev.shadowpipeline.drift.engine;

import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.multivariate.MultivariateCheck;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a reference and a current dataset column by column and decides whether the dataset drifted.
 *
 * <p>Immutable and thread-safe. Columns are compared in parallel (on the common fork-join pool); each column's
 * numeric work runs on primitive arrays. Nothing here throws for odd data: an empty, all-missing, one-sided or
 * untestable column gets a {@link ColumnStatus} and the rest goes on. What could not be judged is never reported as
 * healthy: the result's {@link DatasetStatus} says whether the verdict covers every reference column, part of them,
 * or nothing at all.
 *
 * <pre>{@code
 * DriftResult result = DriftEngine.standard(DriftOptions.DEFAULTS).compare(reference, current);
 * }</pre>
 */
public final class DriftEngine {

  private final TestCatalog catalog;
  private final DriftOptions options;

  public DriftEngine(TestCatalog catalog, DriftOptions options) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The category a number stands for when a numeric column is compared as categorical, e.g. {@code 3} or {@code
   * 0.12341}: exact, so two different numbers are never one category. Engines that count values elsewhere label them
   * with it.
   */
  public static String categoryName(double value) {
    return ColumnComparison.categoryName(value);
  }

  /**
   * Why a numeric column cannot be compared: it holds {@code example}, an integer past 2^53 that a double changes
   * ({@code 9007199254740993} and {@code 9007199254740992} are one double), on the side named. Engines that read
   * numbers elsewhere (the Spark job) report such a column with this message, as this engine does with {@link
   * dev.shadowpipeline.drift.data.NumericColumn#inexactInteger()}.
   *
   * @param column the column's name, for the advice to type it categorical
   * @param example the integer as written, possibly with where it was ({@code 9007199254740993 at line 12})
   * @param inReference whether the example is in the reference data (else the current)
   */
  public static String inexactIntegers(String column, String example, boolean inReference) {
    return ColumnComparison.inexactIntegers(column, example, inReference);
  }

  /**
   * An engine with every built-in test and Evidently's default-test rule: our versions of the tests, or Evidently
   * 0.7's when {@link DriftOptions#compat()} says so.
   */
  public static DriftEngine standard(DriftOptions options) {
    return new DriftEngine(options.compat().catalog(), options);
  }

  /** The same engine with other options. */
  public DriftEngine withOptions(DriftOptions newOptions) {
    return new DriftEngine(catalog, newOptions);
  }

  public DriftOptions options() {
    return options;
  }

  public DriftResult compare(DatasetPair pair) {
    return compare(pair.reference(), pair.current());
  }

  /**
   * Compares every column of either dataset: reference columns in their order, then columns only the current data
   * has.
   */
  public DriftResult compare(Dataset reference, Dataset current) {
    return compare(reference, current, Map.of());
  }

  /**
   * The same comparison with column types decided elsewhere: an engine that saw every row (the Spark job) types the
   * columns by Evidently's rule over the full data and hands over only their counts. A configured type still wins
   * ({@link DriftOptions#columnTypes()}); columns not in {@code inferredTypes} are typed from their values as usual.
   *
   * @throws IncompatibleTestException in {@link Compat#EVIDENTLY} mode, when a test was chosen for a column of a type
   *     Evidently's registry does not accept it for (in native mode that column alone gets an error status)
   */
  public DriftResult compare(
      Dataset reference, Dataset current, Map<String, TypeDecision> inferredTypes) {
    Set<String> names = new LinkedHashSet<>(reference.columnNames());
    names.addAll(current.columnNames());
    ColumnComparison comparison = new ColumnComparison(catalog, options, Map.copyOf(inferredTypes));
    if (options.compat() == Compat.EVIDENTLY) {
      for (String name : names) {
        RawColumn ref = reference.columns().get(name);
        if (ref != null && current.columns().containsKey(name)) {
          comparison.refuseAsEvidently(name, ref);
        }
      }
    }
    List<ColumnDrift> columns =
        new ArrayList<>(names)
            .parallelStream()
                .map(
                    name -> {
                      RawColumn ref = reference.columns().get(name);
                      RawColumn cur = current.columns().get(name);
                      return comparison.compare(name, ref, reference.rows(), cur, current.rows());
                    })
                .toList();
    DriftResult result =
        DriftResult.of(
            DatasetSummary.of(reference),
            DatasetSummary.of(current),
            columns,
            options.driftShare(),
            options.missingShareThreshold(),
            options.compat());
    return options.multivariate()
        ? result.withMultivariate(multivariate(reference, current, columns))
        : result;
  }

  /** The multivariate check over the columns that were tested, on the readers' row samples. */
  static MultivariateDrift multivariate(
      Dataset reference, Dataset current, List<ColumnDrift> columns) {
    Map<String, ColumnType> tested = new LinkedHashMap<>();
    List<MultivariateDrift.LeftOut> leftOut = new ArrayList<>();
    for (ColumnDrift c : columns) {
      if (c.status() == ColumnStatus.OK) {
        tested.put(c.name(), c.type());
      } else {
        leftOut.add(new MultivariateDrift.LeftOut(c.name(), "not tested: " + c.status().label()));
      }
    }
    if (reference.rowSample().rows() == 0 || current.rowSample().rows() == 0) {
      return MultivariateDrift.notRun(
          "the reader kept no row sample of the "
              + (reference.rowSample().rows() == 0 ? "reference" : "current")
              + " data",
          leftOut);
    }
    return MultivariateCheck.DEFAULTS.run(
        reference.rowSample(), current.rowSample(), tested, leftOut);
  }
}
