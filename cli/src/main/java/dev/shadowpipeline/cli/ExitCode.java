package dev.shadowpipeline.cli;

/** The exit codes scripts can rely on (the README lists them under "Commands"). */
public final class ExitCode {

  /** Success. */
  public static final int OK = 0;

  /** The check ran and failed: drift found with --fail-on-drift, a gate failed. */
  public static final int CHECK_FAILED = 1;

  /** Bad usage, bad config or unreadable input; one line on stderr says what. */
  public static final int USAGE = 2;

  /** A bug in Shadow Pipeline; run again with --verbose and report the stack trace. */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
