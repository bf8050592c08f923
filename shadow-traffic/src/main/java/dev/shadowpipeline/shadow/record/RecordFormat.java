package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Difference;
import dev.shadowpipeline.shadow.compare.Observation;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.DecodedBody;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.JsonBody;
import dev.shadowpipeline.shadow.exchange.TraceIds;
import dev.shadowpipeline.shadow.llm.LlmAnswer;
import dev.shadowpipeline.shadow.llm.PriceTable;
import dev.shadowpipeline.shadow.llm.StreamTiming;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import dev.shadowpipeline.shadow.redact.QueryRedactor;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON shape of one record in {@code records.jsonl}; the README documents it field by field. Bodies are embedded
 * as JSON when they parse, as text when they are UTF-8 without control characters, as base64 otherwise
 * ({@code body_format} says which): a binary body never becomes a line of {@code \u0000} escapes six times its size.
 * A body longer than the capture limit is recorded cut, with {@code body_truncated}, its whole {@code body_size} and
 * {@code body_sha256}.
 */
public final class RecordFormat {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final TextNode MASKED = TextNode.valueOf(HeaderRedactor.MASK);
  private final HeaderRedactor redactor;
  private final QueryRedactor queryRedactor;
  private final BodyRedactor bodyRedactor;
  private final ObjectMapper mapper;
  private final int captureLimitBytes;
  private final PriceTable prices;
  private final String instanceId;
  private final Map<String, HeaderName> headerNames = new ConcurrentHashMap<>();
  private static final int HEADER_NAMES_KEPT = 512;

  /**
   * @param redactor which header values are masked
   * @param mapper parses JSON request bodies so they are embedded as JSON
   * @param captureLimitBytes cap on a decoded request body
   */
  public RecordFormat(HeaderRedactor redactor, ObjectMapper mapper, int captureLimitBytes) {
    this(redactor, BodyRedactor.NONE, mapper, captureLimitBytes);
  }

  /**
   * @param redactor which header values are masked
   * @param bodyRedactor which JSON fields of bodies (and of the differences found in them) are masked or hashed
   * @param mapper parses JSON request bodies so they are embedded as JSON
   * @param captureLimitBytes cap on a decoded request body
   */
  public RecordFormat(
      HeaderRedactor redactor,
      BodyRedactor bodyRedactor,
      ObjectMapper mapper,
      int captureLimitBytes) {
    this(redactor, QueryRedactor.DEFAULT, bodyRedactor, mapper, captureLimitBytes);
  }

  /**
   * @param redactor which header values are masked
   * @param queryRedactor which query parameter values are masked
   * @param bodyRedactor which JSON fields of bodies (and of the differences found in them) are masked or hashed
   * @param mapper parses JSON request bodies so they are embedded as JSON
   * @param captureLimitBytes cap on a decoded request body
   */
  public RecordFormat(
      HeaderRedactor redactor,
      QueryRedactor queryRedactor,
      BodyRedactor bodyRedactor,
      ObjectMapper mapper,
      int captureLimitBytes) {
    this(redactor, queryRedactor, bodyRedactor, mapper, captureLimitBytes, PriceTable.NONE, null);
  }

  private RecordFormat(
      HeaderRedactor redactor,
      QueryRedactor queryRedactor,
      BodyRedactor bodyRedactor,
      ObjectMapper mapper,
      int captureLimitBytes,
      PriceTable prices,
      String instanceId) {
    this.bodyRedactor = bodyRedactor;
    this.redactor = redactor;
    this.queryRedactor = queryRedactor;
    this.mapper = mapper;
    this.captureLimitBytes = captureLimitBytes;
    this.prices = prices;
    this.instanceId = instanceId;
  }

  /** The same format, pricing LLM answers with {@code prices} (a side's {@code llm.cost}). */
  public RecordFormat withPrices(PriceTable prices) {
    return new RecordFormat(
        redactor, queryRedactor, bodyRedactor, mapper, captureLimitBytes, prices, instanceId);
  }

  /**
   * The same format, naming the proxy (or replay) that wrote each record in its {@code instance_id}; {@code null}
   * leaves the field out.
   */
  public RecordFormat withInstanceId(String instanceId) {
    return new RecordFormat(
        redactor, queryRedactor, bodyRedactor, mapper, captureLimitBytes, prices, instanceId);
  }

  /** The {@code instance_id} this format writes, or {@code null}. */
  public String instanceId() {
    return instanceId;
  }

  /**
   * The record as one line of {@code records.jsonl}, without its newline: what the records file and a message broker
   * carry, byte for byte.
   *
   * @throws JsonProcessingException when the record cannot be written as JSON (a bug: records hold JSON values only)
   */
  public byte[] line(ObjectNode record) throws JsonProcessingException {
    return mapper.writeValueAsBytes(record);
  }

  /** Builds the record for one compared exchange. */
  public ObjectNode toJson(ComparedExchange compared) {
    Exchange ex = compared.exchange();
    CapturedRequest req = ex.request();
    ObjectNode root = NODES.objectNode();
    root.put("id", req.id());
    root.put("time", req.time().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
    if (instanceId != null) {
      root.put("instance_id", instanceId);
    }
    if (ex.trace() != null) {
      putTrace(root, ex.trace());
    }
    root.put("method", req.method());
    root.put("path", req.path());
    // masked here, where every output starts, so that no file, summary or endpoint downstream sees
    // a credential
    String query = queryRedactor.redact(req.query());
    if (query != null) {
      root.put("query", query);
    }
    // the proxy gives the masked URL already; masked again for any other producer of exchanges
    root.put("shadow_target", UrlSecrets.mask(ex.shadowTarget()));

    ObjectNode request = root.putObject("request");
    request.set("headers", headers(req.headers()));
    DecodedBody requestBody =
        DecodedBody.of(
            req.body(),
            req.bodyTruncated(),
            headerValue(req.headers(), "content-encoding"),
            captureLimitBytes);
    // read unredacted for the LLM fields (the model and the prompt's length), written redacted
    JsonNode requestRaw =
        requestBody.truncated() ? null : JsonBody.parseOrNull(requestBody.bytes(), mapper);
    JsonNode requestJson = bodyRedactor.redact(requestRaw);
    putBody(request, requestBody, requestJson, req.digest());
    // the input's identity, computed once here for the suite, the report and anyone grouping
    // records by input, from
    // the masked query; a body too long to keep is known by its digest, so two long inputs that
    // share a start stay two
    JsonNode keyBody =
        req.digest() != null
            ? TextNode.valueOf("sha256:" + req.digest().sha256())
            : request.get("body");
    root.put("input_key", RequestKey.of(req.method(), req.path(), query, keyBody));

    root.set("primary", side(compared.primary(), requestRaw));
    root.set("shadow", side(compared.shadow(), requestRaw));
    root.put("latency_delta_ms", millis(ex.latencyDeltaNanos()));
    root.set("verdict", verdict(compared.verdict()));
    if (compared.secondary() != null) {
      root.set("secondary", side(compared.secondary(), requestRaw));
    }
    if (compared.noise() != null) {
      root.set("noise", noise(compared.noise()));
    }
    return root;
  }

  // the trace id where a search for it expects it, the spans beside it: which span each upstream
  // saw as the parent of its call
  private static void putTrace(ObjectNode root, TraceIds t) {
    root.put("trace_id", t.traceId());
    ObjectNode trace = root.putObject("trace");
    trace.put("sampled", t.sampled());
    if (t.callerSpanId() != null) {
      trace.put("caller_span_id", t.callerSpanId());
    }
    trace.put("proxy_span_id", t.proxySpanId());
    trace.put("primary_span_id", t.primarySpanId());
    if (t.shadowSpanId() != null) {
      trace.put("shadow_span_id", t.shadowSpanId());
    }
    if (t.secondarySpanId() != null) {
      trace.put("secondary_span_id", t.secondarySpanId());
    }
  }

  // the primary's disagreement with itself: which fields differed, not their values (those are in
  // the two sides)
  private static ObjectNode noise(Verdict noise) {
    ObjectNode node = NODES.objectNode();
    node.put("match", noise.match());
    node.put("difference_count", noise.differenceCount());
    ArrayNode list = node.putArray("differences");
    for (Difference d : noise.differences()) {
      ObjectNode item = list.addObject();
      item.put("kind", d.kind().label());
      item.put("path", d.path());
      item.put("severity", d.severity().label());
    }
    return node;
  }

  private ObjectNode side(Answer answer, JsonNode request) {
    ObjectNode node = NODES.objectNode();
    var response = answer.response();
    if (response.status() != 0) {
      node.put("status", response.status());
    }
    node.put("latency_ms", millis(response.latencyNanos()));
    if (response.error() != null) {
      ObjectNode error = node.putObject("error");
      error.put("kind", response.error().kind().label());
      error.put("message", response.error().message());
      return node;
    }
    node.set("headers", headers(response.headers()));
    putBody(node, answer.body(), bodyRedactor.redact(answer.json()), response.digest());
    putLlm(node, answer, request);
    return node;
  }

  // a streamed answer's timing, and an LLM answer's model, tokens and cost (README: "LLM answers")
  private void putLlm(ObjectNode node, Answer answer, JsonNode request) {
    StreamTiming stream = answer.response().stream();
    LlmAnswer llm = LlmAnswer.read(answer.json(), stream, request, prices);
    if (stream != null) {
      ObjectNode s = node.putObject("stream");
      s.put("ttfb_ms", millis(stream.ttfbNanos()));
      if (stream.hasContent()) {
        s.put("ttft_ms", millis(stream.ttftNanos()));
      } else {
        s.putNull("ttft_ms");
      }
      if (stream.gapCount() > 0) {
        s.put("itl_p50_ms", millis(stream.gapP50Nanos()));
        s.put("itl_p99_ms", millis(stream.gapP99Nanos()));
        s.put("itl_mean_ms", millis(Math.round(stream.gapMeanNanos())));
        s.put("itl_max_ms", millis(stream.gapMaxNanos()));
      }
      s.put("chunks", stream.events());
      s.put("content_chunks", stream.contentEvents());
      s.put("total_ms", millis(answer.response().latencyNanos()));
      double rate =
          llm == null ? Double.NaN : llm.outputTokensPerSecond(answer.response().latencyNanos());
      if (Double.isFinite(rate)) {
        s.put("output_tokens_per_s", Math.round(rate * 100) / 100.0);
      }
      s.put("malformed", stream.malformed());
      s.put("truncated", stream.truncated());
    }
    if (llm == null) {
      return;
    }
    ObjectNode l = node.putObject("llm");
    if (llm.model() != null) {
      l.put("model", llm.model());
    } else {
      l.putNull("model");
    }
    tokens(l, "input_tokens", llm.inputTokens());
    tokens(l, "output_tokens", llm.outputTokens());
    l.put("tokens_estimated", llm.estimated());
    if (llm.priced()) {
      l.put("cost", llm.cost());
      if (!llm.pricedModel().equals(llm.model())) {
        l.put("priced_as", llm.pricedModel());
      }
    } else {
      l.putNull("cost");
      l.put("unpriced", true);
    }
  }

  private static void tokens(ObjectNode node, String field, long tokens) {
    if (tokens >= 0) {
      node.put(field, tokens);
    } else {
      node.putNull(field);
    }
  }

  private ObjectNode verdict(Verdict verdict) {
    ObjectNode node = NODES.objectNode();
    node.put("comparator", verdict.comparator());
    node.put("match", verdict.match());
    if (verdict.severity() != null) {
      node.put("severity", verdict.severity().label());
    }
    node.put("difference_count", verdict.differenceCount());
    ArrayNode list = node.putArray("differences");
    for (Difference d : verdict.differences()) {
      ObjectNode item = list.addObject();
      item.put("kind", d.kind().label());
      item.put("path", d.path());
      if (d.primary() != null) {
        item.set("primary", bodyRedactor.redactAt(d.path(), d.primary()));
      }
      if (d.shadow() != null) {
        item.set("shadow", bodyRedactor.redactAt(d.path(), d.shadow()));
      }
      item.put("severity", d.severity().label());
      if (d.reason() != null) {
        item.put("reason", d.reason());
      }
    }
    if (!verdict.observations().isEmpty()) {
      ArrayNode observations = node.putArray("observations");
      for (Observation o : verdict.observations()) {
        ObjectNode item = observations.addObject();
        item.put("comparator", o.comparator());
        item.put("path", o.path());
        item.put("metric", o.metric());
        if (Double.isFinite(o.value())) {
          item.put("value", o.value());
        }
        if (o.unmeasured() != null) {
          item.put("unmeasured", o.unmeasured());
        }
        if (o.primary() != null) {
          item.set("primary", bodyRedactor.redactAt(o.path(), TextNode.valueOf(o.primary())));
        }
        if (o.shadow() != null) {
          item.set("shadow", bodyRedactor.redactAt(o.path(), TextNode.valueOf(o.shadow())));
        }
      }
    }
    return node;
  }

  // straight into the node's own map: a map of names first, copied in after, was a tenth of the
  // worker's allocation (RecordPath under JFR)
  private ObjectNode headers(List<Header> headers) {
    ObjectNode node = NODES.objectNode();
    for (Header h : headers) {
      HeaderName known = headerName(h.name());
      String name = known.lowerCase();
      TextNode value = known.secret() ? MASKED : TextNode.valueOf(h.value());
      JsonNode existing = node.get(name);
      if (existing == null) {
        node.set(name, value);
      } else if (existing.isArray()) {
        ((ArrayNode) existing).add(value);
      } else {
        node.set(name, NODES.arrayNode().add(existing).add(value));
      }
    }
    return node;
  }

  // the same few header names come with every answer: their lower case and whether they are
  // masked are worked out once (8% of the record worker's time went to headers in a profile), for
  // at most HEADER_NAMES_KEPT names so that a caller sending made-up names cannot grow the map
  private HeaderName headerName(String name) {
    HeaderName known = headerNames.get(name);
    if (known == null) {
      String lower = name.toLowerCase(Locale.ROOT);
      known = new HeaderName(lower, redactor.redacts(lower));
      if (headerNames.size() < HEADER_NAMES_KEPT) {
        headerNames.put(name, known);
      }
    }
    return known;
  }

  private record HeaderName(String lowerCase, boolean secret) {}

  private static void putBody(
      ObjectNode target, DecodedBody body, JsonNode json, BodyDigest digest) {
    byte[] bytes = body.bytes();
    target.put("body_bytes", bytes.length);
    if (body.encoding() != null) {
      target.put("content_encoding", body.encoding());
    }
    if (body.truncated()) {
      target.put("body_truncated", true);
    }
    if (digest != null) {
      target.put("body_size", digest.size());
      target.put("body_sha256", digest.sha256());
    }
    if (body.problem() != null) {
      target.put("body_problem", body.problem());
    }
    if (bytes.length == 0) {
      return;
    }
    if (json != null) {
      target.put("body_format", "json");
      target.set("body", json);
      return;
    }
    String text = text(bytes, body.truncated());
    if (text != null) {
      target.put("body_format", "text");
      target.put("body", text);
    } else {
      target.put("body_format", "base64");
      target.put("body", Base64.getEncoder().encodeToString(bytes));
    }
  }

  /**
   * The body as text when it is text: valid UTF-8 without control characters other than tab, line feed, carriage
   * return and form feed. A body cut at the capture limit may end inside a character; those last bytes are left out.
   */
  static String text(byte[] bytes, boolean cut) {
    for (byte b : bytes) {
      if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') || b == 0x7f) {
        return null;
      }
    }
    int end = bytes.length;
    for (int dropped = 0; dropped <= (cut ? 3 : 0) && end >= 0; dropped++, end--) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, end))
            .toString();
      } catch (CharacterCodingException notYet) {
        // try one byte shorter: the cut may have split a character
      }
    }
    return null;
  }

  private static String headerValue(List<Header> headers, String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  // three decimals: microsecond resolution is all a monotonic clock across two hosts' answers can
  // honestly give
  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
