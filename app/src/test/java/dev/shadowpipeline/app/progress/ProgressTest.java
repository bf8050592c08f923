package dev.shadowpipeline.app.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress in a log: a line each time a quarter is crossed, with the share actually done. */
class ProgressTest {

  @Test
  void aLogGetsALinePerQuarterCrossedWithTheShareDone() {
    StringWriter log = new StringWriter();
    Progress progress = new Progress(new PrintWriter(log), false, "pairs", 3);
    for (int done = 1; done <= 3; done++) {
      progress.update(done);
    }
    assertThat(log.toString().lines())
        .containsExactly("pairs: 1/3 (33%)", "pairs: 2/3 (66%)", "pairs: 3/3 (100%)");
  }

  @Test
  void manySmallStepsGiveFourLines() {
    StringWriter log = new StringWriter();
    Progress progress = new Progress(new PrintWriter(log), false, "rows", 1_000);
    for (int done = 1; done <= 1_000; done++) {
      progress.update(done);
    }
    assertThat(log.toString().lines())
        .containsExactly(
            "rows: 250/1000 (25%)",
            "rows: 500/1000 (50%)", "rows: 750/1000 (75%)", "rows: 1000/1000 (100%)");
  }

  @Test
  void moreThanTheTotalShowsAsDoneAndAnUnknownTotalDoesNotDivideByZero() {
    StringWriter log = new StringWriter();
    new Progress(new PrintWriter(log), false, "pairs", 2).update(3);
    new Progress(new PrintWriter(log), false, "pairs", 0).update(5);
    assertThat(log.toString().lines()).hasSize(2).allMatch(line -> line.endsWith("(100%)"));
  }
}
