package dev.shadowpipeline.app.shadowtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shadowpipeline.app.config.ConfigException;
import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.shadow.llm.PriceTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code llm: prices:} section: kebab-case keys, every bad value named by its key. */
class LlmSectionTest {

  private static PriceTable read(String yaml) {
    ConfigFile file = ConfigFile.parse(Path.of("shadow.yaml"), yaml, Map.of(), w -> {});
    return LlmSection.prices(file.section("llm"));
  }

  @Test
  void pricesPerModel() {
    PriceTable table =
        read(
            """
            llm:
              prices:
                gpt-4o: {input-per-1m: 2.50, output-per-1m: 10.00}
                llama-3.1-8b:
                  input-per-1m: 0.05
                  output-per-1m: 0
            """);
    assertThat(table.price("gpt-4o").inputPerMillion()).isEqualByComparingTo("2.50");
    assertThat(table.price("gpt-4o").outputPerMillion()).isEqualByComparingTo("10");
    assertThat(table.price("llama-3.1-8b").cost(1_000_000, 5))
        .isEqualByComparingTo(new BigDecimal("0.05"));
    assertThat(table.price("other")).isNull();
    assertThat(read("compare: {}\n").isEmpty()).isTrue();
  }

  @Test
  void badPricesNameTheirKey() {
    assertThatThrownBy(() -> read("llm:\n  prices:\n    m: {input-per-1m: -1, output-per-1m: 2}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.prices.m.input-per-1m");
    assertThatThrownBy(() -> read("llm:\n  prices:\n    m: {input-per-1m: 1}\n"))
        .hasMessageContaining("llm.prices.m.output-per-1m: is missing");
    assertThatThrownBy(() -> read("llm:\n  prices:\n    m: {input_per_1m: 1}\n"))
        .hasMessageContaining("unknown key");
    assertThatThrownBy(() -> read("llm:\n  prices:\n    m: 3\n"))
        .hasMessageContaining("llm.prices.m");
    assertThatThrownBy(() -> read("llm:\n  price: {}\n")).hasMessageContaining("unknown key");
  }
}
