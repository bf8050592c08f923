package dev.shadowpipeline.shadow.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DecodedBodyTest {

  private static final byte[] TEXT = "{\"answer\":42}".getBytes(StandardCharsets.UTF_8);

  @Test
  void gzipIsDecoded() throws IOException {
    DecodedBody d = DecodedBody.of(gzip(TEXT), false, "gzip", 1 << 20);
    assertThat(d.bytes()).isEqualTo(TEXT);
    assertThat(d.encoding()).isEqualTo("gzip");
    assertThat(d.problem()).isNull();
  }

  @Test
  void deflateIsDecodedZlibWrappedOrRaw() throws IOException {
    assertThat(DecodedBody.of(deflate(TEXT, false), false, "deflate", 1 << 20).bytes())
        .isEqualTo(TEXT);
    assertThat(DecodedBody.of(deflate(TEXT, true), false, "deflate", 1 << 20).bytes())
        .isEqualTo(TEXT);
  }

  @Test
  void aSmallCompressedBodyCannotExpandPastTheLimit() throws IOException {
    byte[] bomb = gzip(new byte[50 << 20]); // 50 MiB of zeros, about 50 KiB compressed
    DecodedBody d = DecodedBody.of(bomb, false, "gzip", 1 << 20);
    assertThat(d.bytes()).hasSize(1 << 20);
    assertThat(d.truncated()).isTrue();
  }

  @Test
  void brokenOrUnknownEncodingsKeepTheRawBytesAndSayWhy() {
    DecodedBody broken =
        DecodedBody.of("not gzip".getBytes(StandardCharsets.UTF_8), false, "gzip", 1024);
    assertThat(broken.bytes()).isEqualTo("not gzip".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.problem()).contains("could not decode gzip");
    DecodedBody br = DecodedBody.of(TEXT, false, "br", 1024);
    assertThat(br.problem()).contains("'br' is not decoded");
    assertThat(DecodedBody.of(TEXT, false, null, 1024).bytes()).isSameAs(TEXT);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream d =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      d.write(data);
    }
    return out.toByteArray();
  }
}
