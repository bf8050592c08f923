package dev.shadowpipeline.shadow.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a file is gzip-compressed, by its magic bytes: the records and replay readers read plain text only, and
 * name such a file as compressed rather than as lines of control characters or bytes that are not UTF-8.
 */
public final class Gzipped {

  private Gzipped() {}

  /** Whether the file starts with gzip's magic bytes, 1f 8b. */
  public static boolean is(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
    }
  }
}
