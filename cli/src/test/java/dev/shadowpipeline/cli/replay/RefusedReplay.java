package dev.shadowpipeline.cli.replay;

import dev.shadowpipeline.cli.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A replay against models that refuse every connection (port 1): for checks that must come before any request. */
final class RefusedReplay {

  private RefusedReplay() {}

  static CliRun run(Path input, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "replay",
                "--input",
                input.toString(),
                "--primary",
                "http://127.0.0.1:1",
                "--shadow",
                "http://127.0.0.1:1",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }
}
