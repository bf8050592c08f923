package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DatasetSummary;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.stattest.StatTestResult;
import dev.shadowpipeline.drift.stattest.TestKind;
import dev.shadowpipeline.report.drift.DriftReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What {@code shadow drift} prints: one row per column, then why, then the verdict and how far it can be trusted. */
final class DriftTable {

  /** Most problem lines printed; drift_report.json has them all. */
  private static final int PROBLEMS_PRINTED = 20;

  private DriftTable() {}

  /**
   * Prints the table, the detail lines, the headline, the status with its problems and the "Drift Detected" line.
   *
   * @param referenceName how problems name the reference, e.g. {@code --reference data/ref.csv}
   * @param currentName how they name the current data
   */
  static void print(PrintWriter o, DriftResult result, String referenceName, String currentName) {
    int width =
        Math.max(6, result.columns().stream().mapToInt(c -> c.name().length()).max().orElse(6));
    String row = "%-" + width + "s  %-11s  %-16s  %12s  %9s  %-8s  %s%n";
    o.printf(
        Locale.ROOT,
        row,
        "Column",
        "Type",
        "Test",
        "Score",
        "Threshold",
        "Drift",
        "Missing ref -> cur");
    for (ColumnDrift c : result.columns()) {
      StatTestResult r = c.result();
      boolean drifted = result.counts(c) && c.drifted();
      String verdict =
          c.status() == ColumnStatus.OK
              ? (drifted ? "YES" : "no")
              : drifted ? "YES, " + c.status().label() : c.status().label();
      boolean oneSided =
          c.status() == ColumnStatus.ONLY_IN_REFERENCE
              || c.status() == ColumnStatus.ONLY_IN_CURRENT;
      String missing =
          oneSided
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%.1f%% -> %.1f%%",
                  100 * c.reference().missingShare(),
                  100 * c.current().missingShare());
      o.printf(
          Locale.ROOT,
          row,
          c.name(),
          c.type().name().toLowerCase(Locale.ROOT),
          r == null ? "-" : r.test() + (r.kind() == TestKind.P_VALUE ? " (p)" : ""),
          r == null ? "-" : score(r.score()),
          r == null ? "-" : score(r.threshold()),
          verdict,
          missing);
    }
    details(o, result);
    badRows(o, result.reference());
    badRows(o, result.current());
    verdict(o, result, referenceName, currentName);
  }

  private static void details(PrintWriter o, DriftResult result) {
    for (ColumnDrift c : result.columns()) {
      if (!c.detail().isEmpty()) {
        o.printf("  %s: %s%n", c.name(), c.detail());
      }
      if (c.missingShareDrift() && result.counts(c)) {
        o.printf(
            Locale.ROOT,
            "  %s: drifted: %s (moves of %s or more count as drift)%n",
            c.name(),
            c.missingShareText(),
            points(result.missingShareThreshold().orElse(Double.NaN)));
      }
      if (c.newCategories() > 0) {
        o.printf(
            "  %s: %d categories never seen in the reference, e.g. %s%n",
            c.name(),
            c.newCategories(),
            String.join(
                ", ",
                c.newCategoryExamples().subList(0, Math.min(5, c.newCategoryExamples().size()))));
        if (c.newCategoryExamples().stream().allMatch(v -> DECIMAL_COMMA.matcher(v).matches())) {
          // numbers of a locale that writes 1,5 (pandas reads them as text too): say how to test
          // them as numbers, or the user sees a text test on a numeric column and no way out
          o.printf(
              "  %s: its values look like numbers written with a decimal comma (%s): --decimal ,"
                  + " reads them as numbers%n",
              c.name(), c.newCategoryExamples().get(0));
        }
      }
    }
  }

  private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");

  private static void verdict(
      PrintWriter o, DriftResult result, String referenceName, String currentName) {
    if (result.status() == DatasetStatus.UNTESTABLE) {
      o.println(DriftReport.headline(result));
    } else {
      o.printf(
          Locale.ROOT,
          "%s (share %.3f, drift when >= %s)%n",
          DriftReport.headline(result),
          result.share(),
          score(result.driftShareThreshold()));
    }
    List<String> problems = result.problems(referenceName, currentName);
    o.println(
        "Status: "
            + result.status().label()
            + (problems.isEmpty()
                ? ""
                : " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")"));
    for (String problem : problems.subList(0, Math.min(problems.size(), PROBLEMS_PRINTED))) {
      o.println("  - " + problem);
    }
    if (problems.size() > PROBLEMS_PRINTED) {
      o.printf("  ... and %d more (see drift_report.json)%n", problems.size() - PROBLEMS_PRINTED);
    }
    o.println(
        "Drift Detected: "
            + (result.status() == DatasetStatus.UNTESTABLE
                ? "unknown (the check could not run)"
                : result.drift()));
  }

  /** 0.1 -> "10 points" (percentage points). */
  private static String points(double share) {
    return String.format(Locale.ROOT, "%.4g", 100 * share).replaceFirst("\\.?0+$", "") + " points";
  }

  private static void badRows(PrintWriter o, DatasetSummary d) {
    if (d.badRowCount() == 0) {
      return;
    }
    List<String> examples = new ArrayList<>();
    d.badRows().stream()
        .limit(3)
        .forEach(b -> examples.add("line " + b.line() + ": " + b.reason()));
    o.printf(
        "%s: %,d bad rows skipped (%s%s)%n",
        d.source(),
        d.badRowCount(),
        String.join("; ", examples),
        d.badRowCount() > examples.size() ? "; ..." : "");
  }

  private static String score(double v) {
    if (v != 0 && Math.abs(v) < 1e-4) {
      return String.format(Locale.ROOT, "%.3e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
