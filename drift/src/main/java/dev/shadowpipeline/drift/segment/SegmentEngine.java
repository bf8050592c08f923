package dev.shadowpipeline.drift.segment;

import dev.shadowpipeline.drift.column.TypeDecision;
import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.RowSegments;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a reference and a current dataset segment by segment, after the whole: each segment's rows are cut from the
 * datasets as read ({@link RowSegments#slice}, one segment at a time, so memory holds the whole plus one segment) and
 * compared by the same {@link DriftEngine} — the same tests, thresholds, missing-share rule and drift share — with
 * every column typed as in the whole, so that a column is not numeric in one region and categorical in the next. The
 * default test is chosen per segment by Evidently's rule on the segment's rows, as Evidently would on the filtered
 * data. The segment column itself is not tested within a segment.
 *
 * <p>Segments are ranked by reference rows (then current rows, then value); the first
 * {@link SegmentOptions#maxSegments()} are compared one by one, the rest together as "other". A segment with rows on
 * one side only, or fewer than {@link SegmentOptions#minRows()} on a side, is reported with its counts and no verdict.
 *
 * <pre>{@code
 * SegmentedDrift bySegment = new SegmentEngine(engine).compare(reference, current, whole, SegmentOptions.of("region"));
 * }</pre>
 */
public final class SegmentEngine {

  /** Values of "other" named in results; the count says how many there are. */
  static final int OTHER_EXAMPLES = 20;

  private final DriftEngine engine;

  public SegmentEngine(DriftEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Compares the datasets per segment.
   *
   * @param reference the reference, read with the segment column ({@link Dataset#segments()})
   * @param current the current data, read the same way
   * @param whole the engine's result on the whole datasets: its column types are kept in every segment
   * @throws IllegalArgumentException when a dataset was read without the segment column
   */
  public SegmentedDrift compare(
      Dataset reference, Dataset current, DriftResult whole, SegmentOptions options) {
    RowSegments ref = segments(reference, options, "reference");
    RowSegments cur = segments(current, options, "current");
    Map<String, TypeDecision> types = new HashMap<>();
    for (ColumnDrift c : whole.columns()) {
      types.put(c.name(), new TypeDecision(c.type(), c.typeReason()));
    }
    List<Value> ranked = rank(ref, cur);
    List<SegmentDrift> out = new ArrayList<>();
    int kept = Math.min(options.maxSegments(), ranked.size());
    for (Value v : ranked.subList(0, kept)) {
      out.add(
          compare(
              reference, current, ref, cur, List.of(v), v.value, false, types, options, v.label()));
    }
    if (ranked.size() > kept) {
      out.add(
          compare(
              reference,
              current,
              ref,
              cur,
              ranked.subList(kept, ranked.size()),
              null,
              true,
              types,
              options,
              "other"));
    }
    return new SegmentedDrift(options, ranked.size(), out);
  }

  private static RowSegments segments(Dataset d, SegmentOptions options, String side) {
    RowSegments s =
        d.segments()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the " + side + " data was read without a segment column"));
    if (!s.column().equals(options.column())) {
      throw new IllegalArgumentException(
          "the "
              + side
              + " data was split by '"
              + s.column()
              + "', not '"
              + options.column()
              + "'");
    }
    return s;
  }

  private SegmentDrift compare(
      Dataset reference,
      Dataset current,
      RowSegments ref,
      RowSegments cur,
      List<Value> group,
      String value,
      boolean other,
      Map<String, TypeDecision> types,
      SegmentOptions options,
      String name) {
    long refRows = 0;
    long curRows = 0;
    List<Integer> refCodes = new ArrayList<>();
    List<Integer> curCodes = new ArrayList<>();
    List<String> examples = new ArrayList<>();
    for (Value v : group) {
      refRows += v.refRows;
      curRows += v.curRows;
      if (v.refCode >= 0) {
        refCodes.add(v.refCode);
      }
      if (v.curCode >= 0) {
        curCodes.add(v.curCode);
      }
      if (other && examples.size() < OTHER_EXAMPLES) {
        examples.add(v.value);
      }
    }
    int values = group.size();
    if (refRows == 0 || curRows == 0) {
      SegmentStatus status =
          refRows == 0 ? SegmentStatus.ONLY_IN_CURRENT : SegmentStatus.ONLY_IN_REFERENCE;
      String detail =
          "no rows in the "
              + (refRows == 0 ? "reference" : "current data")
              + ": nothing to compare";
      return new SegmentDrift(
          value, other, values, examples, refRows, curRows, status, detail, null);
    }
    if (refRows < options.minRows() || curRows < options.minRows()) {
      String detail =
          refRows
              + " reference and "
              + curRows
              + " current rows; a segment is tested from "
              + options.minRows()
              + " rows a side";
      return new SegmentDrift(
          value, other, values, examples, refRows, curRows, SegmentStatus.TOO_SMALL, detail, null);
    }
    String tag = " [" + options.column() + "=" + name + "]";
    Dataset refSlice = ref.slice(reference, toArray(refCodes), reference.source() + tag);
    Dataset curSlice = cur.slice(current, toArray(curCodes), current.source() + tag);
    DriftResult result = engine.compare(refSlice, curSlice, types);
    SegmentStatus status =
        switch (result.status()) {
          case OK -> SegmentStatus.OK;
          case INCOMPLETE -> SegmentStatus.INCOMPLETE;
          case UNTESTABLE -> SegmentStatus.UNTESTABLE;
        };
    String detail =
        status == SegmentStatus.UNTESTABLE
            ? String.join("; ", result.problems("reference", "current"))
            : "";
    return new SegmentDrift(
        value, other, values, examples, refRows, curRows, status, detail, result);
  }

  private static int[] toArray(List<Integer> codes) {
    return codes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Every segment value of either side with its codes and rows, largest reference segments first. */
  private static List<Value> rank(RowSegments ref, RowSegments cur) {
    Map<String, Value> byValue = new LinkedHashMap<>(); // null is the missing value
    for (int code = 0; code < ref.values().size(); code++) {
      Value v = byValue.computeIfAbsent(ref.values().get(code), Value::new);
      v.refCode = code;
      v.refRows = ref.rows(code);
    }
    for (int code = 0; code < cur.values().size(); code++) {
      Value v = byValue.computeIfAbsent(cur.values().get(code), Value::new);
      v.curCode = code;
      v.curRows = cur.rows(code);
    }
    List<Value> ranked = new ArrayList<>(byValue.values());
    ranked.sort(
        Comparator.comparingLong((Value v) -> -v.refRows)
            .thenComparingLong(v -> -v.curRows)
            .thenComparing(v -> v.value, Comparator.nullsLast(Comparator.naturalOrder())));
    return ranked;
  }

  /** One segment value and where it is on each side (code -1: not there). */
  private static final class Value {
    final String value;
    int refCode = -1;
    int curCode = -1;
    long refRows;
    long curRows;

    Value(String value) {
      this.value = value;
    }

    String label() {
      return value == null ? "(missing)" : value;
    }
  }
}
