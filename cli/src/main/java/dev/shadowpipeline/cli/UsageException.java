package dev.shadowpipeline.cli;

import dev.shadowpipeline.app.config.ConfigException;

/**
 * The user asked for something that cannot be done as asked: a bad option value, an unreadable file, a port in use.
 * The message is the whole story, shown as one line; the exit code is {@link ExitCode#USAGE}, as for every
 * {@link ConfigException} the layers below the command line throw.
 */
public final class UsageException extends ConfigException {

  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
