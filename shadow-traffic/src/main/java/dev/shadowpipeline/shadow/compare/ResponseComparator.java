package dev.shadowpipeline.shadow.compare;

import dev.shadowpipeline.shadow.exchange.CapturedRequest;

/**
 * Decides whether the shadow's answer agrees with the primary's.
 *
 * <p>Implementations are pure and thread-safe: the verdict depends only on the two answers and the comparator's
 * immutable configuration.
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
}
