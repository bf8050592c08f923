package dev.shadowpipeline.alert.action;

import dev.shadowpipeline.alert.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What to run when drift is detected. */
public sealed interface OnDriftAction {

  /** The longest the action may take. */
  Duration timeout();

  /**
   * POST the run summary ({@link dev.shadowpipeline.alert.AlertJson}) to a URL; any 2xx counts as success.
   *
   * @param url where to POST, from an environment variable
   * @param timeout time allowed for the request
   */
  record PostSummary(Secret url, Duration timeout) implements OnDriftAction {

    public PostSummary {
      Objects.requireNonNull(url, "url");
      positive(timeout);
    }
  }

  /**
   * Run a command (an argument list, never a shell string) with the run summary JSON on its standard input and
   * {@code SHADOW_EVENT}, {@code SHADOW_RUN_ID} and {@code SHADOW_DRIFT_SHARE} in its environment. Exit code 0 is
   * success; stdout and stderr are captured (up to 64 KiB) and logged.
   *
   * @param command program and arguments
   * @param timeout after this the process and its children are killed
   * @param workingDirectory where to run it, or null for the current directory
   */
  record RunCommand(List<String> command, Duration timeout, Path workingDirectory)
      implements OnDriftAction {

    public RunCommand {
      command = List.copyOf(command);
      if (command.isEmpty() || command.get(0).isBlank()) {
        throw new IllegalArgumentException("command must name a program: " + command);
      }
      positive(timeout);
    }
  }

  private static void positive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }
}
