package dev.shadowpipeline.shadow.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Parses a body as JSON when it is JSON, without paying for an exception on bodies that plainly are not. */
public final class JsonBody {

  private JsonBody() {}

  /** The parsed body, or {@code null} when it is empty or not JSON. */
  public static JsonNode parseOrNull(byte[] bytes, ObjectMapper mapper) {
    if (bytes.length == 0 || !startsLikeJson(bytes)) {
      return null;
    }
    try {
      return mapper.readTree(bytes);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static boolean startsLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{'
          || b == '['
          || b == '"'
          || b == '-'
          || (b >= '0' && b <= '9')
          || b == 't'
          || b == 'f'
          || b == 'n';
    }
    return false;
  }
}
