package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlRecordSinkTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final RecordFormat FORMAT =
      new RecordFormat(new HeaderRedactor(List.of("X-Tenant-Secret")), MAPPER, 1 << 20);
  @TempDir Path dir;

  static ComparedExchange compare(Exchange e) {
    Answer p = Answer.of(e.primary(), MAPPER, 1 << 20);
    Answer s = Answer.of(e.shadow(), MAPPER, 1 << 20);
    return new ComparedExchange(
        e, p, s, new JsonComparator(NumericTolerance.EXACT, List.of()).compare(p, s));
  }

  @Test
  void appendsOneParseableLinePerExchangeAndKeepsEarlierLines() throws Exception {
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n");
    try (JsonlRecordSink sink = JsonlRecordSink.open(file, FORMAT)) {
      sink.accept(compare(Exchanges.exchange("one")));
      sink.accept(compare(Exchanges.exchange("two")));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(MAPPER.readTree(lines.get(0)).get("earlier").asBoolean()).isTrue();
    assertThat(MAPPER.readTree(lines.get(2)).get("id").asText()).isEqualTo("two");
  }

  @Test
  void aHalfWrittenLastLineFromACrashIsClosedOff() throws Exception {
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, "{\"ok\":1}\n{\"cut\":");
    try (JsonlRecordSink sink = JsonlRecordSink.open(file, FORMAT)) {
      sink.accept(compare(Exchanges.exchange("after-crash")));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).containsExactly("{\"ok\":1}", "{\"cut\":", lines.get(2));
    assertThat(MAPPER.readTree(lines.get(2)).get("id").asText()).isEqualTo("after-crash");
  }

  @Test
  void credentialsAndConfiguredHeadersAreRedactedBeforeTheyReachTheFile() throws Exception {
    String text =
        recordWithRequestHeaders(
            new Header("Authorization", "Bearer top-secret-token"),
            new Header("Cookie", "sid=cookie-secret"),
            new Header("X-Tenant-Secret", "t3nant-value"),
            new Header("X-Trace", "visible"));
    assertThat(text)
        .doesNotContain("top-secret-token", "cookie-secret", "t3nant-value", "session=abc");
    JsonNode r = MAPPER.readTree(text);
    assertThat(r.at("/request/headers/authorization").asText()).isEqualTo(HeaderRedactor.MASK);
    assertThat(r.at("/request/headers/x-tenant-secret").asText()).isEqualTo(HeaderRedactor.MASK);
    assertThat(r.at("/primary/headers/set-cookie").asText()).isEqualTo(HeaderRedactor.MASK);
    assertThat(r.at("/request/headers/x-trace").asText()).isEqualTo("visible");
  }

  @Test
  void aHeaderGivenSeveralTimesIsOneFieldHoldingEveryValueInOrder() throws Exception {
    String text =
        recordWithRequestHeaders(
            new Header("X-Tag", "a"),
            new Header("Cookie", "one=secret-1"),
            new Header("x-tag", "b"),
            new Header("Accept", "application/json"),
            new Header("X-TAG", "c"),
            new Header("cookie", "two=secret-2"));
    JsonNode headers = MAPPER.readTree(text).at("/request/headers");
    assertThat(MAPPER.writeValueAsString(headers))
        .isEqualTo(
            "{\"x-tag\":[\"a\",\"b\",\"c\"],\"cookie\":[\""
                + HeaderRedactor.MASK
                + "\",\""
                + HeaderRedactor.MASK
                + "\"],\"accept\":\"application/json\"}");
  }

  @Test
  void recordShape() throws Exception {
    Path file = dir.resolve("records.jsonl");
    try (JsonlRecordSink sink = JsonlRecordSink.open(file, FORMAT)) {
      sink.accept(
          compare(Exchanges.exchange("shape", List.of(), "{\"x\":1}", "{\"y\":1}", "{\"y\":2}")));
    }
    JsonNode r = MAPPER.readTree(Files.readString(file));
    assertThat(r.get("time").asText()).isEqualTo("2026-11-23T09:00:00Z");
    assertThat(r.at("/request/body/x").asInt()).isEqualTo(1);
    assertThat(r.at("/request/body_format").asText()).isEqualTo("json");
    assertThat(r.at("/primary/latency_ms").asDouble()).isEqualTo(2.0);
    assertThat(r.at("/shadow/latency_ms").asDouble()).isEqualTo(5.5);
    assertThat(r.get("latency_delta_ms").asDouble()).isEqualTo(3.5);
    assertThat(r.at("/verdict/match").asBoolean()).isFalse();
    assertThat(r.at("/verdict/differences/0/path").asText()).isEqualTo("/y");
    assertThat(r.at("/verdict/differences/0/primary").asInt()).isEqualTo(1);
    assertThat(r.at("/verdict/differences/0/shadow").asInt()).isEqualTo(2);
  }

  @Test
  void queryCredentialsAndUrlPasswordsAreMaskedAndTheInputKeyIgnoresTheKey() throws Exception {
    Path file = dir.resolve("records.jsonl");
    try (JsonlRecordSink sink = JsonlRecordSink.open(file, FORMAT)) {
      sink.accept(compare(withQuery("a", "q=shoes&api_key=k3y-one&n=5")));
      sink.accept(compare(withQuery("b", "q=shoes&api_key=k3y-two&n=5")));
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("k3y-one", "k3y-two", "sh4dow-pw");
    List<String> lines = Files.readAllLines(file);
    JsonNode a = MAPPER.readTree(lines.get(0));
    JsonNode b = MAPPER.readTree(lines.get(1));
    assertThat(a.get("query").asText()).isEqualTo("q=shoes&api_key=[REDACTED]&n=5");
    assertThat(a.get("shadow_target").asText()).isEqualTo("http://svc:****@shadow:1");
    // two callers with different keys sent the same input: one suite entry, not one per key
    assertThat(a.get("input_key").asText())
        .isEqualTo(b.get("input_key").asText())
        .isEqualTo(
            RequestKey.of(
                "POST", "/predict", "q=shoes&api_key=[REDACTED]&n=5", a.at("/request/body")));
  }

  private static Exchange withQuery(String id, String query) {
    Exchange e = Exchanges.exchange(id);
    CapturedRequest r = e.request();
    return new Exchange(
        new CapturedRequest(id, r.time(), r.method(), r.path(), query, r.headers(), r.body()),
        e.primary(),
        e.shadow(),
        "http://svc:sh4dow-pw@shadow:1");
  }

  // the records file after one diverging pair whose request carried these headers
  private String recordWithRequestHeaders(Header... headers) throws Exception {
    Path file = dir.resolve("records.jsonl");
    Exchange e = Exchanges.exchange("r", List.of(headers), "{\"x\":1}", "{\"y\":1}", "{\"y\":2}");
    try (JsonlRecordSink sink = JsonlRecordSink.open(file, FORMAT)) {
      sink.accept(compare(e));
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
