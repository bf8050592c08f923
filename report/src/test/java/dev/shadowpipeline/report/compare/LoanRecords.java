package dev.shadowpipeline.report.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.ErrorComparator;
import dev.shadowpipeline.shadow.compare.LabelComparator;
import dev.shadowpipeline.shadow.compare.LatencyComparator;
import dev.shadowpipeline.shadow.compare.ResponseComparator;
import dev.shadowpipeline.shadow.compare.ScoreComparator;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.compare.route.RouteTable;
import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import dev.shadowpipeline.shadow.exchange.CapturedResponse;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.Exchange;
import dev.shadowpipeline.shadow.exchange.Header;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.record.ComparedExchange;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.record.RecordFormat;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Records of a loan-approval model pair, made the way the proxy makes them: an exchange, the fintech story's
 * comparators (errors first, latency last), the record format. A reject the shadow approves is critical, other flips
 * are warnings, scores agree within 0.01.
 */
public final class LoanRecords {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  private static final ResponseComparator LOAN_MODEL =
      new RouteTable(
          List.of(),
          List.of(
              new ErrorComparator(ErrorComparator.Spec.defaults()),
              new LabelComparator(
                  LabelComparator.Spec.of("/decision")
                      .withRules(
                          List.of(
                              new LabelComparator.FlipRule(
                                  "reject", "approve", Severity.CRITICAL)))),
              new ScoreComparator(ScoreComparator.Spec.of("/score").withTolerance(0.01, 0)),
              new LatencyComparator(LatencyComparator.Spec.defaults())));
  private static final RecordFormat FORMAT =
      new RecordFormat(new HeaderRedactor(List.of()), BodyRedactor.NONE, MAPPER, 1 << 20);

  private LoanRecords() {}

  /** A JSON answer {@code {"decision": ..., "score": ...}}. */
  public static CapturedResponse answer(
      int status, String decision, double score, double latencyMillis) {
    String json = "{\"decision\":\"" + decision + "\",\"score\":" + score + "}";
    return new CapturedResponse(
        status,
        List.of(new Header("Content-Type", "application/json")),
        json.getBytes(StandardCharsets.UTF_8),
        false,
        (long) (latencyMillis * 1e6),
        null);
  }

  /** A call that got no answer: a timeout after 2 s, or another transport error. */
  public static CapturedResponse failed(ErrorKind kind) {
    return CapturedResponse.failed(
        new TransportError(kind, "no answer: " + kind.label()), 2_000_000_000L);
  }

  /** The record of pair {@code i}, seen {@code i} seconds after {@link #T0}; {@code note} goes into the request. */
  public static ObjectNode record(
      int i, String path, String note, CapturedResponse primary, CapturedResponse shadow) {
    CapturedRequest request =
        new CapturedRequest(
            "r" + i,
            T0.plusSeconds(i),
            "POST",
            path,
            null,
            List.of(new Header("Content-Type", "application/json")),
            ("{\"applicant\":" + i + ",\"note\":\"" + note.replace("/", "\\/") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    Answer p = Answer.of(primary, MAPPER, 1 << 20);
    Answer s = Answer.of(shadow, MAPPER, 1 << 20);
    Exchange exchange = new Exchange(request, primary, shadow, "http://shadow.test");
    return FORMAT.toJson(new ComparedExchange(exchange, p, s, LOAN_MODEL.compare(request, p, s)));
  }

  /**
   * The record of pair {@code i} with a secondary answer (a second instance of the primary, the noise baseline),
   * compared to the primary by the same comparators, as the record pipeline does.
   */
  public static ObjectNode record(
      int i, CapturedResponse primary, CapturedResponse shadow, CapturedResponse secondary) {
    CapturedRequest request =
        new CapturedRequest(
            "r" + i,
            T0.plusSeconds(i),
            "POST",
            "/predict",
            null,
            List.of(new Header("Content-Type", "application/json")),
            ("{\"applicant\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    Answer p = Answer.of(primary, MAPPER, 1 << 20);
    Answer s = Answer.of(shadow, MAPPER, 1 << 20);
    Answer n = Answer.of(secondary, MAPPER, 1 << 20);
    Exchange exchange = new Exchange(request, primary, shadow, "http://shadow.test", secondary);
    return FORMAT.toJson(
        new ComparedExchange(
            exchange,
            p,
            s,
            LOAN_MODEL.compare(request, p, s),
            n,
            n.error() == null ? LOAN_MODEL.compare(request, p, n) : null));
  }
}
