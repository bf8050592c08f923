package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.stattest.CategoricalPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The histograms the engine hands to reports: numbers and names only, labels are the report's. */
class ColumnHistogramsTest {

  @Test
  void numericBinsSpanBothSidesWithTheMaximumInTheLastBin() {
    Histogram.Bins h = ColumnHistograms.numeric(new double[] {0, 1, 2, 3}, new double[] {3, 4}, 4);
    assertThat(h.edges()).containsExactly(0, 1, 2, 3, 4);
    assertThat(h.reference()).containsExactly(0.25, 0.25, 0.25, 0.25);
    assertThat(h.current()).containsExactly(0, 0, 0, 1);
    // edges are min + i * width, the same doubles the bins were counted with
    Histogram.Bins odd = ColumnHistograms.numeric(new double[] {0.1}, new double[] {1.0}, 3);
    double width = (1.0 - 0.1) / 3;
    assertThat(odd.edges()).containsExactly(0.1, 0.1 + width, 0.1 + 2 * width, 0.1 + 3 * width);
  }

  @Test
  void aConstantColumnHasOneBinWithEqualEdges() {
    Histogram.Bins h = ColumnHistograms.numeric(new double[] {2.5, 2.5}, new double[] {2.5}, 20);
    assertThat(h.edges()).containsExactly(2.5, 2.5);
    assertThat(h.reference()).containsExactly(1.0);
    assertThat(h.current()).containsExactly(1.0);
  }

  @Test
  void theMostFrequentCategoriesKeepTheirOrderAndTheRestAreSummed() {
    CategoricalPair pair =
        new CategoricalPair(
            List.of("a", "b", "c", "d"), new long[] {1, 5, 0, 4}, new long[] {1, 3, 4, 2});
    Histogram.Categories h = ColumnHistograms.categorical(pair, 2);
    // b (5/10 + 3/10) and d (4/10 + 2/10) lead c (0 + 4/10) and a (1/10 + 1/10); shown in column
    // order
    assertThat(h.names()).containsExactly("b", "d");
    assertThat(h.otherCategories()).isEqualTo(2);
    assertThat(h.reference()).containsExactly(0.5, 0.4, 0.1);
    assertThat(h.current()).containsExactly(0.3, 0.2, 0.5);
    Histogram.Categories all = ColumnHistograms.categorical(pair, 20);
    assertThat(all.names()).containsExactly("a", "b", "c", "d");
    assertThat(all.otherCategories()).isZero();
    assertThat(all.bars()).isEqualTo(4);
  }

  @Test
  void numbersComparedAsCategoriesAreNamedExactly() {
    // two different numbers are two categories: rounding for display once merged 0.12341 and
    // 0.12342
    assertThat(ColumnComparison.categoryName(0.12341)).isEqualTo("0.12341");
    assertThat(ColumnComparison.categoryName(0.12342)).isEqualTo("0.12342");
    assertThat(ColumnComparison.categoryName(1000.4)).isEqualTo("1000.4");
    assertThat(ColumnComparison.categoryName(3.0)).isEqualTo("3");
    assertThat(ColumnComparison.categoryName(-2.5)).isEqualTo("-2.5");
    assertThat(ColumnComparison.categoryName(1.5e-9)).isEqualTo("1.5E-9");
  }
}
