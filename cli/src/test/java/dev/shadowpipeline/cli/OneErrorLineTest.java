package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error contract as a user sees it: bad input is exit 2 with exactly one line on stderr. Run as a child process
 * with the jar's logging configuration, because the lines that broke it did not come from the command's own streams
 * but from the components' loggers ({@code INFO Store - store ... ready}) and from the one-off drift run's steps,
 * which an in-process run does not capture.
 */
class OneErrorLineTest {

  @TempDir Path dir;
  private Path data;

  @BeforeEach
  void simulate() {
    data = dir.resolve("data");
    assertThat(CliRun.run("simulate", "--out", data.toString(), "--rows", "200").exitCode())
        .isZero();
  }

  @Test
  void anUntestableDriftRunSavedToADatabaseIsOneErrorLine() throws Exception {
    Path headerOnly = dir.resolve("empty.csv");
    Files.writeString(headerOnly, "age,salary,clicks\n");

    Run run =
        shadow(
            "drift",
            "--reference",
            data.resolve("reference.csv").toString(),
            "--current",
            headerOnly.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--db",
            dir.resolve("h/shadow.db").toString());

    assertThat(run.exitCode).as(run.err).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .containsExactly(
            "error: --current "
                + headerOnly
                + ": no data rows (only a header); nothing to compare");
    assertThat(run.out).contains(" — FAILED: ").contains("Saved failed run ");
  }

  @Test
  void commandsThatOpenADatabaseBeforeTheirErrorPrintOnlyTheError() throws Exception {
    Path db = dir.resolve("history.db");
    Store.open(db.toString(), StoreOptions.defaults()).close();
    // a regular file where a folder should be: the output folder cannot be created
    Path blocker = Files.writeString(dir.resolve("blocker"), "");

    Run site = shadow("site", "--db", db.toString(), "--out", blocker.resolve("site").toString());
    assertThat(site.exitCode).as(site.err).isEqualTo(ExitCode.USAGE);
    assertThat(site.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --out: cannot write to " + blocker.resolve("site") + ": ");

    Path inputs = Files.writeString(dir.resolve("inputs.jsonl"), "{\"a\":1}\n");
    Run replay =
        shadow(
            "replay",
            "--input",
            inputs.toString(),
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://127.0.0.1:1",
            "--db",
            dir.resolve("replay.db").toString(),
            "--out",
            blocker.resolve("out").toString());
    assertThat(replay.exitCode).as(replay.err).isEqualTo(ExitCode.USAGE);
    assertThat(replay.errLines()).singleElement().asString().startsWith("error: --out: ");
    assertThat(dir.resolve("replay.db"))
        .as("no database made for a run that cannot write")
        .doesNotExist();
  }

  @Test
  void badFilesAreOneLineNamingWhatTheyAre() throws Exception {
    Path latin1 = dir.resolve("shadow.yaml");
    Files.write(latin1, "drift:\n  columns: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Run config =
        shadow(
            "drift",
            "--reference",
            data.resolve("reference.csv").toString(),
            "--current",
            data.resolve("current.csv").toString(),
            "--config",
            latin1.toString());
    assertThat(config.exitCode).as(config.err).isEqualTo(ExitCode.USAGE);
    assertThat(config.errLines())
        .containsExactly(
            "error: shadow.yaml: line 2: not UTF-8 (byte 0xE9 at column 15); save the file as UTF-8");

    Run suite = shadow("regress", "--suite", data.toString(), "--model", "http://127.0.0.1:1");
    assertThat(suite.exitCode).as(suite.err).isEqualTo(ExitCode.USAGE);
    assertThat(suite.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --suite: " + data + " is a directory, not a regression suite file");
  }

  private record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.strip().split("\n"));
    }
  }

  private Run shadow(String... args) throws IOException, InterruptedException {
    Path logback;
    try {
      // the jar's configuration (INFO for our components), not the tests' logback-test.xml
      logback = Path.of(ShadowCli.class.getResource("/logback.xml").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback,
                "-cp",
                System.getProperty("java.class.path"),
                ShadowCli.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("shadow " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
