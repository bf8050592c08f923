package dev.shadowpipeline.cli;

/**
 * The user asked for something that cannot be done as asked: a bad option value, a bad config key, an unreadable
 * file, a port in use. The message is the whole story, shown as one line; the exit code is {@link ExitCode#USAGE}.
 */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
