package dev.shadowpipeline.report.html;

import dev.shadowpipeline.shadow.record.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes files so readers see the old content or the new, never half of it: into a temporary file beside the target,
 * then a rename over it (ARCHITECTURE.md: files are written atomically). UTF-8 text over {@link AtomicFile}, which does the
 * temporary file, the fsync and the rename for every output of the project.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  /** Writes UTF-8 text atomically, creating missing parent directories. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, out -> out.write(text));
  }

  /** Streams UTF-8 text into the file atomically, creating missing parent directories. */
  public static void write(Path file, Content content) throws IOException {
    AtomicFile.write(
        file,
        bytes -> {
          Writer out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
          content.writeTo(out);
          out.flush(); // not closed: AtomicFile closes the stream after forcing it to disk
        });
  }
}
