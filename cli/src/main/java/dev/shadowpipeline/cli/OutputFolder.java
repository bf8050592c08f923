package dev.shadowpipeline.cli;

import dev.shadowpipeline.app.config.IoReasons;
import dev.shadowpipeline.shadow.record.OutputSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a command writes its results. A folder that cannot be written (a regular file in its path, /proc, an
 * immutable or full disk) is the user's environment, not a bug: it is reported as one line naming the flag and the
 * folder, exit 2, as {@code replay --out} always did. {@link #checkWritable} finds it before the work is done (so no
 * input is sent to a model, no file replaced); {@link #write} maps a failure that only shows when writing. A run that
 * writes several files checks them all first ({@link #checkFiles}) and replaces them together ({@link #stage},
 * {@link #commit}): a failing run leaves every file that was there as it was.
 */
public final class OutputFolder {

  /** A write that may fail with an {@link IOException}. */
  @FunctionalInterface
  public interface Write {
    void run() throws IOException;
  }

  private OutputFolder() {}

  /**
   * Creates {@code dir} when needed and proves a file can be created in it (and removes that file again).
   *
   * @param flag the option that named the folder, e.g. {@code --out}
   * @throws UsageException {@code --out: cannot write to DIR: REASON}
   */
  public static void checkWritable(String flag, Path dir) {
    try {
      Files.createDirectories(dir);
      // root ignores permission bits, so only creating a file tells (an immutable folder, a
      // read-only mount)
      Path probe = Files.createTempFile(dir, ".shadow-write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      // the probe's own name says nothing to the user: the folder is named already
      String why =
          e instanceof FileSystemException fs
                  && fs.getReason() != null
                  && fs.getFile() != null
                  && fs.getFile().contains(".shadow-write-check")
              ? fs.getReason()
              : IoReasons.reason(e, dir);
      throw new UsageException(flag + ": cannot write to " + dir + ": " + why, e);
    }
  }

  /**
   * As {@link #checkWritable}, but leaves nothing behind: folders it had to create are removed again. For commands
   * whose writing creates the folder itself and that may still refuse their input after this check, so that a
   * refused run leaves no empty {@code --out} (drift, simulate).
   *
   * @throws UsageException {@code --out: cannot write to DIR: REASON}
   */
  public static void checkWritableLeavingNoTrace(String flag, Path dir) {
    Deque<Path> created = new ArrayDeque<>();
    for (Path p = dir.toAbsolutePath().normalize();
        p != null && !Files.exists(p);
        p = p.getParent()) {
      created.push(p);
    }
    try {
      checkWritable(flag, dir);
    } finally {
      // deepest first; one still in use (another writer got there meanwhile) is left as it is
      while (!created.isEmpty()) {
        try {
          Files.deleteIfExists(created.removeLast());
        } catch (IOException e) {
          break;
        }
      }
    }
  }

  /**
   * Checks that each of {@code names} in {@code dir} can be replaced (absent, or a regular file that may be written),
   * before the work: a folder in a target's place would otherwise fail the run after the files before it were
   * replaced.
   *
   * @throws UsageException {@code --out: cannot write DIR/FILE: it is a directory}
   */
  public static void checkFiles(String flag, Path dir, List<String> names) {
    try {
      OutputSet.check(dir, names);
    } catch (FileSystemException e) {
      throw new UsageException(flag + ": cannot write " + e.getFile() + ": " + e.getReason(), e);
    }
  }

  /**
   * Checks the targets again and opens their staging folder in {@code dir}: the run writes into
   * {@link OutputSet#staging()}, then calls {@link #commit}.
   *
   * @throws UsageException a target that cannot be replaced, or a folder that cannot be written
   */
  public static OutputSet stage(String flag, Path dir, List<String> names) {
    checkFiles(flag, dir, names);
    try {
      return OutputSet.stage(dir, names);
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot write to " + dir + ": " + reason(e), e);
    }
  }

  /**
   * Moves the staged files into place.
   *
   * @throws UsageException a target taken by a folder meanwhile (nothing replaced), or a move that failed
   */
  public static void commit(String flag, OutputSet set) {
    try {
      set.commit();
    } catch (FileSystemException e) {
      throw new UsageException(
          flag + ": cannot write " + e.getFile() + ": " + IoReasons.reason(e, Path.of(e.getFile())),
          e);
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot write: " + reason(e), e);
    }
  }

  /**
   * Runs a write of {@code file}; its failure becomes one line naming the file.
   *
   * @throws UsageException {@code --out: cannot write FILE: REASON}
   */
  public static void write(String flag, Path file, Write write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UsageException(
          flag + ": cannot write " + file + ": " + IoReasons.reason(e, file), e);
    } catch (UncheckedIOException e) {
      throw new UsageException(
          flag + ": cannot write " + file + ": " + IoReasons.reason(e.getCause(), file), e);
    }
  }

  /** What went wrong, without the exception's class name and without repeating the path. */
  public static String reason(IOException e) {
    return IoReasons.reason(e);
  }
}
