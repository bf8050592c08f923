package dev.shadowpipeline.drift.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * gzip-compressed data files ({@code data.csv.gz}), read as they stream, as pandas reads them: known by gzip's magic
 * bytes, whatever the name, and named by what they hold ({@code .csv.gz} is CSV).
 */
final class Gzip {

  private Gzip() {}

  /** Whether the file starts with gzip's magic bytes, 1f 8b. */
  static boolean is(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
    }
  }

  /** The file's name without a {@code .gz} at its end, in lower case: what decides its format. */
  static String formatName(Path file) {
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  /** The data of {@code in}, decompressed when {@code gzipped}. */
  static InputStream open(InputStream in, boolean gzipped) throws IOException {
    return gzipped ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /**
   * What a broken gzip stream's exception means, in words; {@code null} when the exception is not about the
   * compression.
   */
  static String problem(IOException e) {
    if (e instanceof EOFException) {
      return "the gzip data is cut short (an interrupted copy or download?): "
          + "gzip -t names the fault";
    }
    if (e instanceof ZipException) {
      return "the gzip data is damaged (" + e.getMessage() + "): gzip -t names the fault";
    }
    return null;
  }
}
