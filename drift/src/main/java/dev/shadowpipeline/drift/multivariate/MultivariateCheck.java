package dev.shadowpipeline.drift.multivariate;

import dev.shadowpipeline.drift.classifier.DomainClassification;
import dev.shadowpipeline.drift.classifier.DomainClassifier;
import dev.shadowpipeline.drift.classifier.RocAuc;
import dev.shadowpipeline.drift.data.RowSample;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift.ColumnImportance;
import dev.shadowpipeline.drift.multivariate.MultivariateDrift.LeftOut;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs the multivariate check: the {@link DomainClassifier} over the given columns of both row samples together
 * ({@link TableRows} encodes them), drift when the held-out ROC AUC is above the random-labelling AUC at the
 * quantile, and each column's permutation importance: the AUC lost when that column's cells are shuffled among the
 * held-out rows (all its features together, its products included), the model and the other columns unchanged.
 *
 * @param classifier the classifier's settings and seed
 * @param quantile the random-labelling quantile the AUC must exceed
 */
public record MultivariateCheck(DomainClassifier classifier, double quantile) {

  /** Evidently's percentile rule: the AUC must beat 95% of random labellings. */
  public static final MultivariateCheck DEFAULTS =
      new MultivariateCheck(DomainClassifier.DEFAULTS, 0.95);

  public MultivariateCheck {
    Objects.requireNonNull(classifier, "classifier");
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1]: " + quantile);
    }
  }

  /**
   * Runs the check on the columns named (in order, with the type each was tested as). A column missing from a sample,
   * or sampled as different kinds on the two sides, is left out with its reason; with no column left, or fewer than
   * two sampled rows on a side, the check does not run.
   *
   * @param leftOut columns already left out by the caller (not tested), reported with the others
   */
  public MultivariateDrift run(
      RowSample reference,
      RowSample current,
      Map<String, ColumnType> columns,
      List<LeftOut> leftOut) {
    List<LeftOut> out = new ArrayList<>(leftOut);
    List<TableRows.Source> sources = new ArrayList<>();
    for (Map.Entry<String, ColumnType> e : new LinkedHashMap<>(columns).entrySet()) {
      String name = e.getKey();
      RowSample.Cells r = reference.column(name).orElse(null);
      RowSample.Cells c = current.column(name).orElse(null);
      if (r == null || c == null) {
        out.add(
            new LeftOut(name, "not in the " + (r == null ? "reference" : "current") + " sample"));
      } else if (r.getClass() != c.getClass()) {
        out.add(new LeftOut(name, "read as different kinds on the two sides"));
      } else if (e.getValue() == ColumnType.EMBEDDING && !(r instanceof RowSample.Vectors)) {
        out.add(new LeftOut(name, "typed as embedding but not read as lists of numbers"));
      } else if (r instanceof RowSample.Vectors && e.getValue() != ColumnType.EMBEDDING) {
        out.add(new LeftOut(name, "lists of numbers, typed as " + label(e.getValue())));
      } else {
        sources.add(new TableRows.Source(name, e.getValue(), r, c));
      }
    }
    if (sources.isEmpty()) {
      return MultivariateDrift.notRun("no column could be used", out);
    }
    if (reference.rows() < 2 || current.rows() < 2) {
      return MultivariateDrift.notRun(
          "needs at least 2 sampled rows on each side, got "
              + reference.rows()
              + " reference and "
              + current.rows()
              + " current (the row sample: --row-sample)",
          out);
    }
    TableRows rows = new TableRows(sources, reference.rows(), current.rows());
    DomainClassifier.Trained trained = classifier.train(rows, quantile);
    DomainClassification found = trained.classification();
    List<ColumnImportance> importance = importance(trained, sources);
    return new MultivariateDrift(
        MultivariateDrift.OK,
        "",
        found.rocAuc(),
        found.randomAucPercentile(),
        quantile,
        found.pValue(),
        found.aboveRandom(),
        found.referenceRows(),
        found.currentRows(),
        found.testRows(),
        found.features(),
        importance,
        out);
  }

  private List<ColumnImportance> importance(
      DomainClassifier.Trained trained, List<TableRows.Source> sources) {
    TableRows.Fitted encoding = (TableRows.Fitted) trained.encoding();
    int[] ids = trained.testIds();
    double observed = trained.classification().rocAuc();
    SplittableRandom random = new SplittableRandom(classifier.seed() ^ 0x1A9E_57A7L);
    List<ColumnImportance> out = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      int[] shuffled = ids.clone();
      for (int k = shuffled.length - 1; k > 0; k--) {
        int j = random.nextInt(k + 1);
        int t = shuffled[k];
        shuffled[k] = shuffled[j];
        shuffled[j] = t;
      }
      double auc =
          RocAuc.auc(
              trained.model().decisions(encoding.encode(ids, i, shuffled)), trained.testCurrent());
      out.add(
          new ColumnImportance(
              sources.get(i).name(), label(sources.get(i).type()), observed - auc));
    }
    out.sort(Comparator.comparingDouble((ColumnImportance c) -> -c.importance()));
    return out;
  }

  private static String label(ColumnType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
