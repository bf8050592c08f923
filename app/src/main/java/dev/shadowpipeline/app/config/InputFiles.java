package dev.shadowpipeline.app.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one check of a file an option names, before it is read: a missing file, a directory or an unreadable file is
 * one line naming the option, the path and what was expected. Left to the readers, a directory fails as "no such
 * file", "Is a directory" or a parser's "Exception when reading first record".
 */
public final class InputFiles {

  private InputFiles() {}

  /**
   * Returns {@code file} when it is a file that can be read (a named pipe passes: a reader that needs to read the
   * file twice checks {@link Files#isRegularFile} itself).
   *
   * @param option how messages name the file, e.g. {@code --suite}
   * @param expected what the file should be, after "not": {@code a regression suite (regression_suite.json)}
   * @throws ConfigException {@code --suite: no such file: PATH}, {@code --suite: PATH is a directory, not a
   *     regression suite (...)}, {@code --suite: cannot read PATH: permission denied}
   */
  public static Path requireFile(String option, Path file, String expected) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(option + ": " + file + " is a directory, not " + expected);
    }
    if (!Files.exists(file)) {
      throw new ConfigException(option + ": no such file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(option + ": cannot read " + file + ": permission denied");
    }
    return file;
  }
}
