package dev.shadowpipeline.shadow.proxy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real OTLP/HTTP collector on loopback, for tests: it decodes every {@code POST /v1/traces} body as the protobuf
 * {@code ExportTraceServiceRequest} the OTLP specification defines and keeps the spans; it answers 200 with an empty
 * {@code ExportTraceServiceResponse}, or with the status the test sets, or holds the requests until released.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One span as received, with the resource it came under and the headers of its export request. */
  record Received(Span span, List<KeyValue> resource, MultiMap headers) {
    String traceId() {
      return hex(span.getTraceId());
    }

    String spanId() {
      return hex(span.getSpanId());
    }

    String parentSpanId() {
      return hex(span.getParentSpanId());
    }

    String attribute(String key) {
      return value(span.getAttributesList(), key);
    }

    String resourceAttribute(String key) {
      return value(resource, key);
    }
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  static String value(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        var v = kv.getValue();
        return switch (v.getValueCase()) {
          case STRING_VALUE -> v.getStringValue();
          case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
          case INT_VALUE -> Long.toString(v.getIntValue());
          case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
          default -> v.toString();
        };
      }
    }
    return null;
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
  private final List<HttpServerRequest> held = new ArrayList<>();
  private int heldSpans;
  private volatile int status = 200;
  private volatile boolean hold;
  private final java.util.concurrent.atomic.AtomicInteger requests =
      new java.util.concurrent.atomic.AtomicInteger();

  OtlpReceiver(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle);
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              requests.incrementAndGet();
              if (!req.path().equals("/v1/traces")) {
                req.response().setStatusCode(404).end();
                return;
              }
              if (hold) {
                synchronized (held) {
                  held.add(req);
                  heldSpans += spanCount(body);
                }
                return;
              }
              answer(req, body);
            });
  }

  private void answer(HttpServerRequest req, Buffer body) {
    if (status != 200) {
      req.response().setStatusCode(status).end();
      return;
    }
    try {
      ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
      MultiMap headers = HttpHeaders.headers().addAll(req.headers());
      for (ResourceSpans rs : export.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            spans.add(new Received(s, rs.getResource().getAttributesList(), headers));
          }
        }
      }
      req.response()
          .putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
    } catch (InvalidProtocolBufferException e) {
      req.response().setStatusCode(400).end(e.getMessage());
    }
  }

  private static int spanCount(Buffer body) {
    try {
      int n = 0;
      for (ResourceSpans rs :
          ExportTraceServiceRequest.parseFrom(body.getBytes()).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          n += ss.getSpansCount();
        }
      }
      return n;
    } catch (InvalidProtocolBufferException e) {
      return 0;
    }
  }

  /** Spans in the exports held so far. */
  int heldSpans() {
    synchronized (held) {
      return heldSpans;
    }
  }

  /** Answers every later export with this status (400: refused, not retried). */
  void answerWith(int code) {
    status = code;
  }

  /** Keeps every later export waiting, unanswered, until {@link #release()}. */
  void holdRequests() {
    hold = true;
  }

  /** Answers the held exports (as the current status says) and stops holding. */
  void release() {
    hold = false;
    synchronized (held) {
      for (HttpServerRequest req : held) {
        // the body was read before it was held; an empty one decodes to no span
        req.response().setStatusCode(status == 200 ? 200 : status).end();
      }
      held.clear();
    }
  }

  int requests() {
    return requests.get();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Received> spans() {
    return new ArrayList<>(spans);
  }

  // InterruptedException is not thrown from close(): try-with-resources would suppress an interrupt
  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the collector", e);
    }
  }
}
