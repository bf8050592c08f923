package dev.shadowpipeline.shadow.record;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The files a run writes into one folder, replaced together: a run that fails leaves the files already there as they
 * were. Each file is {@link #check checked} before anything is written (a folder or other non-file in its place, a
 * read-only file), then written into a hidden staging folder beside them ({@link #staging()}), and only once all were
 * written are they moved into place ({@link #commit()}). A failure while staging (a full disk) replaces nothing;
 * {@link #close()} removes what was staged.
 *
 * <pre>{@code
 * try (OutputSet set = OutputSet.stage(out, List.of("summary.json", "report.html"))) {
 *   ComparisonReport.write(set.staging(), ...);
 *   set.commit();
 * }
 * }</pre>
 */
public final class OutputSet implements AutoCloseable {

  /** How staging folders are named: this prefix, the process id, a dash and a random part. */
  static final String STAGING_PREFIX = ".shadow-staging-";

  private final Path dir;
  private final List<String> names;
  private final Path staging;

  private OutputSet(Path dir, List<String> names, Path staging) {
    this.dir = dir;
    this.names = names;
    this.staging = staging;
  }

  /**
   * Checks that each of {@code names} in {@code dir} can be replaced: absent, or a regular file that may be written.
   *
   * @throws FileSystemException naming the target ({@code dir.resolve(name)}) with the reason, e.g. "it is a
   *     directory"
   */
  public static void check(Path dir, List<String> names) throws FileSystemException {
    for (String name : names) {
      Path target = dir.resolve(name);
      // a rename over a folder fails only after the files before it were replaced
      if (Files.isDirectory(target)) {
        throw new FileSystemException(target.toString(), null, "it is a directory");
      }
      if (Files.exists(target) && !Files.isRegularFile(target)) {
        throw new FileSystemException(target.toString(), null, "it is not a regular file");
      }
      if (Files.isRegularFile(target) && !Files.isWritable(target)) {
        throw new FileSystemException(target.toString(), null, "it is read-only");
      }
    }
  }

  /**
   * Checks the targets and opens a staging folder in {@code dir} (created when missing) for them.
   *
   * @throws IOException a target that cannot be replaced (see {@link #check}), or a folder that cannot be written
   */
  public static OutputSet stage(Path dir, List<String> names) throws IOException {
    check(dir, names);
    Files.createDirectories(dir);
    removeAbandoned(dir);
    // in the target's folder, so that each move into place is a rename on the same file system;
    // named by this
    // process, so that a later run can tell a killed run's folder from a running one's
    Path staging =
        Files.createTempDirectory(dir, STAGING_PREFIX + ProcessHandle.current().pid() + "-");
    return new OutputSet(dir, List.copyOf(names), staging);
  }

  /**
   * Removes the staging folders in {@code dir} of processes that are no longer running: a run killed between staging
   * and commit (SIGKILL, a power cut) never reaches {@link #close()}. A folder of a running process, or one whose name
   * does not say which process made it, is left alone.
   */
  static void removeAbandoned(Path dir) {
    try (DirectoryStream<Path> stagings = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
      for (Path staging : stagings) {
        OptionalLong pid = pidOf(staging.getFileName().toString());
        if (pid.isPresent()
            && pid.getAsLong() != ProcessHandle.current().pid()
            && ProcessHandle.of(pid.getAsLong()).isEmpty()
            && Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
          delete(staging);
        }
      }
    } catch (IOException e) {
      // leftovers harm no target; the run goes on
    }
  }

  private static OptionalLong pidOf(String name) {
    int end = name.indexOf('-', STAGING_PREFIX.length());
    if (end < 0) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(name.substring(STAGING_PREFIX.length(), end)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Where the files are written before they are moved into place, under their own names. */
  public Path staging() {
    return staging;
  }

  /** A file as staged: {@code staging().resolve(name)}. */
  public Path staged(String name) {
    return staging.resolve(name);
  }

  /**
   * Moves every staged file into place, each atomically. The targets are checked again first: one taken by a folder
   * since {@link #stage} fails the commit before any is replaced. A target that was not staged (the run kept it) is
   * left as it is.
   *
   * @throws FileSystemException naming the target that could not be replaced
   */
  public void commit() throws IOException {
    check(dir, names);
    for (String name : names) {
      Path from = staging.resolve(name);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = dir.resolve(name);
      try {
        move(from, to);
      } catch (IOException e) {
        // named by its target: the staged file's name means nothing to the user
        FileSystemException named =
            new FileSystemException(
                to.toString(),
                null,
                e instanceof FileSystemException fs && fs.getReason() != null
                    ? fs.getReason()
                    : String.valueOf(e.getMessage()));
        named.initCause(e);
        throw named;
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes the staging folder and whatever is still in it (all of it when the set was not committed). */
  @Override
  public void close() {
    delete(staging);
  }

  private static void delete(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // the run's outcome stands either way: a hidden folder left behind harms no target
    }
  }
}
