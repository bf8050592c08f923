package dev.shadowpipeline.report.drift;

import dev.shadowpipeline.drift.engine.Histogram;
import java.util.ArrayList;
import java.util.List;

/** One label per bar of a column's {@link Histogram}, as the report's charts show them. */
final class HistogramLabels {

  private HistogramLabels() {}

  /** {@code 25 – 30.5} per numeric bin ({@code 25} for a single bin), or the category, then {@code (other 12)}. */
  static List<String> of(Histogram histogram) {
    List<String> labels = new ArrayList<>(histogram.bars());
    if (histogram instanceof Histogram.Bins bins) {
      double[] edges = bins.edges();
      for (int i = 0; i + 1 < edges.length; i++) {
        // a single bin is a constant column (or one bin asked for): its lower edge says it all
        labels.add(
            edges.length == 2
                ? Numbers.binEdge(edges[0])
                : Numbers.binEdge(edges[i]) + " – " + Numbers.binEdge(edges[i + 1]));
      }
    } else if (histogram instanceof Histogram.Categories categories) {
      labels.addAll(categories.names());
      if (categories.otherCategories() > 0) {
        labels.add("(other " + categories.otherCategories() + ")");
      }
    }
    return labels;
  }
}
