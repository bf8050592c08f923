package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.trace.OtlpExport;
import dev.shadowpipeline.shadow.trace.ProxyTracing;
import dev.shadowpipeline.shadow.trace.TraceParent;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's spans exported over OTLP/HTTP to a real collector on loopback ({@link OtlpReceiver} decodes the
 * protobuf {@code ExportTraceServiceRequest}): the proxy's server span continues the caller's trace, the primary's
 * call and the mirrored shadow copy are its children, the copy is linked to the primary's call and marked mirrored,
 * and every id agrees with the headers the upstreams received and with the record. A collector that refuses or
 * stalls costs callers nothing: spans are counted failed or dropped.
 */
class TracingExportTest {

  static final String TRACE_ID = TraceContextTest.TRACE_ID;
  static final String CALLER_SPAN = TraceContextTest.CALLER_SPAN;

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

  private static ProxyTracing exporting(OtlpReceiver receiver, int queue) {
    return exporting(receiver, queue, Duration.ofSeconds(5));
  }

  private static ProxyTracing exporting(OtlpReceiver receiver, int queue, Duration timeout) {
    return ProxyTracing.exporting(
        OtlpExport.http(
            OtlpExport.tracesUrl(receiver.url()), Map.of("x-api-key", "s3cret-from-env"), timeout),
        "replica-a",
        queue,
        Duration.ofMillis(50));
  }

  private int call(ProxyHarness proxy, String traceparent) throws Exception {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost("127.0.0.1")
            .setPort(proxy.proxy.port())
            .setURI("/predict")
            .putHeader("Content-Type", "application/json");
    if (traceparent != null) {
      options.putHeader("traceparent", traceparent);
    }
    return caller.call(options, "{\"x\":1}").status();
  }

  private static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, String name) {
    List<OtlpReceiver.Received> named =
        spans.stream().filter(s -> s.span().getName().equals(name)).toList();
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  @Test
  void theSpansReachTheCollectorWithTheCallersTraceAndTheMirroredCopyLinkedToThePrimary()
      throws Exception {
    try (OtlpReceiver collector = new OtlpReceiver(vertx);
        TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b,
                s -> s.instanceId("replica-a").tracing(exporting(collector, 2048)))) {
      assertThat(call(proxy, "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")).isEqualTo(200);
      JsonNode record = proxy.closeAndReadRecords().get(0); // closing sends what is queued

      List<OtlpReceiver.Received> spans = collector.spans();
      assertThat(spans).hasSize(3);
      OtlpReceiver.Received server = only(spans, "POST");
      OtlpReceiver.Received toPrimary = only(spans, "POST primary");
      OtlpReceiver.Received toShadow = only(spans, "POST shadow");
      for (OtlpReceiver.Received s : spans) {
        assertThat(s.traceId()).isEqualTo(TRACE_ID);
        assertThat(s.resourceAttribute("service.name")).isEqualTo("shadow-proxy");
        assertThat(s.resourceAttribute("service.instance.id")).isEqualTo("replica-a");
        assertThat(s.headers().get("x-api-key")).isEqualTo("s3cret-from-env");
      }
      // the proxy's span continues the caller's; the two calls are its children
      assertThat(server.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
      assertThat(server.attribute("http.response.status_code")).isEqualTo("200");
      assertThat(toPrimary.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(toPrimary.parentSpanId()).isEqualTo(server.spanId());
      assertThat(toShadow.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(toShadow.parentSpanId()).isEqualTo(server.spanId());
      // the copy: marked mirrored, linked to the primary's call
      assertThat(toShadow.attribute("shadow.mirrored")).isEqualTo("true");
      assertThat(toShadow.attribute("shadow.side")).isEqualTo("shadow");
      assertThat(toShadow.attribute("shadow.request_id")).isEqualTo(record.path("id").asText());
      assertThat(toPrimary.attribute("shadow.mirrored")).isNull();
      assertThat(toShadow.span().getLinksList()).hasSize(1);
      Span.Link link = toShadow.span().getLinks(0);
      assertThat(OtlpReceiver.hex(link.getTraceId())).isEqualTo(TRACE_ID);
      assertThat(OtlpReceiver.hex(link.getSpanId())).isEqualTo(toPrimary.spanId());
      // each upstream saw its call's span as the parent
      assertThat(TraceParent.parse(primary.received().get(0).header("traceparent")).parentId())
          .isEqualTo(toPrimary.spanId());
      assertThat(TraceParent.parse(shadow.received().get(0).header("traceparent")).parentId())
          .isEqualTo(toShadow.spanId());
      // and the record names them all
      assertThat(record.path("trace_id").asText()).isEqualTo(TRACE_ID);
      assertThat(record.at("/trace/proxy_span_id").asText()).isEqualTo(server.spanId());
      assertThat(record.at("/trace/primary_span_id").asText()).isEqualTo(toPrimary.spanId());
      assertThat(record.at("/trace/shadow_span_id").asText()).isEqualTo(toShadow.spanId());
      assertThat(proxy.proxy.tracing().exportedSpans()).isEqualTo(3);
    }
  }

  @Test
  void aTraceTheCallerDidNotSampleIsNotExported() throws Exception {
    try (OtlpReceiver collector = new OtlpReceiver(vertx);
        TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b,
                s -> s.tracing(exporting(collector, 2048)))) {
      assertThat(call(proxy, "00-" + TRACE_ID + "-" + CALLER_SPAN + "-00")).isEqualTo(200);
      assertThat(call(proxy, null)).isEqualTo(200); // a trace the proxy starts is sampled
      proxy.closeAndReadRecords();
      assertThat(collector.spans()).hasSize(3).allMatch(s -> !s.traceId().equals(TRACE_ID));
    }
  }

  @Test
  void aCollectorThatRefusesCostsCallersNothingAndItsSpansAreCountedFailed() throws Exception {
    try (OtlpReceiver collector = new OtlpReceiver(vertx);
        TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b,
                s -> s.tracing(exporting(collector, 2048)))) {
      collector.answerWith(400); // refused: not retried
      for (int i = 0; i < 10; i++) {
        assertThat(call(proxy, null)).isEqualTo(200);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> proxy.proxy.tracing().failedSpans() == 30);
      assertThat(proxy.proxy.scrapeMetrics())
          .contains("shadow_trace_spans_total{outcome=\"failed\"} 30.0");
      assertThat(proxy.closeAndReadRecords()).hasSize(10);
      assertThat(proxy.proxy.tracing().exportedSpans()).isZero();
    }
  }

  @Test
  void aStalledCollectorFillsTheBoundedQueueAndFurtherSpansAreDroppedAndCounted() throws Exception {
    int requests = 20;
    int queue = 4;
    try (OtlpReceiver collector = new OtlpReceiver(vertx);
        TestUpstream primary = TestUpstream.start(vertx, TestUpstream.echo());
        TestUpstream shadow = TestUpstream.start(vertx, TestUpstream.echo());
        ProxyHarness proxy =
            new ProxyHarness(
                primary.url(),
                shadow.url(),
                out,
                b -> b,
                // an export waits for as long as the test holds it
                s -> s.tracing(exporting(collector, queue, Duration.ofSeconds(60))))) {
      collector.holdRequests();
      // the first batch (one request's spans, or some of them) is taken by an export that hangs:
      // the export thread waits for it, and everything after it waits in the queue or is dropped
      assertThat(call(proxy, null)).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.requests() >= 1);
      for (int i = 1; i < requests; i++) {
        assertThat(call(proxy, null)).isEqualTo(200);
      }
      ProxyTracing tracing = proxy.proxy.tracing();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(tracing.queuedSpans()).isEqualTo(queue));
      // 3 spans per request: one export holds some, the queue 4 more, the rest were dropped
      long dropped = 3L * requests - collector.heldSpans() - queue;
      assertThat(collector.heldSpans()).isBetween(1, 3);
      assertThat(tracing.droppedSpans()).isEqualTo(dropped);
      assertThat(proxy.proxy.scrapeMetrics())
          .contains("shadow_trace_spans_total{outcome=\"dropped\"} " + (double) dropped);
      collector.release();
      proxy.closeAndReadRecords();
      // every span is accounted for exactly once
      assertThat(tracing.exportedSpans() + tracing.failedSpans() + tracing.droppedSpans())
          .isEqualTo(3L * requests);
      assertThat(tracing.queuedSpans()).isZero();
    }
  }
}
