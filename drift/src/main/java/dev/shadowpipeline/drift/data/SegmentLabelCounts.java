package dev.shadowpipeline.drift.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** A label column read row by row, counted once per segment: what {@link RowSegments} cuts label columns with. */
final class SegmentLabelCounts {

  /** Up to this many segment × label cells, counts go to one dense array; beyond (text columns), to a sort. */
  private static final long DENSE_CELLS = 1 << 20;

  private SegmentLabelCounts() {}

  /**
   * The column's counts in each segment.
   *
   * @param name the column
   * @param labels each label's {count, id}
   * @param ids each present row's label id, in row order
   * @param missingRows the rows without a value
   * @param rowCodes each row's segment code
   * @param rowsPerCode rows per segment code
   * @return one column per code (missing = the segment's rows without a value)
   */
  static LabelColumn[] byCode(
      String name,
      Map<String, long[]> labels,
      IntBuffer ids,
      BitSet missingRows,
      int[] rowCodes,
      long[] rowsPerCode) {
    return byCode(name, labels, ids, missingRows, rowCodes, rowsPerCode, DENSE_CELLS);
  }

  /** The same, counting densely up to {@code denseCells} cells (tests take both ways). */
  static LabelColumn[] byCode(
      String name,
      Map<String, long[]> labels,
      IntBuffer ids,
      BitSet missingRows,
      int[] rowCodes,
      long[] rowsPerCode,
      long denseCells) {
    List<String> names = new ArrayList<>(labels.keySet());
    names.sort(null); // LabelColumn's order: the ranks below are positions in it
    int labelCount = names.size();
    int[] rankOfId = new int[labelCount];
    for (int rank = 0; rank < labelCount; rank++) {
      rankOfId[(int) labels.get(names.get(rank))[1]] = rank;
    }
    int[] idOfPresent = ids.toArray();
    int codes = rowsPerCode.length;
    LabelColumn[] out = new LabelColumn[codes];
    if ((long) codes * labelCount <= denseCells) {
      long[] counts = new long[codes * labelCount];
      int k = 0;
      for (int row = 0; row < rowCodes.length; row++) {
        if (!missingRows.get(row)) {
          counts[rowCodes[row] * labelCount + rankOfId[idOfPresent[k++]]]++;
        }
      }
      for (int code = 0; code < codes; code++) {
        List<String> present = new ArrayList<>();
        long[] n = new long[labelCount];
        int m = 0;
        long total = 0;
        for (int rank = 0; rank < labelCount; rank++) {
          long c = counts[code * labelCount + rank];
          if (c > 0) {
            present.add(names.get(rank));
            n[m++] = c;
            total += c;
          }
        }
        out[code] = new LabelColumn(name, present, Arrays.copyOf(n, m), rowsPerCode[code] - total);
      }
      return out;
    }
    // many distinct labels (text): sort (segment, label) keys instead of a segments × labels table
    long[] keys = new long[idOfPresent.length];
    int k = 0;
    for (int row = 0; row < rowCodes.length; row++) {
      if (!missingRows.get(row)) {
        keys[k] = ((long) rowCodes[row] << 32) | rankOfId[idOfPresent[k]];
        k++;
      }
    }
    Arrays.sort(keys);
    List<List<String>> present = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    int[] sizes = new int[codes];
    for (int code = 0; code < codes; code++) {
      present.add(new ArrayList<>());
      counts.add(new long[16]);
    }
    for (int i = 0; i < keys.length; ) {
      int j = i;
      while (j < keys.length && keys[j] == keys[i]) {
        j++;
      }
      int code = (int) (keys[i] >>> 32);
      int rank = (int) keys[i];
      present.get(code).add(names.get(rank));
      long[] n = counts.get(code);
      if (sizes[code] == n.length) {
        n = Arrays.copyOf(n, n.length * 2);
        counts.set(code, n);
      }
      n[sizes[code]++] = (long) j - i;
      i = j;
    }
    for (int code = 0; code < codes; code++) {
      long[] n = Arrays.copyOf(counts.get(code), sizes[code]);
      long total = 0;
      for (long c : n) {
        total += c;
      }
      out[code] = new LabelColumn(name, present.get(code), n, rowsPerCode[code] - total);
    }
    return out;
  }
}
