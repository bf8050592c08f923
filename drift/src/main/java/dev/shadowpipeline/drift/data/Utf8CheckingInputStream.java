package dev.shadowpipeline.drift.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Passes a UTF-8 file's bytes through unchanged and stops with a {@link DataReadException} naming the file and line at
 * the first byte sequence that is not UTF-8. The decoders behind the readers would replace such bytes with U+FFFD, so
 * that {@code café} and {@code cafè} in Latin-1 both read as {@code caf\uFFFD}: one category where the data has two.
 *
 * <p>Well-formed as RFC 3629 table 3-7 has it: no overlong forms, no surrogates, nothing above U+10FFFF; a sequence
 * cut off by the end of the file is malformed too. Lines count {@code \n}, {@code \r\n} and a lone {@code \r}, as
 * the CSV reader counts them.
 */
final class Utf8CheckingInputStream extends FilterInputStream {

  private final Path file;
  private long line = 1;
  private boolean lastWasCr;
  private int pending; // continuation bytes still expected
  private int low = 0x80; // the range the next continuation byte must lie in
  private int high = 0xBF;
  private int lead; // the sequence's first byte, for the message

  Utf8CheckingInputStream(Path file, InputStream in) {
    super(in);
    this.file = file;
  }

  /**
   * The stream, checked as UTF-8 unless it opens with a UTF-16 or UTF-32 byte order mark (the CSV reader decodes
   * those by the mark).
   */
  static InputStream ifUtf8(Path file, InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    buffered.mark(4);
    byte[] head = buffered.readNBytes(4);
    buffered.reset();
    int b0 = head.length > 0 ? head[0] & 0xFF : -1;
    int b1 = head.length > 1 ? head[1] & 0xFF : -1;
    boolean utf16or32 =
        (b0 == 0xFE && b1 == 0xFF)
            || (b0 == 0xFF && b1 == 0xFE)
            || (head.length == 4 && b0 == 0 && b1 == 0 && (head[2] & 0xFF) == 0xFE);
    return utf16or32 ? buffered : new Utf8CheckingInputStream(file, buffered);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      end();
    } else {
      check((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      end();
    }
    int i = off;
    int end = off + Math.max(n, 0);
    while (i < end) {
      if (pending == 0) {
        // a run of ASCII, nearly every byte of a data file, in locals: the byte-by-byte check with
        // its fields cost ~10 % of `shadow drift` on a 1M-row CSV
        int lines = 0;
        boolean cr = lastWasCr;
        while (i < end && b[i] >= 0) {
          byte c = b[i++];
          if (c == '\n') {
            if (!cr) {
              lines++;
            }
            cr = false;
          } else {
            cr = c == '\r';
            if (cr) {
              lines++;
            }
          }
        }
        line += lines;
        lastWasCr = cr;
        if (i == end) {
          break;
        }
      }
      check(b[i++]);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes would go unchecked: read them instead
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    int read = read(buf, 0, buf.length);
    return Math.max(read, 0);
  }

  private void check(byte value) throws DataReadException {
    int b = value & 0xFF;
    if (pending > 0) {
      if (b < low || b > high) {
        throw malformed(lead); // the character it began is the bad one
      }
      pending--;
      low = 0x80;
      high = 0xBF;
      return;
    }
    if (b < 0x80) {
      if (b == '\n') {
        if (!lastWasCr) {
          line++;
        }
      } else if (b == '\r') {
        line++;
      }
      lastWasCr = b == '\r';
      return;
    }
    lastWasCr = false;
    lead = b;
    if (b >= 0xC2 && b <= 0xDF) {
      pending = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      pending = 2;
      if (b == 0xE0) {
        low = 0xA0; // overlong
      } else if (b == 0xED) {
        high = 0x9F; // surrogates
      }
    } else if (b >= 0xF0 && b <= 0xF4) {
      pending = 3;
      if (b == 0xF0) {
        low = 0x90; // overlong
      } else if (b == 0xF4) {
        high = 0x8F; // above U+10FFFF
      }
    } else {
      throw malformed(b);
    }
  }

  private void end() throws DataReadException {
    if (pending > 0) {
      throw new DataReadException(
          file,
          "line "
              + line
              + ": the file ends inside a UTF-8 character (byte 0x"
              + hex(lead)
              + " begins it): the file must be UTF-8");
    }
  }

  private DataReadException malformed(int b) {
    return new DataReadException(
        file,
        "line "
            + line
            + ": byte 0x"
            + hex(b)
            + " begins no valid UTF-8 character: the file must be UTF-8 (one in Latin-1 or Windows-1252 can be"
            + " converted, e.g. iconv -f latin1 -t utf-8); its text would otherwise be read wrongly,"
            + " merging different values");
  }

  private static String hex(int b) {
    return String.format(java.util.Locale.ROOT, "%02X", b);
  }
}
