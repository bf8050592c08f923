package dev.shadowpipeline.report.html;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so readers see the old content or the new, never half of it: into a temporary file beside the target,
 * then a rename over it (DESIGN.md: files are written atomically).
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the default ACLs already apply
    }
  }

  /** Writes UTF-8 text atomically, creating missing parent directories. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, out -> out.write(text));
  }

  /** Streams UTF-8 text into the file atomically, creating missing parent directories. */
  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        content.writeTo(out);
      }
      readableByAll(temp); // temp files are created owner-only; a report is meant to be shared
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
