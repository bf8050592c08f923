package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.llm.PriceTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The config file's {@code llm:} section: what each model costs per million tokens.
 *
 * <pre>
 * llm:
 *   prices:
 *     gpt-4o: {input-per-1m: 2.50, output-per-1m: 10.00}
 *     llama-3.1-8b: {input-per-1m: 0.05, output-per-1m: 0.08}
 * </pre>
 */
public final class LlmSection {

  private static final ConfigKeys SECTION_KEYS = ConfigKeys.of("prices");
  private static final ConfigKeys PRICE_KEYS = ConfigKeys.of("input-per-1m", "output-per-1m");

  private LlmSection() {}

  /**
   * The price table of an {@code llm:} section; empty when the section is {@code null}.
   *
   * @throws dev.shadowpipeline.app.config.ConfigException naming the key of a bad or missing price
   */
  public static PriceTable prices(ConfigTree section) {
    if (section == null) {
      return PriceTable.NONE;
    }
    ConfigTree llm = section.keys(SECTION_KEYS);
    ConfigTree prices = llm.child("prices");
    if (prices == null) {
      return PriceTable.NONE;
    }
    Map<String, PriceTable.Price> table = new LinkedHashMap<>();
    for (String model : prices.names()) {
      ConfigTree price = prices.child(model);
      if (price == null) {
        throw prices.error(model, "must be {input-per-1m: PRICE, output-per-1m: PRICE}");
      }
      price = price.keys(PRICE_KEYS);
      for (String key : new String[] {"input-per-1m", "output-per-1m"}) {
        if (!price.has(key)) {
          throw price.error(key, "is missing: the price of a million tokens, e.g. 2.50");
        }
      }
      double input = price.number("input-per-1m", 0, 0, Double.POSITIVE_INFINITY);
      double output = price.number("output-per-1m", 0, 0, Double.POSITIVE_INFINITY);
      table.put(model, price.build(() -> PriceTable.Price.of(input, output)));
    }
    return new PriceTable(table);
  }
}
