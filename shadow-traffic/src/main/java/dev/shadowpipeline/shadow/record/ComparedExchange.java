package dev.shadowpipeline.shadow.record;

import dev.shadowpipeline.shadow.compare.Answer;
import dev.shadowpipeline.shadow.compare.Verdict;
import dev.shadowpipeline.shadow.exchange.Exchange;
import java.util.Objects;

/**
 * An exchange after comparison: what every sink receives.
 *
 * @param exchange what was captured
 * @param primary the primary's answer, decoded
 * @param shadow the shadow's answer, decoded
 * @param verdict the comparator's verdict
 * @param secondary the secondary's answer, decoded, or {@code null} when the request went to no secondary
 * @param noise the same comparator's verdict on primary ↔ secondary (how much the primary disagrees with itself), or
 *     {@code null} unless the primary and the secondary both answered
 */
public record ComparedExchange(
    Exchange exchange,
    Answer primary,
    Answer shadow,
    Verdict verdict,
    Answer secondary,
    Verdict noise) {
  public ComparedExchange {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(verdict, "verdict");
    if (noise != null && secondary == null) {
      throw new IllegalArgumentException("a noise verdict needs a secondary answer");
    }
  }

  /** A compared exchange without a secondary. */
  public ComparedExchange(Exchange exchange, Answer primary, Answer shadow, Verdict verdict) {
    this(exchange, primary, shadow, verdict, null, null);
  }
}
