package dev.shadowpipeline.drift.column;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evidently's typing rule, case by case. */
class ColumnTypingTest {

  static List<Arguments> cases() {
    double[] tenInts = IntStream.range(0, 100).mapToDouble(i -> i % 10).toArray();
    double[] elevenInts = IntStream.range(0, 100).mapToDouble(i -> i % 11).toArray();
    return List.of(
        Arguments.of(
            "float", new NumericColumn("x", new double[] {1.5, 2.5}, 0, false), ColumnType.NUMERIC),
        Arguments.of(
            "integer, 10 distinct",
            new NumericColumn("x", tenInts, 0, true),
            ColumnType.CATEGORICAL),
        Arguments.of(
            "integer, 11 distinct",
            new NumericColumn("x", elevenInts, 0, true),
            ColumnType.NUMERIC),
        Arguments.of(
            "integer with a gap is float in pandas",
            new NumericColumn("x", tenInts, 1, true),
            ColumnType.NUMERIC),
        Arguments.of(
            "float with few values",
            new NumericColumn("x", new double[] {1, 2}, 0, false),
            ColumnType.NUMERIC),
        Arguments.of("bool", labels(List.of("False", "True"), 1, 1), ColumnType.CATEGORICAL),
        Arguments.of(
            "strings, half distinct", labels(List.of("a", "b"), 1, 3), ColumnType.CATEGORICAL),
        Arguments.of(
            "strings, most distinct", labels(List.of("a", "b", "c"), 1, 1, 2), ColumnType.TEXT),
        Arguments.of("strings, all distinct", labels(List.of("a", "b"), 1, 1), ColumnType.TEXT));
  }

  private static LabelColumn labels(List<String> names, long... counts) {
    return new LabelColumn("x", names, counts, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void typesAsEvidentlyDoes(String name, RawColumn column, ColumnType expected) {
    assertThat(ColumnTyping.infer(column).type()).isEqualTo(expected);
  }
}
