package dev.shadowpipeline.drift.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which segment each row of a dataset belongs to, and what it takes to cut the dataset's columns by segment without
 * reading it again: the segment's code per row, the rows where each numeric column has no value (its values skip
 * them), and each label column's counts per segment. Built by the readers when {@link ReadOptions#segmentColumn()} is
 * set; {@link #slice} then copies only one segment group's values.
 *
 * <p>Memory: 4 bytes per row for the codes, one bit per row for a numeric column with missing values (none without),
 * and each label column's counts once per segment. Immutable once built; the arrays handed in are owned by it.
 */
public final class RowSegments {

  private final String column;
  private final List<String> values;
  private final int[] rowCodes;
  private final long[] rowsPerCode;
  private final Map<String, BitSet> missingRows;
  private final Map<String, LabelColumn[]> labelsByCode;

  /**
   * @param column the segment column
   * @param values the segment values by code; null for the missing value
   * @param rowCodes each row's code, one per row of the dataset; owned by this object
   * @param missingRows per numeric column with missing cells, the rows without a value (its values are the other
   *     rows', in row order); a numeric column not here has a value in every row
   * @param labelsByCode per label column, its counts in each segment, indexed by code (null where the segment has no
   *     value in that column); owned by this object
   */
  public RowSegments(
      String column,
      List<String> values,
      int[] rowCodes,
      Map<String, BitSet> missingRows,
      Map<String, LabelColumn[]> labelsByCode) {
    this.column = Objects.requireNonNull(column, "column");
    this.values = Collections.unmodifiableList(new ArrayList<>(values));
    this.rowCodes = Objects.requireNonNull(rowCodes, "rowCodes");
    this.missingRows = Map.copyOf(missingRows);
    this.labelsByCode = Map.copyOf(labelsByCode);
    this.rowsPerCode = new long[values.size()];
    for (int code : rowCodes) {
      if (!(code >= 0 && code < rowsPerCode.length)) {
        throw new IllegalArgumentException(
            "a row's code must be one of the " + rowsPerCode.length + " values: " + code);
      }
      rowsPerCode[code]++;
    }
    this.labelsByCode.forEach(
        (name, byCode) -> {
          if (byCode.length != rowsPerCode.length) {
            throw new IllegalArgumentException(
                "column '" + name + "': one label count per segment value, not " + byCode.length);
          }
        });
  }

  /** The same segments with the per-segment counts of the named label columns changed by {@code change}. */
  RowSegments withLabelColumns(Set<String> names, UnaryOperator<LabelColumn> change) {
    Map<String, LabelColumn[]> labels = new HashMap<>(labelsByCode);
    for (String name : names) {
      LabelColumn[] byCode = labels.get(name);
      if (byCode == null) {
        continue;
      }
      LabelColumn[] changed = new LabelColumn[byCode.length];
      for (int code = 0; code < byCode.length; code++) {
        changed[code] = byCode[code] == null ? null : change.apply(byCode[code]);
      }
      labels.put(name, changed);
    }
    return new RowSegments(column, values, rowCodes, missingRows, labels);
  }

  /**
   * The same rows with each segment value renamed by {@code rename} (null, the missing value, stays null); values
   * that get the same name become one segment, its label counts summed, in the order of their first code.
   */
  RowSegments withValues(UnaryOperator<String> rename) {
    Map<String, Integer> newCodes = new LinkedHashMap<>();
    List<String> renamed = new ArrayList<>();
    int[] target = new int[values.size()];
    for (int code = 0; code < target.length; code++) {
      String value = values.get(code) == null ? null : rename.apply(values.get(code));
      Integer known = newCodes.get(value);
      if (known == null) {
        known = renamed.size();
        newCodes.put(value, known);
        renamed.add(value);
      }
      target[code] = known;
    }
    if (renamed.size() == values.size()) {
      return new RowSegments(column, renamed, rowCodes, missingRows, labelsByCode);
    }
    int[] codes = new int[rowCodes.length];
    for (int row = 0; row < codes.length; row++) {
      codes[row] = target[rowCodes[row]];
    }
    Map<String, LabelColumn[]> labels = new HashMap<>();
    for (String name : labelsByCode.keySet()) {
      LabelColumn[] merged = new LabelColumn[renamed.size()];
      for (int to = 0; to < merged.length; to++) {
        List<Integer> from = new ArrayList<>();
        long rows = 0;
        for (int code = 0; code < target.length; code++) {
          if (target[code] == to) {
            from.add(code);
            rows += rowsPerCode[code];
          }
        }
        merged[to] = labels(name, from.stream().mapToInt(Integer::intValue).toArray(), rows);
      }
      labels.put(name, merged);
    }
    return new RowSegments(column, renamed, codes, missingRows, labels);
  }

  /** The segment column. */
  public String column() {
    return column;
  }

  /** The segment values by code (null for rows without a value in the segment column). */
  public List<String> values() {
    return values;
  }

  /** Rows of the dataset. */
  public int rows() {
    return rowCodes.length;
  }

  /** Rows whose segment has this code. */
  public long rows(int code) {
    return rowsPerCode[code];
  }

  /**
   * The rows of the given segments as a dataset of their own: every column of {@code whole} except the segment
   * column, with only those rows' values (copied; {@code whole} is not changed). Columns of a kind that cannot be cut
   * by rows are left out.
   *
   * @param whole the dataset these segments were read with
   * @param codes the segments to take, each once
   * @param source the slice's name, for messages
   */
  public Dataset slice(Dataset whole, int[] codes, String source) {
    if (whole.rows() != rowCodes.length) {
      throw new IllegalArgumentException(
          "segments of " + rowCodes.length + " rows cannot cut " + whole.rows() + " rows");
    }
    boolean[] chosen = new boolean[values.size()];
    long rows = 0;
    for (int code : codes) {
      chosen[code] = true;
      rows += rowsPerCode[code];
    }
    int[] groupRows = rowsOf(chosen, (int) rows);
    Map<String, RawColumn> columns = new LinkedHashMap<>();
    for (RawColumn c : whole.columns().values()) {
      if (c.name().equals(column)) {
        continue; // constant within a segment: nothing to test
      }
      if (c instanceof NumericColumn n) {
        columns.put(c.name(), numbers(n, groupRows));
      } else if (c instanceof LabelColumn l && labelsByCode.containsKey(l.name())) {
        columns.put(c.name(), labels(l.name(), codes, rows));
      }
    }
    return new Dataset(source, columns, rows, 0, List.of());
  }

  private int[] rowsOf(boolean[] chosen, int count) {
    int[] out = new int[count];
    int k = 0;
    for (int row = 0; row < rowCodes.length; row++) {
      if (chosen[rowCodes[row]]) {
        out[k++] = row;
      }
    }
    return out;
  }

  /** The values of the group's rows: a numeric column's values skip its missing rows, so the index is shifted. */
  private NumericColumn numbers(NumericColumn n, int[] groupRows) {
    double[] all = n.values();
    BitSet missing = missingRows.get(n.name());
    if (missing == null) {
      if (all.length != rowCodes.length) {
        throw new IllegalStateException(
            "column '"
                + n.name()
                + "' has "
                + all.length
                + " values for "
                + rowCodes.length
                + " rows");
      }
      double[] out = new double[groupRows.length];
      for (int k = 0; k < groupRows.length; k++) {
        out[k] = all[groupRows[k]];
      }
      return new NumericColumn(n.name(), out, 0, n.integerLiterals(), n.inexactInteger());
    }
    double[] out = new double[groupRows.length];
    int present = 0;
    int missedBefore =
        0; // missing rows before the current one: its value's index is row - missedBefore
    int nextMissing = missing.nextSetBit(0);
    for (int row : groupRows) {
      while (nextMissing >= 0 && nextMissing < row) {
        missedBefore++;
        nextMissing = missing.nextSetBit(nextMissing + 1);
      }
      if (nextMissing == row) {
        continue;
      }
      out[present++] = all[row - missedBefore];
    }
    return new NumericColumn(
        n.name(),
        present == out.length ? out : Arrays.copyOf(out, present),
        groupRows.length - present,
        n.integerLiterals(),
        n.inexactInteger());
  }

  private LabelColumn labels(String name, int[] codes, long rows) {
    LabelColumn[] byCode = labelsByCode.get(name);
    if (codes.length == 1) {
      LabelColumn one = byCode[codes[0]];
      return one != null ? one : new LabelColumn(name, List.of(), new long[0], rows);
    }
    Map<String, long[]> sums = new HashMap<>();
    long present = 0;
    for (int code : codes) {
      LabelColumn part = byCode[code];
      if (part == null) {
        continue;
      }
      for (int i = 0; i < part.labels().size(); i++) {
        sums.computeIfAbsent(part.labels().get(i), k -> new long[1])[0] += part.counts()[i];
        present += part.counts()[i];
      }
    }
    List<String> labels = new ArrayList<>(sums.keySet());
    labels.sort(null);
    long[] counts = new long[labels.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = sums.get(labels.get(i))[0];
    }
    return new LabelColumn(name, labels, counts, rows - present);
  }
}
