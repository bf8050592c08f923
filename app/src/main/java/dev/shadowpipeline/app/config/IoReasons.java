package dev.shadowpipeline.app.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What went wrong with a file, for the one error line: the JDK's own text of a file-system failure is the exception's
 * class name or the bare path ({@code java.nio.file.NoSuchFileException: /proc/x}, or {@code /proc/x} alone), which
 * says neither what happened nor to whom.
 */
public final class IoReasons {

  private IoReasons() {}

  /** The reason, with the file it is about in parentheses; never an exception's class name. */
  public static String reason(IOException e) {
    return reason(e, null);
  }

  /**
   * The reason, with the file it is about in parentheses unless it is {@code named}, the path the message names
   * already.
   */
  public static String reason(IOException e, Path named) {
    if (e instanceof FileSystemException fs) {
      String where =
          fs.getFile() == null || (named != null && fs.getFile().equals(named.toString()))
              ? ""
              : " (" + fs.getFile() + ")";
      if (fs.getReason() != null) {
        return fs.getReason() + where;
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied" + where;
      }
      if (e instanceof FileAlreadyExistsException) {
        return fs.getFile() + " exists and is not a folder";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or folder" + where;
      }
      return "an input/output error" + where;
    }
    return e.getMessage() == null ? "an input/output error" : e.getMessage();
  }
}
