package dev.shadowpipeline.cli;

import dev.shadowpipeline.app.progress.Progress;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What commands get from the outside world, injected so tests can run commands in-process with their own streams
 * and environment.
 *
 * @param out where results go
 * @param err where errors and progress go
 * @param env environment variables (for {@code ${VAR}} in config files and for secrets)
 * @param interactive whether {@code err} is a terminal (progress bars redraw in place only then)
 */
public record CliContext(
    PrintWriter out, PrintWriter err, Map<String, String> env, boolean interactive) {
  public CliContext {
    env = Map.copyOf(env);
  }

  /**
   * Prints a warning that does not stop the command, such as a deprecated config key, as one line on {@code err}:
   * {@code warning: shadow.yaml: compare.latency_budget is deprecated, write latency-budget}.
   */
  public void warn(String message) {
    err.println("warning: " + message);
  }

  /** A progress bar on {@code err} for {@code total} units of {@code label}. */
  public Progress progress(String label, long total) {
    return new Progress(err, interactive, label, total);
  }
}
