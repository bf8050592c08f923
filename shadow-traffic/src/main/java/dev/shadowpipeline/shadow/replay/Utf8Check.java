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
import java.util.OptionalLong;

/**
 * Finds the first line of a file that is not UTF-8. Java's readers either stop at the first bad byte with a message
 * that names nothing ("Input length = 1") or put U+FFFD in its place, which merges distinct values ("café" and "cafè"
 * in a Latin-1 export both become "caf\uFFFD"); an input file in another encoding is better refused up front, by line.
 */
final class Utf8Check {

  private static final int CHUNK = 1 << 16;

  private Utf8Check() {}

  /** The 1-based line holding the first byte sequence that is not UTF-8, or empty when the whole file is UTF-8. */
  static OptionalLong firstBadLine(Path file) throws IOException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    ByteBuffer in = ByteBuffer.allocate(CHUNK);
    // UTF-8 never decodes to more chars than bytes, so the output never overflows
    CharBuffer out = CharBuffer.allocate(CHUNK);
    long line = 1;
    try (ReadableByteChannel channel = Files.newByteChannel(file)) {
      boolean end = false;
      while (!end) {
        end = channel.read(in) < 0;
        in.flip();
        int from = in.position();
        CoderResult result = decoder.decode(in, out, end);
        for (int i = from; i < in.position(); i++) {
          if (in.get(i) == '\n') {
            line++;
          }
        }
        if (result.isError()) {
          return OptionalLong.of(line);
        }
        out.clear();
        in.compact();
      }
    }
    return OptionalLong.empty();
  }
}
