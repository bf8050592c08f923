package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.node.DoubleNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Compares how long the two sides took.
 *
 * <p><b>Measures</b>, on every pair where both sides answered (no transport error; any status): metric
 * {@code latency_delta_ms} = (shadow latency − primary latency) in milliseconds, from
 * {@link dev.shadowpipeline.shadow.exchange.CapturedResponse#latencyNanos()} (request sent to last byte); positive
 * when the shadow was slower. A side that failed has no meaningful latency (a timeout's is the timeout), so such pairs
 * are left to the {@link ErrorComparator}.
 *
 * <p><b>Diverges</b> when the delta is greater than the budget (default {@value #DEFAULT_BUDGET_MS} ms; a shadow
 * exactly on budget passes): one {@link DifferenceKind#LATENCY} whose values are the two latencies in ms, reason e.g.
 * {@code shadow slower by 312.5 ms (budget 200 ms)}. Default severity {@link Severity#INFO}: one slow answer is worth
 * seeing, not worth failing a promotion by itself — the gate judges latency on the distribution of deltas (its p99),
 * which these observations feed. Configure {@code warning} or {@code critical} when every slow pair must count.
 *
 * <p>Immutable and thread-safe.
 */
public final class LatencyComparator implements ResponseComparator {

  /** The name in verdicts and observations. */
  public static final String NAME = "latency";

  /** Default budget. */
  public static final long DEFAULT_BUDGET_MS = 200;

  /**
   * Configuration.
   *
   * @param budget how much slower than the primary the shadow may be, {@code >= 0}
   * @param severity the severity of exceeding it
   */
  public record Spec(Duration budget, Severity severity) {

    public Spec {
      Objects.requireNonNull(budget, "latency budget");
      if (budget.isNegative()) {
        throw new IllegalArgumentException("latency budget must not be negative: " + budget);
      }
      Outputs.severity("latency severity", severity);
    }

    /** A 200 ms budget, info. */
    public static Spec defaults() {
      return new Spec(Duration.ofMillis(DEFAULT_BUDGET_MS), Severity.INFO);
    }

    /** This spec with another budget. */
    public Spec withBudget(Duration newBudget) {
      return new Spec(newBudget, severity);
    }

    /** This spec with another severity. */
    public Spec withSeverity(Severity newSeverity) {
      return new Spec(budget, newSeverity);
    }
  }

  private final Spec spec;
  private final long budgetNanos;

  public LatencyComparator(Spec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.budgetNanos = spec.budget().toNanos();
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    if (primary.error() != null || shadow.error() != null) {
      return Verdict.of(NAME, List.of(), List.of());
    }
    long deltaNanos = shadow.response().latencyNanos() - primary.response().latencyNanos();
    double deltaMs = deltaNanos / 1_000_000.0;
    List<Observation> observations =
        List.of(Observation.measure(NAME, "", "latency_delta_ms", deltaMs));
    if (deltaNanos <= budgetNanos) {
      return Verdict.of(NAME, List.of(), observations);
    }
    String reason =
        "shadow slower by "
            + Outputs.fmt(deltaMs)
            + " ms (budget "
            + Outputs.fmt(budgetNanos / 1e6)
            + " ms)";
    Difference d =
        new Difference(
            DifferenceKind.LATENCY,
            "",
            DoubleNode.valueOf(primary.response().latencyMillis()),
            DoubleNode.valueOf(shadow.response().latencyMillis()),
            spec.severity(),
            reason);
    return Verdict.of(NAME, List.of(d), observations);
  }
}
