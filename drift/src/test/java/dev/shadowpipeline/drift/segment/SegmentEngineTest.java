package dev.shadowpipeline.drift.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drift per segment on real files: a planted drift in one segment, the bound, one-sided and too-small segments. */
class SegmentEngineTest {

  private static final DriftEngine ENGINE = DriftEngine.standard(DriftOptions.DEFAULTS);

  @TempDir Path dir;

  /** Rows of a CSV file with columns region, x (numeric), y (categorical), n (integers 0..49). */
  private static final class Rows {
    final List<String> lines = new ArrayList<>();

    void add(Random random, String region, int count, double xShift) {
      for (int i = 0; i < count; i++) {
        lines.add(row(random, region, xShift));
      }
    }

    static String row(Random random, String region, double xShift) {
      double x = random.nextGaussian() + xShift;
      String y = List.of("a", "b", "c").get(random.nextInt(3));
      return region + "," + x + "," + y + "," + random.nextInt(50);
    }

    Path write(Path file) throws IOException {
      Files.writeString(file, "region,x,y,n\n" + String.join("\n", lines) + "\n");
      return file;
    }
  }

  private DatasetPair read(Rows reference, Rows current) throws IOException {
    return DatasetReader.readPair(
        reference.write(dir.resolve("ref.csv")),
        current.write(dir.resolve("cur.csv")),
        ReadOptions.DEFAULTS.withSegmentColumn("region"));
  }

  private static SegmentedDrift bySegment(DatasetPair pair, SegmentOptions options) {
    DriftResult whole = ENGINE.compare(pair);
    return new SegmentEngine(ENGINE).compare(pair.reference(), pair.current(), whole, options);
  }

  private static SegmentDrift segment(SegmentedDrift s, String value) {
    return s.segments().stream()
        .filter(d -> !d.other() && value.equals(d.value()))
        .findFirst()
        .orElseThrow();
  }

  private static ColumnDrift column(DriftResult r, String name) {
    return r.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aDriftPlantedInOneSmallSegmentIsFoundThereAndNowhereElse() throws IOException {
    Random random = new Random(7);
    Rows reference = new Rows();
    reference.add(random, "north", 1400, 0);
    reference.add(random, "south", 1400, 0);
    reference.add(random, "east", 1000, 0);
    reference.add(random, "tiny", 200, 0);
    // the current data: the same rows of north, south and east, shuffled (no drift there by
    // construction), and a fresh sample of tiny with x shifted by 1.5 standard deviations
    Rows current = new Rows();
    List<String> same = new ArrayList<>(reference.lines.subList(0, 3800));
    Collections.shuffle(same, random);
    current.lines.addAll(same);
    current.add(random, "tiny", 200, 1.5);
    DatasetPair pair = read(reference, current);

    DriftResult whole = ENGINE.compare(pair);
    SegmentedDrift s = bySegment(pair, SegmentOptions.of("region"));

    // pooled over 4000 rows the shift moves 5% of x: Wasserstein (normed) about 0.075, under 0.1
    assertThat(column(whole, "x").drifted()).isFalse();
    assertThat(whole.drift()).isFalse();
    SegmentDrift tiny = segment(s, "tiny");
    assertThat(tiny.status()).isEqualTo(SegmentStatus.OK);
    assertThat(tiny.drift()).isTrue();
    assertThat(tiny.result().driftedColumns()).containsExactly("x");
    // 200 rows a side: Evidently's small-sample rule picks ks within the segment
    assertThat(column(tiny.result(), "x").result().test()).isEqualTo("ks");
    assertThat(column(tiny.result(), "x").result().score()).isLessThan(1e-10);
    for (String region : List.of("north", "south", "east")) {
      SegmentDrift d = segment(s, region);
      assertThat(d.status()).as(region).isEqualTo(SegmentStatus.OK);
      assertThat(d.drift()).as(region).isFalse();
      assertThat(d.result().driftedColumns()).as(region).isEmpty();
    }
    assertThat(s.drifted()).containsExactly(tiny);
    // largest reference segments first; the segment column is not tested within a segment
    assertThat(s.segments().stream().map(SegmentDrift::value).toList())
        .containsExactly("north", "south", "east", "tiny");
    assertThat(tiny.result().columns().stream().map(ColumnDrift::name).toList())
        .containsExactly("x", "y", "n");
    assertThat(tiny.referenceRows()).isEqualTo(200);
    assertThat(tiny.currentRows()).isEqualTo(200);
  }

  @Test
  void columnsKeepTheWholesTypeInEverySegment() throws IOException {
    Random random = new Random(1);
    Rows reference = new Rows();
    Rows current = new Rows();
    reference.add(random, "north", 500, 0);
    current.add(random, "north", 500, 0);
    // in 'few' n takes 3 values: inferred alone it would be categorical; in the whole it is numeric
    for (int i = 0; i < 60; i++) {
      reference.lines.add("few,0.5,a," + (i % 3));
      current.lines.add("few,0.5,a," + (i % 3));
    }
    DatasetPair pair = read(reference, current);
    SegmentedDrift s = bySegment(pair, SegmentOptions.of("region"));
    assertThat(column(ENGINE.compare(pair), "n").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(column(segment(s, "few").result(), "n").type()).isEqualTo(ColumnType.NUMERIC);
  }

  @Test
  void segmentsBeyondTheBoundAreComparedTogetherAsOther() throws IOException {
    Random random = new Random(2);
    Rows reference = new Rows();
    Rows current = new Rows();
    for (int r = 0; r < 25; r++) {
      reference.add(random, "r" + r, 100 + 10 * r, 0); // r24 is the largest
      current.add(random, "r" + r, 100, 0);
    }
    DatasetPair pair = read(reference, current);
    SegmentedDrift s = bySegment(pair, new SegmentOptions("region", 20, 30));
    assertThat(s.distinctValues()).isEqualTo(25);
    assertThat(s.segments()).hasSize(21);
    assertThat(s.segments().get(0).value()).isEqualTo("r24");
    assertThat(s.segments().get(19).value()).isEqualTo("r5");
    SegmentDrift other = s.segments().get(20);
    assertThat(other.other()).isTrue();
    assertThat(other.values()).isEqualTo(5);
    assertThat(other.label()).isEqualTo("other (5 values)");
    assertThat(other.examples()).containsExactly("r4", "r3", "r2", "r1", "r0");
    assertThat(other.referenceRows()).isEqualTo(100 + 110 + 120 + 130 + 140);
    assertThat(other.currentRows()).isEqualTo(500);
    assertThat(other.status()).isEqualTo(SegmentStatus.OK);
    assertThat(other.result().reference().rows()).isEqualTo(600);
  }

  @Test
  void oneSidedTooSmallAndUntestableSegmentsHaveNoVerdict() throws IOException {
    Random random = new Random(3);
    Rows reference = new Rows();
    Rows current = new Rows();
    reference.add(random, "north", 300, 0);
    current.add(random, "north", 300, 0);
    reference.add(random, "gone", 80, 5); // only in the reference, and shifted: still no verdict
    current.add(random, "new", 90, 5);
    reference.add(random, "rare", 10, 0);
    current.add(random, "rare", 50, 0);
    for (int i = 0; i < 40; i++) { // every value missing on both sides
      reference.lines.add("blank,,,");
      current.lines.add("blank,,,");
    }
    SegmentedDrift s = bySegment(read(reference, current), SegmentOptions.of("region"));

    SegmentDrift gone = segment(s, "gone");
    assertThat(gone.status()).isEqualTo(SegmentStatus.ONLY_IN_REFERENCE);
    assertThat(gone.referenceRows()).isEqualTo(80);
    assertThat(gone.currentRows()).isZero();
    assertThat(gone.drift()).isFalse();
    assertThat(gone.result()).isNull();
    SegmentDrift fresh = segment(s, "new");
    assertThat(fresh.status()).isEqualTo(SegmentStatus.ONLY_IN_CURRENT);
    assertThat(fresh.currentRows()).isEqualTo(90);
    assertThat(fresh.detail()).contains("no rows in the reference");
    SegmentDrift rare = segment(s, "rare");
    assertThat(rare.status()).isEqualTo(SegmentStatus.TOO_SMALL);
    assertThat(rare.detail())
        .isEqualTo("10 reference and 50 current rows; a segment is tested from 30 rows a side");
    SegmentDrift blank = segment(s, "blank");
    assertThat(blank.status()).isEqualTo(SegmentStatus.UNTESTABLE);
    assertThat(blank.drift()).isFalse();
    assertThat(blank.detail()).contains("every value is missing");
    assertThat(s.untested()).containsExactlyInAnyOrder(gone, fresh, rare, blank);
    assertThat(s.drifted()).isEmpty();
    // a lower minimum tests 'rare'
    SegmentedDrift lower = bySegment(read(reference, current), new SegmentOptions("region", 20, 5));
    assertThat(segment(lower, "rare").status()).isEqualTo(SegmentStatus.OK);
  }

  @Test
  void rowsWithoutASegmentValueAreASegmentOfTheirOwn() throws IOException {
    Random random = new Random(4);
    Rows reference = new Rows();
    Rows current = new Rows();
    reference.add(random, "north", 100, 0);
    current.add(random, "north", 100, 0);
    reference.add(random, "", 40, 0);
    current.add(random, "NA", 40, 3);
    SegmentedDrift s = bySegment(read(reference, current), SegmentOptions.of("region"));
    SegmentDrift missing =
        s.segments().stream().filter(SegmentDrift::missingValue).findFirst().orElseThrow();
    assertThat(missing.label()).isEqualTo("(missing)");
    assertThat(missing.referenceRows()).isEqualTo(40);
    assertThat(missing.currentRows()).isEqualTo(40);
    assertThat(missing.drift()).isTrue();
  }

  @Test
  void datasetsReadWithoutTheSegmentColumnAreRefused() throws IOException {
    Rows rows = new Rows();
    rows.add(new Random(5), "north", 50, 0);
    DatasetPair plain =
        DatasetReader.readPair(
            rows.write(dir.resolve("a.csv")),
            rows.write(dir.resolve("b.csv")),
            ReadOptions.DEFAULTS);
    DriftResult whole = ENGINE.compare(plain);
    assertThatThrownBy(
            () ->
                new SegmentEngine(ENGINE)
                    .compare(
                        plain.reference(), plain.current(), whole, SegmentOptions.of("region")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a segment column");
  }
}
