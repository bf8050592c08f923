package dev.shadowpipeline.shadow.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the first byte of a file that is not UTF-8, by line and column. Java's readers either stop at the first bad
 * byte with a message that names nothing ("Input length = 1") or put U+FFFD in its place, which merges distinct
 * values ("café" and "cafè" in a Latin-1 export both become "caf\uFFFD"); a file in another encoding is better
 * refused up front, at the place an editor would show. Used for replay inputs and, by the application layer, for
 * config files (YAML) and labels files.
 */
public final class Utf8Check {

  private static final int CHUNK = 1 << 16;

  private Utf8Check() {}

  /**
   * Where a file stops being UTF-8.
   *
   * @param line 1-based line ({@code \n} ends a line)
   * @param column 1-based column of the bad byte, counted in characters as an editor counts them
   * @param firstByte the first byte of the sequence that is not UTF-8, 0 to 255
   */
  public record Malformed(long line, long column, int firstByte) {

    public Malformed {
      if (line < 1 || column < 1 || firstByte < 0 || firstByte > 0xFF) {
        throw new IllegalArgumentException(
            "line and column from 1, byte 0-255: " + line + ", " + column + ", " + firstByte);
      }
    }

    /** What is wrong and what to do, for after the file and line: {@code not UTF-8 (byte 0xE9 at column 7)}. */
    public String problem() {
      return String.format(
          Locale.ROOT,
          "not UTF-8 (byte 0x%02X at column %d); save the file as UTF-8",
          firstByte,
          column);
    }

    /** {@code line 3: not UTF-8 (byte 0xE9 at column 7); save the file as UTF-8}. */
    public String describe() {
      return "line " + line + ": " + problem();
    }
  }

  /**
   * The first byte sequence of {@code file} that is not UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
   * above U+10FFFF; a sequence cut off by the end of the file is malformed too), or empty when the whole file is
   * UTF-8.
   */
  public static Optional<Malformed> firstMalformed(Path file) throws IOException {
    try (ReadableByteChannel channel = Files.newByteChannel(file)) {
      return scan(channel::read);
    }
  }

  /** Like {@link #firstMalformed(Path)}, for bytes already read. */
  public static Optional<Malformed> firstMalformed(byte[] bytes) {
    ByteBuffer source = ByteBuffer.wrap(bytes);
    try {
      return scan(
          into -> {
            if (!source.hasRemaining()) {
              return -1;
            }
            int n = Math.min(into.remaining(), source.remaining());
            ByteBuffer slice = source.slice();
            slice.limit(n);
            into.put(slice);
            source.position(source.position() + n);
            return n;
          });
    } catch (IOException e) {
      throw new AssertionError("reading an array does not fail", e);
    }
  }

  @FunctionalInterface
  private interface Source {
    int read(ByteBuffer into) throws IOException;
  }

  private static Optional<Malformed> scan(Source source) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    ByteBuffer in = ByteBuffer.allocate(CHUNK);
    // UTF-8 never decodes to more chars than bytes, so the output never overflows
    CharBuffer out = CharBuffer.allocate(CHUNK);
    long line = 1;
    long chars = 0; // characters before the current position on its line
    boolean end = false;
    while (!end) {
      end = source.read(in) < 0;
      in.flip();
      int from = in.position();
      CoderResult result = decoder.decode(in, out, end);
      // the decoder only consumes whole, valid characters: every byte that is not a continuation
      // byte (10xxxxxx) starts one
      for (int i = from; i < in.position(); i++) {
        byte b = in.get(i);
        if (b == '\n') {
          line++;
          chars = 0;
        } else if ((b & 0xC0) != 0x80) {
          chars++;
        }
      }
      if (result.isError()) { // a sequence cut off by the end of the input too (decode(…, true))
        return Optional.of(new Malformed(line, chars + 1, in.get(in.position()) & 0xFF));
      }
      out.clear();
      in.compact();
    }
    return Optional.empty();
  }
}
