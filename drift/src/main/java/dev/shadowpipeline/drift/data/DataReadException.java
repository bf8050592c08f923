package dev.shadowpipeline.drift.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as a dataset at all: missing, unreadable, no header, an unsupported format. The message
 * names the file (and the line, where there is one) and is meant for the user as it is.
 */
public final class DataReadException extends IOException {

  private static final long serialVersionUID = 1L;

  private final Path file;

  public DataReadException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public DataReadException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }
}
