package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import dev.shadowpipeline.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow replay --db}: the database is opened before a Parquet input is converted and the input read through,
 * so a bad one is the one error line at once, with nothing converted, sent or written.
 */
class ReplayDatabaseFirstTest {

  @TempDir Path dir;

  @Test
  void aBadDatabaseFailsBeforeAParquetInputIsConverted() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add("{\"id\":\"A-" + i + "\",\"income\":" + (1000 + i) + "}");
    }
    Path jsonl = Files.write(dir.resolve("inputs.jsonl"), lines);
    Path parquet = dir.resolve("inputs.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(
          "COPY (SELECT * FROM read_json_auto('"
              + jsonl
              + "')) TO '"
              + parquet
              + "' (FORMAT PARQUET)");
    }
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
    Path out = dir.resolve("out");

    CliRun run = replay(parquet, blocker.resolve("replay.db"), out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "error: --db: cannot create the folder of database file "
                + blocker.resolve("replay.db"));
    assertThat(run.out()).as("the Parquet rows were not converted").doesNotContain("Read ");
    assertThat(out.resolve("records.jsonl")).doesNotExist();
  }

  @Test
  void aDatabaseCreatedForAReplayWhoseInputCannotBeReadIsRemovedAgain() throws Exception {
    Path notParquet = Files.writeString(dir.resolve("inputs.parquet"), "{\"id\":\"A-1\"}\n");
    Path db = dir.resolve("history/replay.db");

    CliRun run = replay(notParquet, db, dir.resolve("out"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    assertThat(run.errLines()).singleElement().asString().startsWith("error: --input: ");
    assertThat(dir.resolve("history")).as("no empty database left behind").doesNotExist();
  }

  private static CliRun replay(Path input, Path db, Path out) {
    return RefusedReplay.run(input, out, "--db", db.toString());
  }
}
