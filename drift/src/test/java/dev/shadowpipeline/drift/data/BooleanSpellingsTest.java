package dev.shadowpipeline.drift.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pandas' read_csv reads true/True/TRUE as one boolean and false/False/FALSE as the other; a column spelled one way
 * in the reference and another in the current file is the same column, not three new categories.
 */
class BooleanSpellingsTest {

  @TempDir Path dir;

  private Path csv(String name, String... rows) throws IOException {
    return Files.writeString(dir.resolve(name), "flag,region\n" + String.join("\n", rows) + "\n");
  }

  private static LabelColumn flag(Dataset d) {
    return (LabelColumn) d.column("flag").orElseThrow();
  }

  @Test
  void pandasCasingsOfOneBooleanAreOneValue() throws IOException {
    DatasetPair pair =
        DatasetReader.readPair(
            csv("ref.csv", "true,n", "true,s", "false,n", ",s"),
            csv("cur.csv", "True,n", "TRUE,s", "False,n", "FALSE,s", "true,n"),
            ReadOptions.DEFAULTS.withLabelOrder(true).withSegmentColumn("region"));
    LabelColumn ref = flag(pair.reference());
    LabelColumn cur = flag(pair.current());
    assertThat(ref.labels()).containsExactly("false", "true");
    assertThat(ref.counts()).containsExactly(1, 2);
    assertThat(ref.missing()).isEqualTo(1);
    assertThat(cur.labels()).containsExactly("false", "true");
    assertThat(cur.counts()).containsExactly(2, 3);
    // the row order tvd draws from, the row sample and the segments' counts follow
    assertThat(cur.rowLabels())
        .hasValueSatisfying(o -> assertThat(o).containsExactly(1, 1, 0, 0, 1));
    RowSample.Labels sampled =
        (RowSample.Labels) pair.current().rowSample().column("flag").orElseThrow();
    assertThat(sampled.values()).containsExactly("true", "true", "false", "false", "true");
    RowSegments segments = pair.current().segments().orElseThrow();
    int north = segments.values().indexOf("n");
    LabelColumn inNorth =
        (LabelColumn)
            segments.slice(pair.current(), new int[] {north}, "n").column("flag").orElseThrow();
    assertThat(inNorth.labels()).containsExactly("false", "true");
    assertThat(inNorth.counts()).containsExactly(1, 2);
    ColumnDrift compared =
        DriftEngine.standard(DriftOptions.DEFAULTS).compare(pair).columns().get(0);
    assertThat(compared.name()).isEqualTo("flag");
    assertThat(compared.newCategories()).isZero();
  }

  @Test
  void aSegmentColumnOfBooleanSpellingsIsTwoSegmentsOnBothSides() throws IOException {
    // segments by flag: True and true are one segment, as they are one value of a data column;
    // the region counts of the merged segment are summed
    DatasetPair pair =
        DatasetReader.readPair(
            csv("ref.csv", "True,n", "false,s", "TRUE,s", "true,n", ",n"),
            csv("cur.csv", "true,n", "FALSE,s", "False,n"),
            ReadOptions.DEFAULTS.withSegmentColumn("flag"));
    RowSegments ref = pair.reference().segments().orElseThrow();
    RowSegments cur = pair.current().segments().orElseThrow();
    assertThat(ref.values()).containsExactly("true", "false", null);
    assertThat(cur.values()).containsExactly("true", "false");
    assertThat(ref.rows(0)).isEqualTo(3);
    assertThat(ref.rows(2)).isEqualTo(1);
    assertThat(cur.rows(1)).isEqualTo(2);
    LabelColumn regions =
        (LabelColumn)
            ref.slice(pair.reference(), new int[] {0}, "t").column("region").orElseThrow();
    assertThat(regions.labels()).containsExactly("n", "s");
    assertThat(regions.counts()).containsExactly(2, 1);
    LabelColumn curFalse =
        (LabelColumn) cur.slice(pair.current(), new int[] {1}, "f").column("region").orElseThrow();
    assertThat(curFalse.labels()).containsExactly("n", "s");
    assertThat(curFalse.counts()).containsExactly(1, 1);

    // another casing (tRUE) or other text: the values stay as written
    DatasetPair other =
        DatasetReader.readPair(
            csv("ref2.csv", "True,n", "tRUE,s"),
            csv("cur2.csv", "true,n"),
            ReadOptions.DEFAULTS.withSegmentColumn("flag"));
    assertThat(other.reference().segments().orElseThrow().values()).containsExactly("True", "tRUE");
  }

  @Test
  void otherTextOrOtherCasingsStayAsWritten() throws IOException {
    // "maybe" makes the column text for pandas too; "tRUE" is no boolean spelling of pandas
    DatasetPair withText =
        DatasetReader.readPair(
            csv("ref.csv", "true,n", "maybe,s"),
            csv("cur.csv", "True,n", "False,s"),
            ReadOptions.DEFAULTS);
    assertThat(flag(withText.reference()).labels()).containsExactly("maybe", "true");
    assertThat(flag(withText.current()).labels()).containsExactly("False", "True");
    DatasetPair oddCase =
        DatasetReader.readPair(
            csv("ref2.csv", "true,n", "false,s"),
            csv("cur2.csv", "tRUE,n", "False,s"),
            ReadOptions.DEFAULTS);
    assertThat(flag(oddCase.current()).labels()).containsExactly("False", "tRUE");
  }

  @Test
  void canonicalColumnsAreLeftAlone() throws IOException {
    DatasetPair pair =
        DatasetReader.readPair(
            csv("ref.csv", "true,n", "false,s"),
            csv("cur.csv", "false,n", "false,s"),
            ReadOptions.DEFAULTS);
    assertThat(BooleanSpellings.unify(pair)).isSameAs(pair);
  }
}
