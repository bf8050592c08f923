package dev.shadowpipeline.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 (RFC 2104) of a body under a key, as lowercase hex. */
final class HmacSha256 {

  private HmacSha256() {}

  static String hex(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // every Java platform must provide HmacSHA256; reaching this is a broken JRE
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
