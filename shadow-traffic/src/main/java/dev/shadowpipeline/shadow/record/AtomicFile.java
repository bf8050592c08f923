package dev.shadowpipeline.shadow.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a whole file so that readers see either the old content or the new, never half of it: the content goes to a
 * temporary file in the same folder, is forced to disk, then renamed over the target.
 */
public final class AtomicFile {

  /** Writes the content; on failure the target is left as it was. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACLs already apply
    }
  }

  /** Replaces {@code target} with the given bytes. */
  public static void write(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content));
  }

  /** Replaces {@code target} with what {@code writer} writes. */
  public static void write(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out =
              new java.io.BufferedOutputStream(
                  java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      readableByAll(
          temp); // temp files are created owner-only; reports, suites and summaries are meant to be
      // shared
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
