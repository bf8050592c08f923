package dev.shadowpipeline.drift.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One boolean however it is cased. pandas' {@code read_csv} reads {@code true}, {@code True} and {@code TRUE} as one
 * value (and {@code false}, {@code False}, {@code FALSE} as the other), so a file written by one tool as {@code true}
 * and by another as {@code True} holds the same column; compared as text, every current value would be a new
 * category and the column would drift. A label column whose values on both sides are all among those six spellings is
 * given the values {@code true} and {@code false}; a column that also holds any other text (or another casing, such as
 * {@code tRUE}, which pandas leaves a string too) stays as written.
 */
public final class BooleanSpellings {

  private static final Map<String, String> CANONICAL =
      Map.of(
          "true", "true", "True", "true", "TRUE", "true", "false", "false", "False", "false",
          "FALSE", "false");

  private BooleanSpellings() {}

  /**
   * The pair with every label column that is boolean on both sides spelled {@code true}/{@code false}: its counts,
   * row order, row sample and segment counts; the pair itself when no column needs it.
   */
  public static DatasetPair unify(DatasetPair pair) {
    Set<String> names = new TreeSet<>();
    for (RawColumn column : pair.reference().columns().values()) {
      if (column instanceof LabelColumn ref
          && pair.current().columns().get(column.name()) instanceof LabelColumn cur
          && booleans(ref)
          && booleans(cur)
          && !(canonical(ref) && canonical(cur))) {
        names.add(column.name());
      }
    }
    boolean segments = booleanSegments(pair);
    if (names.isEmpty() && !segments) {
      return pair;
    }
    return new DatasetPair(
        unify(pair.reference(), names, segments), unify(pair.current(), names, segments));
  }

  /**
   * Whether both sides' segment columns hold only boolean spellings, not all of them canonical: {@code True} in the
   * reference and {@code true} in the current are one segment, as they are one value of a data column.
   */
  private static boolean booleanSegments(DatasetPair pair) {
    RowSegments ref = pair.reference().rowSegments();
    RowSegments cur = pair.current().rowSegments();
    if (ref == null || cur == null) {
      return false;
    }
    Set<String> values = new HashSet<>(ref.values());
    values.addAll(cur.values());
    values.remove(null);
    return !values.isEmpty()
        && CANONICAL.keySet().containsAll(values)
        && !CANONICAL.values().containsAll(values);
  }

  private static boolean booleans(LabelColumn column) {
    return CANONICAL.keySet().containsAll(column.labels());
  }

  private static boolean canonical(LabelColumn column) {
    return CANONICAL.values().containsAll(column.labels());
  }

  private static Dataset unify(Dataset data, Set<String> names, boolean segments) {
    Map<String, RawColumn> columns = new LinkedHashMap<>(data.columns());
    for (String name : names) {
      columns.put(name, unify((LabelColumn) columns.get(name)));
    }
    List<RowSample.Cells> cells = new ArrayList<>();
    for (RowSample.Cells c : data.rowSample().columns()) {
      cells.add(c instanceof RowSample.Labels l && names.contains(l.name()) ? unify(l) : c);
    }
    RowSample sample =
        data.rowSample().rows() == 0
            ? data.rowSample()
            : new RowSample(data.rowSample().rows(), cells);
    RowSegments rowSegments =
        data.rowSegments() == null
            ? null
            : data.rowSegments().withLabelColumns(names, BooleanSpellings::unify);
    if (segments) {
      rowSegments = rowSegments.withValues(CANONICAL::get);
    }
    return new Dataset(
        data.source(),
        columns,
        data.rows(),
        data.badRowCount(),
        data.badRows(),
        data.skippedColumns(),
        sample,
        rowSegments,
        data.sourceColumns());
  }

  /** The column with its spellings merged into {@code false} and {@code true} (in that, their natural, order). */
  static LabelColumn unify(LabelColumn column) {
    List<String> labels = List.copyOf(new TreeSet<>(spelled(column.labels())));
    long[] counts = new long[labels.size()];
    int[] target = new int[column.labels().size()];
    for (int i = 0; i < target.length; i++) {
      target[i] = labels.indexOf(CANONICAL.get(column.labels().get(i)));
      counts[target[i]] += column.counts()[i];
    }
    Optional<int[]> rows =
        column
            .rowLabels()
            .map(
                order -> {
                  int[] out = new int[order.length];
                  for (int k = 0; k < out.length; k++) {
                    out[k] = target[order[k]];
                  }
                  return out;
                });
    return new LabelColumn(column.name(), labels, counts, column.missing(), rows);
  }

  private static List<String> spelled(List<String> labels) {
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      out.add(CANONICAL.get(label));
    }
    return out;
  }

  private static RowSample.Labels unify(RowSample.Labels cells) {
    String[] values = new String[cells.values().length];
    for (int i = 0; i < values.length; i++) {
      String v = cells.values()[i];
      values[i] = v == null ? null : CANONICAL.get(v);
    }
    return new RowSample.Labels(cells.name(), values);
  }
}
