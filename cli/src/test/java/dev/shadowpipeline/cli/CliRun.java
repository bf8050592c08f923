package dev.shadowpipeline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Runs the command line in-process, as a user would from a shell, and keeps what it printed.
 *
 * @param exitCode the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ShadowCli.execute(
            args,
            new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), env, false));
    return new CliRun(code, out.toString(), err.toString());
  }

  public static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** A command's fixed arguments followed by a test's own. */
  public static CliRun run(String[] base, String... extra) {
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(Map.of(), args);
  }

  /** The error lines, which the error contract says is exactly one for bad usage. */
  public String[] errLines() {
    return err.isEmpty() ? new String[0] : err.strip().split("\n");
  }
}
