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
 * with the jar's logging configuration ({@link LogbackSetup}), because the lines that broke it did not come from the command's own streams
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

  @Test
  void anUnwritableOutFolderOfALongRunningCommandIsFoundBeforeItsWarmUpOrDatabase()
      throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "");
    Path out = blocker.resolve("out");

    Run proxy =
        shadow(
            "proxy",
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://127.0.0.1:2",
            "--port",
            "0",
            "--admin-port",
            "-1",
            "--db",
            dir.resolve("proxy.db").toString(),
            "--out",
            out.toString());
    assertThat(proxy.exitCode).as(proxy.err).isEqualTo(ExitCode.USAGE);
    assertThat(proxy.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --out: cannot write to " + out + ": ");
    // found only when the proxy opened its records, this came after the 10 s warm-up
    assertThat(proxy.out).doesNotContain("warmed up");
    assertThat(dir.resolve("proxy.db")).doesNotExist();

    Path monitor = dir.resolve("monitor.yaml");
    Files.writeString(
        monitor,
        "db: "
            + dir.resolve("monitor.db")
            + "\njobs:\n  - name: daily\n    reference: "
            + data.resolve("reference.csv")
            + "\n    current: "
            + data.resolve("current.csv")
            + "\n    out: "
            + out
            + "\n");
    Run schedule = shadow("schedule", "--config", monitor.toString());
    assertThat(schedule.exitCode).as(schedule.err).isEqualTo(ExitCode.USAGE);
    assertThat(schedule.errLines())
        .singleElement()
        .asString()
        .startsWith("error: monitor.yaml: jobs[0].out: cannot write to " + out + ": ");
    assertThat(dir.resolve("monitor.db")).doesNotExist();
  }

  @Test
  void anUnwritableOutFolderIsFoundBeforeTheDataIsReadAndSaysWhy() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "");
    Path out = blocker.resolve("out");

    Run drift =
        shadow(
            "drift",
            "--reference",
            data.resolve("reference.csv").toString(),
            "--current",
            data.resolve("current.csv").toString(),
            "--out",
            out.toString());
    assertThat(drift.exitCode).as(drift.err).isEqualTo(ExitCode.USAGE);
    // the reason is the file system's own words ("Not a directory" on Linux); before, the line
    // was "--out DIR: cannot write: DIR", no reason at all
    assertThat(drift.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --out: cannot write to " + out + ": ")
        .doesNotEndWith(": " + out);
    assertThat(drift.out).as("no table of a comparison that cannot be saved").isEmpty();

    Path parquet = dir.resolve("parquet");
    assertThat(
            CliRun.run(
                    "simulate", "--out", parquet.toString(), "--rows", "50", "--format", "parquet")
                .exitCode())
        .isZero();
    Run replay =
        shadow(
            "replay",
            "--input",
            parquet.resolve("reference.parquet").toString(),
            "--primary",
            "http://127.0.0.1:1",
            "--shadow",
            "http://127.0.0.1:1",
            "--out",
            out.toString());
    assertThat(replay.exitCode).as(replay.err).isEqualTo(ExitCode.USAGE);
    assertThat(replay.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --out: cannot write to " + out + ": ");
    assertThat(replay.out).as("the Parquet input is not converted first").isEmpty();
  }

  @Test
  void aDatabaseFileThatCannotBeMadeIsNamedWithTheReasonNotAnExceptionClass() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "");
    Path db = blocker.resolve("h").resolve("shadow.db");
    Run folder = drift("--db", db.toString());
    assertThat(folder.exitCode).as(folder.err).isEqualTo(ExitCode.USAGE);
    // was "cannot create the directory of database file F: java.nio.file.FileSystemException: ..."
    assertThat(folder.errLines())
        .singleElement()
        .asString()
        .startsWith("error: --db: cannot create the folder of database file " + db + ": ")
        .doesNotContain("Exception", "java.");

    // SQLite's own word for these is "[SQLITE_CANTOPEN] Unable to open the database file"
    Run aFolder = drift("--db", data.toString());
    assertThat(aFolder.exitCode).as(aFolder.err).isEqualTo(ExitCode.USAGE);
    assertThat(aFolder.errLines())
        .containsExactly(
            "error: --db: cannot open database file "
                + data
                + ": it is a folder, not a database file");
  }

  private Run drift(String... more) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drift",
                "--reference",
                data.resolve("reference.csv").toString(),
                "--current",
                data.resolve("current.csv").toString(),
                "--out",
                dir.resolve("drift-out").toString()));
    args.addAll(List.of(more));
    return shadow(args.toArray(String[]::new));
  }

  private record Run(int exitCode, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.strip().split("\n"));
    }
  }

  private Run shadow(String... args) throws IOException, InterruptedException {
    // the jar's logging (LogbackSetup: INFO for our components), as the cli's tests have no logback
    // file
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
