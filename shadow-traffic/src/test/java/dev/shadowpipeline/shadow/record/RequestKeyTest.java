package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code input_key} must not change when the key is computed faster: every key is checked against the reference
 * implementation the records of earlier versions were written with (kept below, as it was before this change:
 * Jackson's {@code TextNode.toString()} for strings, {@code BigDecimal} for every number).
 */
class RequestKeyTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Property(tries = 2000)
  void aStringIsQuotedAsJacksonQuotesIt(@ForAll("anyText") String text) {
    StringBuilder out = new StringBuilder();
    RequestKey.quote(text, out);
    assertThat(out.toString()).isEqualTo(TextNode.valueOf(text).toString());
  }

  @Property(tries = 500)
  void theKeyOfAJsonBodyIsTheReferenceKey(
      @ForAll("anyText") String name, @ForAll("anyText") String value, @ForAll long number)
      throws Exception {
    String json =
        "{\"z\":"
            + number
            + ",\"a\":["
            + (number / 3)
            + ",1.50,-0.0,1e300,12345678901234567890123,true,null],"
            + MAPPER.writeValueAsString(name)
            + ":"
            + MAPPER.writeValueAsString(value)
            + ",\"n\":{\"y\":2,\"x\":100000}}";
    JsonNode body = MAPPER.readTree(json);
    assertThat(RequestKey.of("POST", "/predict", "b=2&a=1", body))
        .isEqualTo(reference("POST", "/predict", "b=2&a=1", body));
  }

  @Test
  void integersAndTheirDecimalFormsKeepTheirKey() throws Exception {
    // 1.0 and 1 are one input: unchanged by the integer shortcut
    JsonNode a = MAPPER.readTree("{\"x\":1,\"y\":[100000,0,-7]}");
    JsonNode b = MAPPER.readTree("{\"y\":[1.0E5,0.0,-7.00],\"x\":1.0}");
    assertThat(RequestKey.of("POST", "/p", null, a))
        .isEqualTo(RequestKey.of("POST", "/p", null, b));
    assertThat(RequestKey.of("POST", "/p", null, a)).isEqualTo(reference("POST", "/p", null, a));
  }

  @Test
  void aRecordsKeyIsTheSameWhenAskedAgainAndForEveryOtherRecord() throws Exception {
    JsonNode first =
        MAPPER.readTree("{\"method\":\"POST\",\"path\":\"/p\",\"request\":{\"body\":{\"x\":1}}}");
    JsonNode second =
        MAPPER.readTree("{\"method\":\"POST\",\"path\":\"/p\",\"request\":{\"body\":{\"x\":2}}}");
    String firstKey = reference("POST", "/p", null, first.at("/request/body"));
    String secondKey = reference("POST", "/p", null, second.at("/request/body"));
    assertThat(firstKey).isNotEqualTo(secondKey);
    // asked twice in a row (the summary, then the suite), and again after another record
    assertThat(RequestKey.of(first)).isEqualTo(firstKey);
    assertThat(RequestKey.of(first)).isEqualTo(firstKey);
    assertThat(RequestKey.of(second)).isEqualTo(secondKey);
    assertThat(RequestKey.of(first)).isEqualTo(firstKey);
    // an equal record that is another node: its own key, the same value
    assertThat(RequestKey.of(first.deepCopy())).isEqualTo(firstKey);
  }

  @Provide
  Arbitrary<String> anyText() {
    // control characters, quotes, backslashes, non-ASCII, surrogate pairs and lone surrogates
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.strings()
            .withChars("\"\\\b\t\n\f\r\u0000\u001f\u007f\u2028é😀")
            .ofMaxLength(12));
  }

  // the implementation before the speed-up, verbatim in what it computes
  private static String reference(String method, String path, String query, JsonNode body)
      throws Exception {
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append(' ').append(path).append('\n');
    if (query != null && !query.isEmpty()) {
      String[] params = query.split("&");
      Arrays.sort(params);
      canonical.append(String.join("&", params));
    }
    canonical.append('\n');
    if (body != null) {
      canonicalize(body, canonical);
    }
    byte[] sum =
        MessageDigest.getInstance("SHA-256")
            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sum, 0, 16);
  }

  private static void canonicalize(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(TextNode.valueOf(names.get(i))).append(':');
        canonicalize(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        canonicalize(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      out.append(node.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(node);
    }
  }
}
