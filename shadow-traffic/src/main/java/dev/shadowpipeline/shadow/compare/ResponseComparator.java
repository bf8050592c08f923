package dev.shadowpipeline.shadow.compare;

import dev.shadowpipeline.shadow.exchange.CapturedRequest;
import java.time.Duration;

/**
 * Decides whether the shadow's answer agrees with the primary's.
 *
 * <p>Implementations are pure and thread-safe: the verdict depends only on the two answers and the comparator's
 * immutable configuration. A comparator that needs a slow resource of its own (the local embedding model) also
 * answers {@link #compareLater} without waiting for it.
 */
public interface ResponseComparator {

  /** A short name recorded with each verdict, e.g. {@code json}. */
  String name();

  /** Compares the shadow's answer with the primary's; never throws for odd bodies, it reports them. */
  Verdict compare(Answer primary, Answer shadow);

  /**
   * Compares with the request at hand, for comparators whose rules depend on it (routes by path). The default
   * ignores the request.
   */
  default Verdict compare(CapturedRequest request, Answer primary, Answer shadow) {
    return compare(primary, shadow);
  }

  /**
   * Starts the comparison without waiting for slow parts: the verdict {@link #compare} would give, known now or
   * later ({@link PendingVerdict}). The default compares now.
   */
  default PendingVerdict compareLater(Answer primary, Answer shadow) {
    return PendingVerdict.done(compare(primary, shadow));
  }

  /** {@link #compareLater(Answer, Answer)} with the request at hand; the default compares now. */
  default PendingVerdict compareLater(CapturedRequest request, Answer primary, Answer shadow) {
    return PendingVerdict.done(compare(request, primary, shadow));
  }

  /**
   * The longest a verdict of {@link #compareLater} may stay pending: zero for the pure comparators, the model's
   * {@code max-wait} for the semantic one. Whoever groups records by time allows for it.
   */
  default Duration longestDelay() {
    return Duration.ZERO;
  }
}
