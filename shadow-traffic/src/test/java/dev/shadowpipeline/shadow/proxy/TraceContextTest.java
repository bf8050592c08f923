package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.trace.TraceParent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W3C Trace Context through the proxy, as real upstreams on loopback receive it: the caller's trace is continued,
 * each upstream sees a span of its own as the parent, the copies are marked mirrored, a broken {@code traceparent}
 * is replaced rather than forwarded, and the record names the trace, every span and the proxy's instance id.
 */
class TraceContextTest {

  // the examples of the W3C recommendation, section 3.2.2
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN = "00f067aa0ba902b7";
  static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  private Vertx vertx;
  private LoopbackCaller caller;
  @TempDir Path out;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    caller = new LoopbackCaller(vertx, 2);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void call(ProxyHarness proxy, Map<String, List<String>> headers) throws Exception {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(proxy.proxy.port())
            .setURI("/predict")
            .putHeader("Content-Type", "application/json");
    headers.forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
    assertThat(caller.call(options, "{\"x\":1}").status()).isEqualTo(200);
  }

  private static TraceParent parent(TestUpstream upstream) {
    List<String> values = upstream.received().get(0).headers().getAll("traceparent");
    assertThat(values).as("one traceparent").hasSize(1);
    TraceParent parsed = TraceParent.parse(values.get(0));
    assertThat(parsed).as("a valid traceparent: " + values.get(0)).isNotNull();
    assertThat(values.get(0)).startsWith("00-");
    return parsed;
  }

  @Test
  void theCallersTraceIsContinuedWithASpanPerUpstreamAndTheCopiesMarkedMirrored() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream secondary = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b.secondary(secondary.url()),
                s -> s.instanceId("replica-a"))) {
      call(
          proxy,
          Map.of(
              "traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"),
              "tracestate", List.of(TRACESTATE)));
      JsonNode record = proxy.closeAndReadRecords().get(0);

      TraceParent toPrimary = parent(primary);
      TraceParent toShadow = parent(shadow);
      TraceParent toSecondary = parent(secondary);
      for (TraceParent p : List.of(toPrimary, toShadow, toSecondary)) {
        assertThat(p.traceId()).isEqualTo(TRACE_ID);
        assertThat(p.flags()).isEqualTo(1);
        assertThat(p.parentId()).isNotEqualTo(CALLER_SPAN);
      }
      assertThat(List.of(toPrimary.parentId(), toShadow.parentId(), toSecondary.parentId()))
          .doesNotHaveDuplicates();
      for (TestUpstream u : List.of(primary, shadow, secondary)) {
        assertThat(u.received().get(0).headers().getAll("tracestate")).containsExactly(TRACESTATE);
      }
      // only the copies are marked: the primary's request is the caller's
      assertThat(primary.received().get(0).header("X-Shadow-Mirrored")).isNull();
      assertThat(shadow.received().get(0).header("X-Shadow-Mirrored")).isEqualTo("1");
      assertThat(secondary.received().get(0).header("X-Shadow-Mirrored")).isEqualTo("1");

      // the record names the trace and the span each upstream saw as its parent
      assertThat(record.path("instance_id").asText()).isEqualTo("replica-a");
      assertThat(record.path("trace_id").asText()).isEqualTo(TRACE_ID);
      JsonNode trace = record.path("trace");
      assertThat(trace.path("sampled").asBoolean()).isTrue();
      assertThat(trace.path("caller_span_id").asText()).isEqualTo(CALLER_SPAN);
      assertThat(trace.path("primary_span_id").asText()).isEqualTo(toPrimary.parentId());
      assertThat(trace.path("shadow_span_id").asText()).isEqualTo(toShadow.parentId());
      assertThat(trace.path("secondary_span_id").asText()).isEqualTo(toSecondary.parentId());
      assertThat(trace.path("proxy_span_id").asText())
          .matches("[0-9a-f]{16}")
          .isNotIn(CALLER_SPAN, toPrimary.parentId(), toShadow.parentId(), toSecondary.parentId());
      // the caller's own header is recorded as it came
      assertThat(record.at("/request/headers/traceparent").asText())
          .isEqualTo("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
    }
  }

  @Test
  void aTraceTheCallerDidNotSampleStaysUnsampled() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      call(proxy, Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-00")));
      JsonNode record = proxy.closeAndReadRecords().get(0);
      assertThat(parent(primary).flags()).isZero();
      assertThat(parent(shadow).flags()).isZero();
      assertThat(record.at("/trace/sampled").asBoolean(true)).isFalse();
    }
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceAndTheRecordNamesIt() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      // a tracestate without its traceparent belongs to no trace: not forwarded
      call(proxy, Map.of("tracestate", List.of(TRACESTATE)));
      JsonNode record = proxy.closeAndReadRecords().get(0);
      TraceParent toPrimary = parent(primary);
      TraceParent toShadow = parent(shadow);
      assertThat(toShadow.traceId()).isEqualTo(toPrimary.traceId());
      assertThat(toShadow.parentId()).isNotEqualTo(toPrimary.parentId());
      assertThat(toPrimary.sampled()).isTrue();
      assertThat(primary.received().get(0).headers().contains("tracestate")).isFalse();
      assertThat(shadow.received().get(0).headers().contains("tracestate")).isFalse();
      assertThat(record.path("trace_id").asText()).isEqualTo(toPrimary.traceId());
      assertThat(record.path("trace").has("caller_span_id")).isFalse();
      assertThat(record.at("/trace/primary_span_id").asText()).isEqualTo(toPrimary.parentId());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // trace-id all zero
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // parent-id all zero
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // 00 with more
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // dash misplaced
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", // flags not hex
        "not a traceparent"
      })
  void aBrokenTraceparentIsReplacedByANewTraceNeverForwarded(String broken) throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      call(proxy, Map.of("traceparent", List.of(broken), "tracestate", List.of(TRACESTATE)));
      JsonNode record = proxy.closeAndReadRecords().get(0);
      for (TestUpstream u : List.of(primary, shadow)) {
        TraceParent p = parent(u);
        assertThat(p.traceId()).isNotEqualToIgnoringCase(TRACE_ID);
        assertThat(p.sampled()).isTrue();
        assertThat(u.received().get(0).headers().contains("tracestate")).isFalse();
      }
      assertThat(parent(shadow).traceId()).isEqualTo(parent(primary).traceId());
      assertThat(record.path("trace_id").asText()).isEqualTo(parent(primary).traceId());
      assertThat(record.path("trace").has("caller_span_id")).isFalse();
    }
  }

  @Test
  void twoTraceparentHeadersAreInvalidAndReplaced() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      call(
          proxy,
          Map.of(
              "traceparent",
              List.of(
                  "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01",
                  "00-" + TRACE_ID + "-b7ad6b7169203331-01")));
      proxy.closeAndReadRecords();
      assertThat(parent(primary).traceId()).isNotEqualTo(TRACE_ID);
      assertThat(parent(shadow).traceId()).isEqualTo(parent(primary).traceId());
    }
  }

  @Test
  void aHigherVersionIsReadAsVersion00AndForwardedAs00() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy = ProxyHarness.start(primary.url(), shadow.url(), out)) {
      call(
          proxy,
          Map.of("traceparent", List.of("cc-" + TRACE_ID + "-" + CALLER_SPAN + "-01-what-next")));
      JsonNode record = proxy.closeAndReadRecords().get(0);
      assertThat(parent(primary).traceId()).isEqualTo(TRACE_ID);
      assertThat(record.at("/trace/caller_span_id").asText()).isEqualTo(CALLER_SPAN);
    }
  }

  @Test
  void aRequestNotMirroredStillContinuesTheTraceToThePrimary() throws Exception {
    try (TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(primary.url(), shadow.url(), out, b -> b.sampleRate(0))) {
      call(proxy, Map.of("traceparent", List.of("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")));
      assertThat(proxy.closeAndReadRecords()).isEmpty();
      assertThat(parent(primary).traceId()).isEqualTo(TRACE_ID);
      assertThat(parent(primary).parentId()).isNotEqualTo(CALLER_SPAN);
      assertThat(shadow.receivedCount()).isZero();
    }
  }
}
