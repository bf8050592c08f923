package dev.shadowpipeline.shadow.record;

import static dev.shadowpipeline.shadow.record.ScannedReads.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The byte scanner against Jackson on records of every kind the proxy writes (agreeing and diverging pairs, errors
 * and timeouts, LLM text and JSON answers with stream and token fields, rankings, base64 bodies, noise baselines,
 * traces), written by Jackson as the proxy writes them, and on the same files with bytes cut, inserted and replaced.
 * Whatever the bytes, both reads must give the same records (values, node classes, field order) and the same counts
 * and messages for the lines they skip.
 */
class RecordScannerProperties {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  // text with what JSON escapes or encodes in several bytes: quotes, backslashes, braces, control
  // characters,
  // two-, three- and four-byte UTF-8
  @Provide
  Arbitrary<String> text() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
            Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', (int) '{', (int) '}', (int) '[')),
            Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
            Tuple.of(1, Arbitraries.integers().between(0x80, 0x7ff)),
            Tuple.of(1, Arbitraries.integers().between(0x800, 0xd7ff)),
            Tuple.of(1, Arbitraries.integers().between(0xe000, 0xfffd)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoint
        .list()
        .ofMaxSize(24)
        .map(
            cps -> {
              StringBuilder s = new StringBuilder();
              cps.forEach(s::appendCodePoint);
              return s.toString();
            });
  }

  @Provide
  Arbitrary<JsonNode> number() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(F::numberNode),
        Arbitraries.longs().map(F::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TWO.pow(63).negate().shiftLeft(8), BigInteger.TWO.pow(70))
            .map(F::numberNode),
        Arbitraries.doubles().map(F::numberNode),
        Arbitraries.of(
                0.0, -0.0, 1e-320, 4.9e-324, Double.MAX_VALUE, 1e22, 1e23, 0.1, 123456.789e-30)
            .map(F::numberNode));
  }

  @Provide
  Arbitrary<JsonNode> body() {
    return Arbitraries.lazyOf(
        () -> text().map(F::textNode),
        this::number,
        () -> Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode()),
        () ->
            Combinators.combine(text().list().ofMaxSize(3), body().list().ofMaxSize(3))
                .as(
                    (names, values) -> {
                      ObjectNode o = F.objectNode();
                      for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
                        o.set(names.get(i), values.get(i));
                      }
                      return o;
                    }),
        () ->
            body()
                .list()
                .ofMaxSize(3)
                .map(
                    values -> {
                      ArrayNode a = F.arrayNode();
                      values.forEach(a::add);
                      return a;
                    }));
  }

  // a ranking answer: a list of scored documents
  @Provide
  Arbitrary<JsonNode> ranking() {
    return Combinators.combine(text(), Arbitraries.doubles().between(0, 1))
        .as(
            (id, score) -> {
              ObjectNode doc = F.objectNode();
              doc.put("id", id);
              doc.put("score", score);
              return (JsonNode) doc;
            })
        .list()
        .ofMaxSize(5)
        .map(
            docs -> {
              ObjectNode o = F.objectNode();
              o.putArray("results").addAll(docs);
              return o;
            });
  }

  private static ObjectNode side(
      int kind, JsonNode body, String text, double latency, boolean llm, long tokens) {
    ObjectNode s = F.objectNode();
    if (kind == 3) { // timeout or refused: no status, an error
      s.put("latency_ms", latency);
      s.putObject("error")
          .put("kind", tokens % 2 == 0 ? "timeout" : "connect")
          .put("message", text);
      return s;
    }
    s.put("status", kind == 2 ? 503 : 200);
    s.put("latency_ms", latency);
    s.putObject("headers").put("content-type", "application/json").put("x-note", text);
    s.put("body_bytes", 42);
    if (kind == 1) {
      s.put("body_format", "text");
      s.put("body", text);
    } else if (kind == 4) {
      s.put("body_format", "base64");
      s.put("body", "AAEC/w==");
    } else {
      s.put("body_format", "json");
      s.set("body", body);
    }
    if (llm) {
      ObjectNode st = s.putObject("stream");
      st.put("ttfb_ms", latency / 3);
      st.putNull("ttft_ms");
      st.put("chunks", tokens);
      st.put("malformed", 0);
      st.put("truncated", false);
      ObjectNode l = s.putObject("llm");
      l.put("model", text);
      l.put("input_tokens", tokens);
      l.putNull("output_tokens");
      l.put("tokens_estimated", true);
      l.put("cost", new java.math.BigDecimal("0.000125"));
    }
    return s;
  }

  @Provide
  Arbitrary<ObjectNode> record() {
    Arbitrary<JsonNode> answer = Arbitraries.oneOf(body(), ranking());
    return Combinators.combine(
            Combinators.combine(
                    Arbitraries.integers().between(0, 4),
                    Arbitraries.integers().between(0, 4),
                    answer,
                    answer,
                    text(),
                    text())
                .as(Tuple::of),
            Combinators.combine(
                    Arbitraries.doubles().between(0, 5000),
                    Arbitraries.doubles().between(0, 5000),
                    Arbitraries.of(true, false),
                    Arbitraries.of(true, false),
                    Arbitraries.longs().between(0, 5000),
                    number())
                .as(Tuple::of))
        .as(
            (a, b) -> {
              boolean match = b.get3();
              ObjectNode r = F.objectNode();
              r.put("id", "r-" + a.get5());
              r.put("time", "2026-11-30T09:00:00.123456Z");
              if (b.get4()) {
                r.put("instance_id", a.get6());
                r.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
                r.putObject("trace").put("sampled", true).put("proxy_span_id", "00f067aa0ba902b7");
              }
              r.put("method", "POST");
              r.put("path", "/v1/" + a.get5());
              ObjectNode req = r.putObject("request");
              req.putObject("headers").put("content-type", "application/json");
              req.set("body", a.get3());
              r.put("input_key", "k" + a.get6().length());
              r.set("primary", side(a.get1(), a.get3(), a.get5(), b.get1(), b.get4(), b.get5()));
              r.set("shadow", side(a.get2(), a.get4(), a.get6(), b.get2(), b.get4(), b.get5()));
              r.set("latency_delta_ms", b.get6());
              ObjectNode v = r.putObject("verdict");
              v.put("comparator", "errors+label+score");
              v.put("match", match);
              if (!match) {
                v.put("severity", b.get5() % 2 == 0 ? "critical" : "warning");
              }
              v.put("difference_count", match ? 0 : 1);
              ArrayNode diffs = v.putArray("differences");
              if (!match) {
                ObjectNode d = diffs.addObject();
                d.put("kind", "label_flip").put("path", "/" + a.get5());
                d.set("primary", a.get3());
                d.set("shadow", a.get4());
                d.put("severity", "warning");
              }
              ArrayNode obs = v.putArray("observations");
              obs.addObject()
                  .put("comparator", "label")
                  .put("path", "/decision")
                  .put("metric", "agreement")
                  .put("value", match ? 1 : 0)
                  .put("primary", a.get5())
                  .put("shadow", a.get6());
              obs.addObject()
                  .put("comparator", "score")
                  .put("path", "/score")
                  .put("metric", "delta")
                  .set("value", b.get6());
              if (b.get5() % 3 == 0) {
                r.set("secondary", side(0, a.get3(), a.get5(), b.get1(), false, b.get5()));
                ObjectNode noise = r.putObject("noise");
                noise.put("match", false).put("difference_count", 1);
                noise.putArray("differences").addObject().put("kind", "score_delta");
              }
              return r;
            });
  }

  private static byte[] lines(List<ObjectNode> records, String separator) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ObjectNode r : records) {
      out.write(MAPPER.writeValueAsBytes(r));
      out.write(separator.getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  @Property(tries = 300)
  void recordsAsTheProxyWritesThemAreReadAlikeAndByTheScannerItself(
      @ForAll("records") List<ObjectNode> records, @ForAll boolean crlf) throws Exception {
    byte[] file = lines(records, crlf ? "\r\n" : "\n");
    ScannedReads.Outcome scanned = ScannedReads.bothWaysAgree(file);
    assertThat(scanned.records()).hasSize(records.size());
    assertThat(scanned.stats().badLines()).isZero();
    // the scanner read them itself, except integers past 18 digits, which are Jackson's to type
    boolean bigIntegers = new String(file, StandardCharsets.UTF_8).matches("(?s).*\\d{19}.*");
    if (!bigIntegers) {
      assertThat(ScannedReads.jacksonLinesOrMinusOne(file)).isZero();
    }
  }

  @Provide
  Arbitrary<List<ObjectNode>> records() {
    return record().list().ofMinSize(1).ofMaxSize(6);
  }

  /** A change to the bytes of a file: what a crash, a bad disk or a foreign writer might leave. */
  record Mutation(int kind, double where, byte value, double length) {

    byte[] apply(byte[] b) {
      if (b.length == 0) {
        return new byte[] {value};
      }
      int at = (int) (where * b.length);
      int span = Math.max(1, (int) (length * 40));
      return switch (kind) {
        case 0 -> java.util.Arrays.copyOf(b, at); // cut short
        case 1 -> splice(b, at, at, new byte[] {value}); // a byte inserted
        case 2 ->
            splice(
                b, Math.min(at, b.length - 1), Math.min(at, b.length - 1) + 1, new byte[] {value});
        case 3 -> splice(b, at, Math.min(b.length, at + span), new byte[0]); // a few bytes gone
        default -> // a few bytes repeated
            splice(b, at, at, java.util.Arrays.copyOfRange(b, at, Math.min(b.length, at + span)));
      };
    }

    // b with the bytes from..to replaced by insert
    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
      byte[] out = new byte[b.length - (to - from) + insert.length];
      System.arraycopy(b, 0, out, 0, from);
      System.arraycopy(insert, 0, out, from, insert.length);
      System.arraycopy(b, to, out, from + insert.length, b.length - to);
      return out;
    }
  }

  @Provide
  Arbitrary<Mutation> mutation() {
    // bytes that matter to a JSON reader, and bytes that are not UTF-8
    Arbitrary<Byte> value =
        Arbitraries.of(
            (byte) '{',
            (byte) '}',
            (byte) '[',
            (byte) ']',
            (byte) '"',
            (byte) '\\',
            (byte) ':',
            (byte) ',',
            (byte) '\n',
            (byte) '\r',
            (byte) ' ',
            (byte) '\t',
            (byte) '0',
            (byte) '-',
            (byte) '.',
            (byte) 'e',
            (byte) 'u',
            (byte) 't',
            (byte) 'x',
            (byte) 0,
            (byte) 0x1f,
            (byte) 0x7f,
            (byte) 0x80,
            (byte) 0xbf,
            (byte) 0xc0,
            (byte) 0xc3,
            (byte) 0xe0,
            (byte) 0xed,
            (byte) 0xf0,
            (byte) 0xf4,
            (byte) 0xf5,
            (byte) 0xff);
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.doubles().between(0, 1),
            value,
            Arbitraries.doubles().between(0, 1))
        .as(Mutation::new);
  }

  @Property(tries = 400)
  void damagedFilesAreReadAlikeWithTheSameSkippedLinesAndMessages(
      @ForAll("records") List<ObjectNode> records, @ForAll("mutations") List<Mutation> mutations)
      throws Exception {
    byte[] file = lines(records, "\n");
    for (Mutation m : mutations) {
      file = m.apply(file);
    }
    ScannedReads.bothWaysAgree(file);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return mutation().list().ofMinSize(1).ofMaxSize(3);
  }

  @Property(tries = 200)
  void numbersAreTypedAndValuedAsJacksonDoes(@ForAll("numberTexts") List<String> numbers)
      throws Exception {
    List<String> lines = new ArrayList<>();
    for (String n : numbers) {
      lines.add(
          "{\"id\":\"n\",\"primary\":{\"latency_ms\":"
              + n
              + ",\"body\":["
              + n
              + "]},\"verdict\":{\"match\":true,\"observations\":[{\"value\":"
              + n
              + "}]}}");
    }
    ScannedReads.bothWaysAgree(String.join("\n", lines).getBytes(StandardCharsets.US_ASCII));
  }

  // number texts near every edge: int and long bounds, 18 and 19 digits, exponents, and some that
  // are not JSON
  @Provide
  Arbitrary<List<String>> numberTexts() {
    Arbitrary<String> edge =
        Arbitraries.of(
            "0",
            "-0",
            "-0.0",
            "0.0",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "999999999999999999",
            "1000000000000000000",
            "1e400",
            "-1e400",
            "1E+2",
            "1e-2",
            "4.9e-324",
            "2.2250738585072011e-308",
            "0.1",
            "123456789012345678901234567890",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "NaN",
            "1.5e+",
            "0x10",
            "1_000");
    Arbitrary<String> random =
        Combinators.combine(
                Arbitraries.of("", "-"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22),
                Arbitraries.of("", ".5", ".000001", "e10", "E-7", ".25e+3"))
            .as((sign, digits, tail) -> sign + digits + tail);
    return Arbitraries.oneOf(edge, random).list().ofMinSize(1).ofMaxSize(5);
  }
}
