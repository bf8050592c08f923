package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.engine.Histogram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the report labels the engine's histogram bars; the strings are those the engine used to produce itself. */
class HistogramLabelsTest {

  private static Histogram.Bins bins(double... edges) {
    return new Histogram.Bins(edges, new double[edges.length - 1], new double[edges.length - 1]);
  }

  @Test
  void numericBinsReadFromEdgeToEdge() {
    assertThat(HistogramLabels.of(bins(0, 4.95, 9.9, 14.850000000000001)))
        .containsExactly("0 – 4.95", "4.95 – 9.9", "9.9 – 14.85");
    assertThat(HistogramLabels.of(bins(13.96, 15.5651, 17.1702)))
        .containsExactly("13.96 – 15.57", "15.57 – 17.17");
    assertThat(HistogramLabels.of(bins(0.0004, 0.0021, 1.5e6 + 0.5)))
        .containsExactly("0.0004 – 0.0021", "0.0021 – 1,500,001");
  }

  @Test
  void salariesReadAsMoneyNotAsScientificNotation() {
    // the demo's salary bins printed "1.314e+04 – 1.689e+04" (issue 17)
    assertThat(HistogramLabels.of(bins(19940.3, 24013.9, 1.0140e5, 2.5e6)))
        .containsExactly("19,940 – 24,014", "24,014 – 101,400", "101,400 – 2,500,000");
    assertThat(HistogramLabels.of(bins(5e8, 999_999_999.0, 2.5e9)))
        .containsExactly("500,000,000 – 999,999,999", "999,999,999 – 2.500e+09");
    assertThat(HistogramLabels.of(bins(-0.0000004, 0.25, 0.5)))
        .containsExactly("-4.000e-07 – 0.25", "0.25 – 0.5");
  }

  @Test
  void edgesKeepTheirSignificantZeros() {
    // "%.4g" then stripping every trailing zero printed 1000.4 as "1" and 2000.25 as "2"
    assertThat(HistogramLabels.of(bins(1000.4, 2000.25, 3000.5)))
        .containsExactly("1,000 – 2,000", "2,000 – 3,001");
    assertThat(HistogramLabels.of(bins(0.5, 10.25, 100.0)))
        .containsExactly("0.5 – 10.25", "10.25 – 100");
  }

  @Test
  void aSingleBinIsItsLowerEdge() {
    assertThat(HistogramLabels.of(bins(2.5, 2.5))).containsExactly("2.5");
    assertThat(HistogramLabels.of(bins(-0.00271, -0.00271))).containsExactly("-0.00271");
  }

  @Test
  void categoriesAreTheirNamesThenTheRestSummed() {
    double[] four = new double[4];
    assertThat(
            HistogramLabels.of(
                new Histogram.Categories(List.of("cat5", "cat12", "cat27"), 31, four, four)))
        .containsExactly("cat5", "cat12", "cat27", "(other 31)");
    double[] two = new double[2];
    assertThat(HistogramLabels.of(new Histogram.Categories(List.of("a", "b"), 0, two, two)))
        .containsExactly("a", "b");
    assertThat(HistogramLabels.of(Histogram.empty())).isEmpty();
  }
}
