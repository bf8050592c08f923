package dev.shadowpipeline.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shadow simulate --shift/--scale}: each column once, one-line errors, the same summary on every run. */
class SimulateShiftsTest {

  @TempDir Path dir;

  private CliRun simulate(String... extra) {
    String[] base = {"simulate", "--out", dir.resolve("data").toString(), "--rows", "20"};
    return CliRun.run(base, extra);
  }

  @Test
  void aColumnGivenTwiceIsRefusedInsteadOfKeepingTheLastValue() {
    // picocli's map binding kept age=2 and said nothing
    CliRun twice = simulate("--shift", "age=1", "--shift", "age=2");
    assertThat(twice.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(twice.errLines())
        .containsExactly(
            "error: --shift: 'age' is given twice (2 after 1.0); give each column once");
    assertThat(dir.resolve("data")).doesNotExist();

    CliRun inOne = simulate("--scale", "clicks=0.5,clicks=2");
    assertThat(inOne.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(inOne.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --scale: 'clicks' is given twice");
  }

  @Test
  void aPairThatIsNotColumnEqualsNumberNamesTheFlagOnce() {
    CliRun noValue = simulate("--shift", "salary");
    assertThat(noValue.exitCode()).isEqualTo(ExitCode.USAGE);
    // was "Value for option option '--shift' (COLUMN=DELTA) should be in KEY=VALUE[,KEY=VALUE]...
    // format"
    assertThat(noValue.errLines())
        .containsExactly(
            "error: --shift: expected COLUMN=DELTA, e.g. salary=1000, but got 'salary'");

    CliRun notNumber = simulate("--scale", "age=wide");
    assertThat(notNumber.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(notNumber.errLines())
        .containsExactly("error: --scale: FACTOR of 'age' is not a number: 'wide'");
  }

  @Test
  void aBadPairFromTheConfigFileNamesTheFileAndKey() throws Exception {
    Path config = dir.resolve("shadow.yaml");
    Files.writeString(config, "simulate:\n  shift: age=1,age=3\n", StandardCharsets.UTF_8);
    CliRun run = simulate("--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("error: shadow.yaml: simulate.shift: 'age' is given twice");
  }

  @Test
  void theSummaryListsShiftsInColumnOrderWhateverOrderTheyWereGiven() {
    // the summary printed Map.copyOf's order, which changes from one JVM to the next
    CliRun run = simulate("--shift", "clicks=3,age=1", "--scale", "salary=2,age=1.5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "current shifted {age=1.0, salary=25000.0, clicks=3.0}, scaled {age=1.5, salary=2.0}");
  }
}
