package dev.shadowpipeline.drift.classifier;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;

/**
 * An L2-regularized logistic regression separating two classes, trained by LIBLINEAR's primal Newton solver
 * ({@code -s 0}, liblinear-java 2.44): it minimizes &frac12;&Vert;w&Vert;&sup2; + C &Sigma; log(1 + exp(-y<sub>i</sub>
 * w&middot;x<sub>i</sub>)) with the intercept as a feature of constant value 1, regularized like the other weights.
 * That is scikit-learn's {@code LogisticRegression(solver="liblinear", C=C, tol=eps)}; the optimum is unique (the
 * objective is strictly convex), so both reach the same weights up to the tolerance.
 *
 * <p>Deterministic: the primal solver draws no random numbers.
 *
 * @param weights one weight per feature; positive weights point to the positive class
 * @param intercept the intercept
 */
public record LinearModel(double[] weights, double intercept) {

  /** scikit-learn's default inverse regularization strength. */
  public static final double DEFAULT_C = 1.0;

  /** scikit-learn's default tolerance for the liblinear solver. */
  public static final double DEFAULT_EPS = 1e-4;

  static {
    // LIBLINEAR prints its iterations to stdout unless told not to; the engine never prints
    Linear.disableDebugOutput();
  }

  /**
   * Trains on {@code rows} with their classes.
   *
   * @param positive {@code positive[r]} is true for rows of the positive class; both classes must occur
   * @param c the inverse regularization strength, &gt; 0
   * @param eps the solver's stopping tolerance, &gt; 0
   * @throws IllegalArgumentException when a class is absent or the sizes disagree
   */
  public static LinearModel train(SparseRows rows, boolean[] positive, double c, double eps) {
    int n = rows.rows();
    if (positive.length != n) {
      throw new IllegalArgumentException(
          "one class per row: " + n + " rows, " + positive.length + " classes");
    }
    if (!(c > 0 && eps > 0)) {
      throw new IllegalArgumentException("C and eps must be > 0: " + c + ", " + eps);
    }
    int first = -1;
    boolean both = false;
    for (boolean p : positive) {
      int cls = p ? 1 : 0;
      if (first < 0) {
        first = cls;
      } else if (cls != first) {
        both = true;
        break;
      }
    }
    if (!both) {
      throw new IllegalArgumentException("training needs rows of both classes");
    }
    int d = rows.features();
    Problem problem = new Problem();
    problem.l = n;
    problem.n = d + 1; // the intercept is LIBLINEAR's last feature
    problem.bias = 1;
    problem.y = new double[n];
    problem.x = new Feature[n][];
    for (int r = 0; r < n; r++) {
      problem.y[r] = positive[r] ? 1 : 0;
      int size = rows.size(r);
      Feature[] x = new Feature[size + 1];
      int at = rows.start(r);
      for (int k = 0; k < size; k++, at++) {
        x[k] = new FeatureNode(rows.index(at) + 1, rows.value(at));
      }
      x[size] = new FeatureNode(d + 1, 1.0);
      problem.x[r] = x;
    }
    de.bwaldvogel.liblinear.Model model =
        Linear.train(problem, new Parameter(SolverType.L2R_LR, c, eps));
    double[] w = model.getFeatureWeights();
    // LIBLINEAR's weights point to its first label, the class of the first row
    double sign = model.getLabels()[0] == 1 ? 1 : -1;
    double[] weights = new double[d];
    for (int j = 0; j < d; j++) {
      weights[j] = sign * w[j];
    }
    return new LinearModel(weights, sign * w[d]);
  }

  public LinearModel {
    weights = weights.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** The weight of one feature. */
  public double weight(int feature) {
    return weights[feature];
  }

  /** w&middot;x + b for each row: larger means more like the positive class. */
  public double[] decisions(SparseRows rows) {
    if (rows.features() > weights.length) {
      throw new IllegalArgumentException(
          "rows have " + rows.features() + " features, the model " + weights.length);
    }
    double[] out = new double[rows.rows()];
    for (int r = 0; r < out.length; r++) {
      out[r] = rows.dot(r, weights) + intercept;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearModel m
        && Arrays.equals(weights, m.weights)
        && Double.compare(intercept, m.intercept) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(weights) + Double.hashCode(intercept);
  }

  @Override
  public String toString() {
    return "LinearModel[" + weights.length + " weights, intercept=" + intercept + "]";
  }
}
