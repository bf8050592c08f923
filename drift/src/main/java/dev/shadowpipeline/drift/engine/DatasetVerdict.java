package dev.shadowpipeline.drift.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The dataset-level decision over the column results: which columns count, the share, the verdict, the status and
 * the problems. Separate from the statistics: nothing here looks at a value, only at column statuses and verdicts.
 */
final class DatasetVerdict {

  /** Most column names listed inside one problem line; the rest are counted. */
  static final int NAMES_SHOWN = 10;

  private DatasetVerdict() {}

  /** Why nothing could be judged. */
  private enum Untestable {
    /** A dataset has no data rows. */
    NO_ROWS,
    /** No column is in both datasets (e.g. every column renamed). */
    NO_COMMON_COLUMN,
    /** Columns are in both, but none could be tested and none drifted without a test. */
    NOTHING_JUDGED
  }

  static DriftResult decide(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      double driftShareThreshold,
      OptionalDouble missingShareThreshold,
      Compat compat) {
    List<String> problems =
        problems(
            reference,
            current,
            columns,
            "reference " + reference.source(),
            "current " + current.source());
    if (untestable(reference, current, columns) != null) {
      return new DriftResult(
          reference,
          current,
          columns,
          driftShareThreshold,
          missingShareThreshold,
          0,
          List.of(),
          Double.NaN,
          false,
          DatasetStatus.UNTESTABLE,
          problems,
          compat);
    }
    int counted = 0;
    List<String> drifted = new ArrayList<>();
    for (ColumnDrift c : columns) {
      if (c.counted()) {
        counted++;
        if (c.drifted()) {
          drifted.add(c.name());
        }
      }
    }
    // not untestable, so at least one column in both datasets was counted
    double share = (double) drifted.size() / counted;
    // Evidently: dataset drift when the share of drifted columns reaches drift_share
    boolean drift = share >= driftShareThreshold;
    return new DriftResult(
        reference,
        current,
        columns,
        driftShareThreshold,
        missingShareThreshold,
        counted,
        drifted,
        share,
        drift,
        problems.isEmpty() ? DatasetStatus.OK : DatasetStatus.INCOMPLETE,
        problems,
        compat);
  }

  private static Untestable untestable(
      DatasetSummary reference, DatasetSummary current, List<ColumnDrift> columns) {
    if (reference.rows() == 0 || current.rows() == 0) {
      return Untestable.NO_ROWS;
    }
    List<ColumnDrift> inBoth = inBoth(columns);
    if (inBoth.isEmpty()) {
      return Untestable.NO_COMMON_COLUMN;
    }
    return inBoth.stream().anyMatch(ColumnDrift::counted) ? null : Untestable.NOTHING_JUDGED;
  }

  /**
   * One line per problem, naming the datasets as given. An untestable pair gets exactly one line, saying why; a
   * judged pair gets one line per reference column missing from the current data and per column not judged.
   */
  static List<String> problems(
      DatasetSummary reference,
      DatasetSummary current,
      List<ColumnDrift> columns,
      String referenceName,
      String currentName) {
    Untestable untestable = untestable(reference, current, columns);
    if (untestable != null) {
      return List.of(
          switch (untestable) {
            case NO_ROWS -> noRows(reference, current, referenceName, currentName);
            case NO_COMMON_COLUMN ->
                "no column of "
                    + referenceName
                    + " is in "
                    + currentName
                    + " (reference: "
                    + names(columns, ColumnStatus.ONLY_IN_REFERENCE)
                    + "; current: "
                    + names(columns, ColumnStatus.ONLY_IN_CURRENT)
                    + ")"
                    + firstAlike(columns);
            case NOTHING_JUDGED -> nothingJudged(columns, referenceName, currentName);
          });
    }
    List<String> lines = new ArrayList<>();
    for (ColumnDrift c : columns) {
      if (c.status() == ColumnStatus.ONLY_IN_REFERENCE) {
        lines.add(
            "column '"
                + c.name()
                + "' of "
                + referenceName
                + " is missing from "
                + currentName
                + " (counted as drifted"
                + alikeNote(c.name(), columns)
                + ")");
      } else if (c.status() != ColumnStatus.ONLY_IN_CURRENT && !c.counted()) {
        lines.add(
            "column '" + c.name() + "' was not tested (" + c.status().label() + "): " + c.detail());
      }
    }
    return lines;
  }

  // "Age" for "age", "income " for "income": a renamed export more often than a vanished column
  private static String spelledAlike(String missing, List<ColumnDrift> columns) {
    for (ColumnDrift c : columns) {
      if (c.status() == ColumnStatus.ONLY_IN_CURRENT
          && c.name().strip().equalsIgnoreCase(missing.strip())) {
        return c.name();
      }
    }
    return null;
  }

  private static String alikeNote(String missing, List<ColumnDrift> columns) {
    String alike = spelledAlike(missing, columns);
    return alike == null ? "" : "; it has '" + alike + "': the same name but for case or blanks";
  }

  private static String firstAlike(List<ColumnDrift> columns) {
    for (ColumnDrift c : columns) {
      if (c.status() == ColumnStatus.ONLY_IN_REFERENCE) {
        String alike = spelledAlike(c.name(), columns);
        if (alike != null) {
          return ": '"
              + c.name()
              + "' and '"
              + alike
              + "' are the same name but for case or blanks";
        }
      }
    }
    return "";
  }

  private static String noRows(
      DatasetSummary reference, DatasetSummary current, String referenceName, String currentName) {
    List<String> parts = new ArrayList<>();
    if (reference.rows() == 0) {
      parts.add(referenceName + ": " + noRowsBecause(reference));
    }
    if (current.rows() == 0) {
      parts.add(currentName + ": " + noRowsBecause(current));
    }
    return String.join("; ", parts) + "; nothing to compare";
  }

  private static String noRowsBecause(DatasetSummary d) {
    if (d.badRowCount() > 0) {
      return "no data rows (all " + d.badRowCount() + " rows were bad and skipped)";
    }
    return d.columns() > 0 ? "no data rows (only a header)" : "no data rows";
  }

  private static String nothingJudged(
      List<ColumnDrift> columns, String referenceName, String currentName) {
    List<ColumnDrift> inBoth = inBoth(columns);
    List<String> reasons = new ArrayList<>();
    for (ColumnDrift c : inBoth.subList(0, Math.min(inBoth.size(), NAMES_SHOWN))) {
      reasons.add(
          c.name()
              + " ("
              + c.status().label()
              + (c.detail().isEmpty() ? "" : ": " + c.detail())
              + ")");
    }
    String more =
        inBoth.size() > NAMES_SHOWN ? ", and " + (inBoth.size() - NAMES_SHOWN) + " more" : "";
    return "none of the "
        + inBoth.size()
        + " column"
        + (inBoth.size() == 1 ? "" : "s")
        + " in both "
        + referenceName
        + " and "
        + currentName
        + " could be tested: "
        + String.join(", ", reasons)
        + more;
  }

  private static List<ColumnDrift> inBoth(List<ColumnDrift> columns) {
    return columns.stream()
        .filter(
            c ->
                c.status() != ColumnStatus.ONLY_IN_REFERENCE
                    && c.status() != ColumnStatus.ONLY_IN_CURRENT)
        .toList();
  }

  /** "a, b, c" or "a, b, ... (12 more)"; "(none)" when there are none. */
  private static String names(List<ColumnDrift> columns, ColumnStatus status) {
    List<String> names =
        columns.stream().filter(c -> c.status() == status).map(ColumnDrift::name).toList();
    if (names.isEmpty()) {
      return "(none)";
    }
    if (names.size() <= NAMES_SHOWN) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, NAMES_SHOWN))
        + ", ... ("
        + (names.size() - NAMES_SHOWN)
        + " more)";
  }
}
