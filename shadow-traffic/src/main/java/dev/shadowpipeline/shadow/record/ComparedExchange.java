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
 */
public record ComparedExchange(Exchange exchange, Answer primary, Answer shadow, Verdict verdict) {
  public ComparedExchange {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(verdict, "verdict");
  }
}
