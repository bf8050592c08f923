package dev.shadowpipeline.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input file a replay cannot read as meant is one error before anything is sent or written: the folder of an
 * earlier run keeps its records.
 */
class ReplayInputCheckTest {

  @TempDir Path dir;

  private static CliRun replay(Path input, Path out) {
    return RefusedReplay.run(input, out);
  }

  @Test
  void aFileThatIsNotUtf8IsOneErrorNamingItsLineAndTheEarlierRecordsStay() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("records.jsonl"), "{\"id\":\"earlier\"}\n");
    Path jsonl = dir.resolve("inputs.jsonl");
    Files.write(
        jsonl, "{\"c\":\"tea\"}\n{\"c\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));

    CliRun run = replay(jsonl, out);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --input: "
                + jsonl
                + " line 2: not UTF-8 (byte 0xE9 at column 10); save the file as UTF-8"
                + " (e.g. iconv -f latin1 -t utf-8)");
    assertThat(Files.readString(out.resolve("records.jsonl"))).isEqualTo("{\"id\":\"earlier\"}\n");
  }

  @Test
  void aGzippedInputIsNamedAsSuchWhateverItsName() throws Exception {
    byte[] plain = "{\"age\": 31}\n".getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write(plain);
    }
    // before: "cannot tell the format of inputs.jsonl.gz from its name" for the first, and "line 1:
    // not UTF-8 (byte 0x8B ...) (e.g. iconv -f latin1 -t utf-8)" for the second
    for (String name : new String[] {"inputs.jsonl.gz", "inputs.jsonl"}) {
      Path input = Files.write(dir.resolve(name), bytes.toByteArray());
      CliRun run = replay(input, dir.resolve("out"));
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .containsExactly(
              "error: --input: "
                  + input
                  + " is gzip-compressed: decompress it first (gunzip -k "
                  + input
                  + ")");
    }
  }

  @Test
  void aCsvHeaderNamingAFieldTwiceIsOneError() throws Exception {
    Path csv = dir.resolve("inputs.csv");
    Files.writeString(csv, "age,age\n31,32\n");

    CliRun run = replay(csv, dir.resolve("out"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "error: --input: "
                + csv
                + ": the header names 'age' twice (columns 1 and 2): each field needs a name of its own");
  }
}
