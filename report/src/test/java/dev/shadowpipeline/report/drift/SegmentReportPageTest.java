package dev.shadowpipeline.report.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import dev.shadowpipeline.drift.segment.SegmentEngine;
import dev.shadowpipeline.drift.segment.SegmentOptions;
import dev.shadowpipeline.drift.segment.SegmentedDrift;
import dev.shadowpipeline.report.html.ParsedPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's segments section parsed as a browser reads it, against {@code drift_report.json} of the same run: one
 * row per segment, a cell per column whose verdict is in its text, untested segments saying why, and a segment value
 * holding markup shown as text.
 */
class SegmentReportPageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLANTED = "<b>west</b>";

  @TempDir Path dir;

  private SegmentedDrift segments;
  private DriftResult whole;

  private void compare() throws IOException {
    Random random = new Random(9);
    List<String> ref = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    rows(ref, random, "north", 300, 0);
    rows(cur, random, "north", 300, 0);
    rows(ref, random, PLANTED, 100, 0);
    rows(cur, random, PLANTED, 100, 3); // x shifted by 3 sd: drifts
    rows(ref, random, "rare", 5, 0);
    rows(cur, random, "rare", 50, 0);
    Path r = dir.resolve("ref.csv");
    Path c = dir.resolve("cur.csv");
    Files.writeString(r, "region,x,y\n" + String.join("\n", ref) + "\n");
    Files.writeString(c, "region,x,y\n" + String.join("\n", cur) + "\n");
    DatasetPair pair =
        DatasetReader.readPair(r, c, ReadOptions.DEFAULTS.withSegmentColumn("region"));
    DriftEngine engine = DriftEngine.standard(DriftOptions.DEFAULTS);
    whole = engine.compare(pair);
    segments =
        new SegmentEngine(engine)
            .compare(pair.reference(), pair.current(), whole, SegmentOptions.of("region"));
  }

  private static void rows(List<String> out, Random random, String region, int n, double shift) {
    for (int i = 0; i < n; i++) {
      out.add(
          "\""
              + region
              + "\","
              + (random.nextGaussian() + shift)
              + ","
              + List.of("a", "b").get(random.nextInt(2)));
    }
  }

  @Test
  void oneRowPerSegmentWithTheVerdictInWords() throws IOException {
    compare();
    ParsedPage page = ParsedPage.parse(DriftReport.render(whole, segments)).assertLoadsNothing();
    JsonNode json = JSON.readTree(DriftJson.report(whole, segments)).get("segments");

    List<Element> rows = page.doc().select("#segments-table tbody tr");
    assertThat(rows).hasSize(json.get("segments").size()).hasSize(3);
    assertThat(rows.stream().map(e -> e.attr("data-segment")).toList())
        .containsExactly("north", PLANTED, "rare");
    assertThat(page.doc().select("#segments-table thead th").eachText())
        .containsExactly("Segment", "Rows (ref → cur)", "Verdict", "Drifted columns", "x", "y");

    Element west = rows.get(1);
    assertThat(west.child(0).ownText()).isEqualTo(PLANTED); // markup shown as text
    assertThat(west.select("td").get(2).text()).startsWith("✗ Drift");
    Element x = west.select("td").get(4);
    assertThat(x.hasClass("cell-drift")).isTrue();
    double p = json.get("segments").get(1).get("columns").get(0).get("p_value").asDouble();
    assertThat(x.text()).isEqualTo("✗ p=" + Numbers.score(p));
    assertThat(x.attr("title")).isEqualTo("ks p-value " + Numbers.score(p) + ", threshold 0.05");
    assertThat(west.select("td").get(5).text()).startsWith("✓ p=");

    Element north = rows.get(0);
    assertThat(north.select("td").get(2).text()).isEqualTo("✓ No drift");
    assertThat(north.select("td").get(3).text()).isEqualTo("0% (0 of 2)");

    Element rare = rows.get(2);
    assertThat(rare.attr("data-status")).isEqualTo("too_small");
    assertThat(rare.select("td").get(2).text())
        .contains("Not tested: too_small")
        .contains("5 reference and 50 current rows; a segment is tested from 30 rows a side");
    assertThat(rare.select("td").get(4).text()).isEqualTo("–");
    assertThat(json.get("segments").get(2).get("drift").isNull()).isTrue();

    JsonNode chart = page.data("segments-data");
    assertThat(chart.get("drifted").toString()).isEqualTo("[0,1,0]");
    assertThat(chart.get("healthy").toString()).isEqualTo("[2,1,0]");
    assertThat(chart.get("unjudged").toString()).isEqualTo("[0,0,2]");
    assertThat(chart.get("labels").get(2).asText()).isEqualTo("rare (not tested)");
    assertThat(page.canvasIds()).contains("segments-chart");
  }

  @Test
  void withoutSegmentsThereIsNoSection() throws IOException {
    compare();
    ParsedPage page = ParsedPage.parse(DriftReport.render(whole)).assertLoadsNothing();
    assertThat(page.doc().select("#segments")).isEmpty();
    assertThat(page.canvasIds()).doesNotContain("segments-chart");
    assertThat(DriftJson.report(whole, null)).isEqualTo(DriftJson.report(whole));
    assertThat(DriftJson.status(whole, null)).isEqualTo(DriftJson.status(whole));
  }
}
