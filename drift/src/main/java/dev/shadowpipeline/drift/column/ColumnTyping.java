package dev.shadowpipeline.drift.column;

import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.data.VectorColumn;
import dev.shadowpipeline.drift.stattest.ColumnType;

/**
 * Evidently's column typing, applied to the reference column as pandas would have read it.
 *
 * <ul>
 *   <li>float → numeric;
 *   <li>integer with at most {@value #MAX_CATEGORICAL_INTEGERS} distinct values → categorical, else numeric;
 *   <li>bool → categorical;
 *   <li>string with distinct values more than half of its non-missing rows → text, else categorical;
 *   <li>lists of numbers of one length → embedding (Evidently takes embeddings from its column mapping instead).
 * </ul>
 *
 * <p>"Integer" means what pandas reads as int64: every value written as an integer <em>and no missing value</em> —
 * pandas turns an integer column with a gap into float64, and Evidently then calls it numeric. We follow that, so the
 * same file gets the same tests here as in Evidently; override the type per column where it matters.
 */
public final class ColumnTyping {

  /** Integer columns with at most this many distinct values are categorical. */
  public static final int MAX_CATEGORICAL_INTEGERS = 10;

  private ColumnTyping() {}

  /** The type Evidently would give this column, from its reference values. */
  public static TypeDecision infer(RawColumn column) {
    if (column instanceof VectorColumn vectors) {
      return new TypeDecision(ColumnType.EMBEDDING, "lists of " + vectors.dimension() + " numbers");
    }
    if (column instanceof NumericColumn numeric) {
      if (!numeric.integerLiterals() || numeric.missing() > 0) {
        return new TypeDecision(
            ColumnType.NUMERIC,
            numeric.integerLiterals() ? "integers with missing values (float)" : "float");
      }
      int distinct = distinctUpTo(numeric.values(), MAX_CATEGORICAL_INTEGERS + 1);
      return distinct <= MAX_CATEGORICAL_INTEGERS
          ? new TypeDecision(
              ColumnType.CATEGORICAL, "integer with " + distinct + " distinct values")
          : new TypeDecision(
              ColumnType.NUMERIC,
              "integer with more than " + MAX_CATEGORICAL_INTEGERS + " distinct values");
    }
    LabelColumn labels = (LabelColumn) column;
    if (labels.booleanLabels()) {
      return new TypeDecision(ColumnType.CATEGORICAL, "boolean");
    }
    long present = labels.present();
    int distinct = labels.labels().size();
    if (present > 0 && distinct > present / 2.0) {
      return new TypeDecision(
          ColumnType.TEXT, "strings, " + distinct + " distinct of " + present + " values");
    }
    return new TypeDecision(ColumnType.CATEGORICAL, "strings, " + distinct + " distinct values");
  }

  /** Distinct values, counting no further than {@code limit}. */
  static int distinctUpTo(double[] values, int limit) {
    double[] seen = new double[limit];
    int n = 0;
    outer:
    for (double v : values) {
      for (int i = 0; i < n; i++) {
        if (seen[i] == v) {
          continue outer;
        }
      }
      seen[n++] = v;
      if (n == limit) {
        return n;
      }
    }
    return n;
  }
}
