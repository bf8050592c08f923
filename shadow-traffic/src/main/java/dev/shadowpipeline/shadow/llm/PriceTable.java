package dev.shadowpipeline.shadow.llm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What each model costs per million input and output tokens (the config file's {@code llm: prices:}). A model not in
 * the table is unpriced: its cost is unknown, never zero. Prices are kept as decimals, so a cost is computed exactly
 * and rounded only when it is shown.
 *
 * @param prices price per model name, as the answers (or requests) name the model
 */
public record PriceTable(Map<String, Price> prices) {

  /** No prices: every model is unpriced. */
  public static final PriceTable NONE = new PriceTable(Map.of());

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public PriceTable {
    prices = Map.copyOf(new TreeMap<>(prices));
  }

  /**
   * The price of one model.
   *
   * @param inputPerMillion price of a million input (prompt) tokens, at least 0
   * @param outputPerMillion price of a million output (completion) tokens, at least 0
   */
  public record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    public Price {
      Objects.requireNonNull(inputPerMillion, "inputPerMillion");
      Objects.requireNonNull(outputPerMillion, "outputPerMillion");
      if (inputPerMillion.signum() < 0 || outputPerMillion.signum() < 0) {
        throw new IllegalArgumentException(
            "prices must not be negative: " + inputPerMillion + ", " + outputPerMillion);
      }
    }

    /** A price from two decimal numbers as written, e.g. {@code 2.50} and {@code 10.00}. */
    public static Price of(double inputPerMillion, double outputPerMillion) {
      if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0)) { // negative, or NaN
        throw new IllegalArgumentException(
            "prices must be numbers of at least 0: " + inputPerMillion + ", " + outputPerMillion);
      }
      return new Price(BigDecimal.valueOf(inputPerMillion), BigDecimal.valueOf(outputPerMillion));
    }

    /** The cost of these tokens: {@code input × inputPerMillion / 10⁶ + output × outputPerMillion / 10⁶}. */
    public BigDecimal cost(long inputTokens, long outputTokens) {
      BigDecimal in = inputPerMillion.multiply(BigDecimal.valueOf(inputTokens));
      BigDecimal out = outputPerMillion.multiply(BigDecimal.valueOf(outputTokens));
      return in.add(out).divide(MILLION, MathContext.DECIMAL128);
    }
  }

  /** The price of a model, or {@code null} when it is not in the table (or {@code model} is {@code null}). */
  public Price price(String model) {
    return model == null ? null : prices.get(model);
  }

  /** Whether the table has no prices. */
  public boolean isEmpty() {
    return prices.isEmpty();
  }
}
