package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentDrift;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What {@code shadow drift --segment-by} prints after the columns: one line per segment, then the segments' verdict. */
final class SegmentTable {

  /** Drifted columns named per segment; the report has them all. */
  private static final int COLUMNS_NAMED = 5;

  private SegmentTable() {}

  static void print(PrintWriter o, SegmentedDrift s) {
    o.printf(
        Locale.ROOT,
        "%nSegments by %s: %d value%s; %s%n",
        s.options().column(),
        s.distinctValues(),
        s.distinctValues() == 1 ? "" : "s",
        s.segments().stream().anyMatch(SegmentDrift::other)
            ? "the "
                + s.options().maxSegments()
                + " largest by reference rows compared one by one, the rest as other"
            : "each compared on its own rows");
    int width =
        Math.max(7, s.segments().stream().mapToInt(d -> d.label().length()).max().orElse(7));
    String row = "%-" + width + "s  %21s  %-17s  %-5s  %s%n";
    o.printf(Locale.ROOT, row, "Segment", "Rows ref -> cur", "Status", "Drift", "Drifted columns");
    for (SegmentDrift d : s.segments()) {
      String rows = String.format(Locale.ROOT, "%,d -> %,d", d.referenceRows(), d.currentRows());
      String columns;
      String drift;
      if (d.status().tested()) {
        DriftResult r = d.result();
        drift = d.drift() ? "YES" : "no";
        List<String> names = r.driftedColumns();
        columns =
            names.size()
                + " of "
                + r.countedColumns()
                + (names.isEmpty()
                    ? ""
                    : ": "
                        + String.join(", ", names.subList(0, Math.min(COLUMNS_NAMED, names.size())))
                        + (names.size() > COLUMNS_NAMED ? ", ..." : ""));
      } else {
        drift = "-";
        columns = "not tested: " + d.detail();
      }
      o.printf(Locale.ROOT, row, d.label(), rows, d.status().label(), drift, columns);
    }
    List<SegmentDrift> drifted = s.drifted();
    o.printf(
        Locale.ROOT,
        "Drift in %d of %d tested segments%s%s%n",
        drifted.size(),
        s.tested(),
        drifted.isEmpty()
            ? ""
            : " (" + String.join(", ", drifted.stream().map(SegmentDrift::label).toList()) + ")",
        s.untested().isEmpty() ? "" : "; " + s.untested().size() + " not tested");
    o.println("Segment Drift Detected: " + s.anyDrift());
  }
}
