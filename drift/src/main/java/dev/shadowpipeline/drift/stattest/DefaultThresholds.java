package dev.shadowpipeline.drift.stattest;

import java.util.Locale;

/**
 * The table of every test's default threshold and drift rule, built from the tests themselves for help texts, e.g.
 * {@code ks  p-value  drift when p <= 0.05}.
 */
public final class DefaultThresholds {

  private DefaultThresholds() {}

  /** One line per test, in {@link StatTests#names()} order, each starting with {@code indent}. */
  public static String table(String indent) {
    int width = 0;
    for (String name : StatTests.names()) {
      width = Math.max(width, name.length());
    }
    StringBuilder out = new StringBuilder();
    for (StatTest t : StatTests.all()) {
      boolean p = t.kind() == TestKind.P_VALUE;
      out.append(indent)
          .append(String.format(Locale.ROOT, "%-" + width + "s", t.name()))
          .append("  ")
          .append(p ? "p-value " : "distance")
          .append("  drift when ")
          .append(p ? "p " : "d ")
          .append(t.driftOperator())
          .append(' ')
          .append(threshold(t.defaultThreshold()))
          .append('\n');
    }
    return out.toString();
  }

  private static String threshold(double t) {
    return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
  }
}
