package dev.shadowpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.app.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's drift week, end to end in a temp dir. */
class DriftPipelineDemoTest {

  @TempDir Path dir;

  @Test
  void aWeekOfRunsWithDriftPartWayAFailedDayAlertsAndADashboard() throws Exception {
    StringWriter out = new StringWriter();
    PrintWriter ctx = new PrintWriter(out, true);

    DriftPipelineDemo.Result result =
        DriftPipelineDemo.run(ctx, dir, Progress.silent(), LocalDate.of(2026, 1, 7));

    assertThat(result.runs()).isEqualTo(7);
    assertThat(result.failedRuns()).isEqualTo(1);
    assertThat(result.driftRuns()).isEqualTo(3); // days 4, 6 and 7
    // drift on day 4, the failed day 5, the reminder on day 6 (48 h > 36 h cooldown); day 7 held
    // back
    assertThat(result.alertsReceived()).isEqualTo(3);
    assertThat(result.alerts().get(0)).containsIgnoringCase("drift");
    assertThat(result.alerts().get(1)).containsIgnoringCase("fail");
    assertThat(result.site()).isRegularFile();
    assertThat(Files.readString(result.site())).contains("data-status=\"drift\"");
    assertThat(out.toString())
        .contains("day 1 (2026-01-01): healthy")
        .contains("day 5 (2026-01-05): run FAILED")
        .contains("Discord <- ");
    // run again: the demo replaces its own history instead of adding a second week
    assertThat(DriftPipelineDemo.run(ctx, dir, Progress.silent(), LocalDate.of(2026, 1, 7)).runs())
        .isEqualTo(7);
  }
}
