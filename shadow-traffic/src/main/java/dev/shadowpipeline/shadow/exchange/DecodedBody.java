package dev.shadowpipeline.shadow.exchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A body with its {@code Content-Encoding} removed, for comparison and records. The caller always gets the bytes as
 * the upstream sent them; only what the proxy looks at is decoded.
 *
 * @param bytes the decoded bytes, at most the limit given to {@link #of}
 * @param encoding the content coding that was removed ({@code gzip}, {@code deflate}), or {@code null}
 * @param truncated whether the decoded body was cut at the limit (or the wire body already was)
 * @param problem why decoding failed (the raw bytes are kept), or {@code null}
 */
public record DecodedBody(byte[] bytes, String encoding, boolean truncated, String problem) {

  public DecodedBody {
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * Decodes a captured body. Output is capped at {@code limitBytes} so that a small compressed body cannot expand
   * into gigabytes (a "zip bomb") inside the proxy.
   */
  public static DecodedBody of(
      byte[] wire, boolean wireTruncated, String contentEncoding, int limitBytes) {
    if (contentEncoding == null || wire.length == 0) {
      return new DecodedBody(wire, null, wireTruncated, null);
    }
    String coding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    try {
      return switch (coding) {
        case "gzip", "x-gzip" ->
            inflate(
                new GZIPInputStream(new ByteArrayInputStream(wire)),
                "gzip",
                wireTruncated,
                limitBytes);
        case "deflate" -> inflateDeflate(wire, wireTruncated, limitBytes);
        case "identity" -> new DecodedBody(wire, null, wireTruncated, null);
        default ->
            new DecodedBody(
                wire, null, wireTruncated, "content coding '" + coding + "' is not decoded");
      };
    } catch (IOException e) {
      return new DecodedBody(
          wire, null, wireTruncated, "could not decode " + coding + " body: " + e.getMessage());
    }
  }

  // HTTP "deflate" is meant to be zlib-wrapped (RFC 9110 8.4.1.2), but some servers send raw
  // deflate: try both.
  private static DecodedBody inflateDeflate(byte[] wire, boolean wireTruncated, int limitBytes)
      throws IOException {
    try {
      return inflate(
          new InflaterInputStream(new ByteArrayInputStream(wire), new Inflater(false)),
          "deflate",
          wireTruncated,
          limitBytes);
    } catch (IOException zlibFailed) {
      if (!(zlibFailed.getCause() instanceof DataFormatException)
          && !zlibFailed.getMessage().contains("header")) {
        throw zlibFailed;
      }
      return inflate(
          new InflaterInputStream(new ByteArrayInputStream(wire), new Inflater(true)),
          "deflate",
          wireTruncated,
          limitBytes);
    }
  }

  private static DecodedBody inflate(
      InputStream in, String coding, boolean wireTruncated, int limitBytes) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limitBytes, 8192));
      byte[] chunk = new byte[8192];
      int total = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        int room = limitBytes - total;
        if (n > room) {
          out.write(chunk, 0, room);
          return new DecodedBody(out.toByteArray(), coding, true, null);
        }
        out.write(chunk, 0, n);
        total += n;
      }
      return new DecodedBody(out.toByteArray(), coding, wireTruncated, null);
    } catch (java.io.EOFException e) {
      if (wireTruncated) {
        // the wire body was cut at the capture limit, so the stream ends early by design
        return new DecodedBody(new byte[0], coding, true, "body too large to decode");
      }
      throw e;
    }
  }
}
