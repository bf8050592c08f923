package dev.shadowpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

/** Sizes as people write them, and as messages print them. */
class ByteSizesTest {

  @Test
  void sizesParseInDecimalAndBinaryUnits() {
    assertThat(ByteSizes.parse("1000")).isEqualTo(1000);
    assertThat(ByteSizes.parse("1.5KiB")).isEqualTo(1536);
    assertThat(ByteSizes.parse("10 MiB")).isEqualTo(10L << 20);
    assertThat(ByteSizes.parse("1GB")).isEqualTo(1_000_000_000L);
    assertThatThrownBy(() -> ByteSizes.parse("ten"))
        .hasMessage("'ten' is not a size (write e.g. 1048576, 512KiB, 10MiB, 1GB)");
  }

  @Test
  void aSmallSizeNeverPrintsAsZeroOfABigUnit() {
    // --max-labels-bytes 1000 used to print as "0 MiB"
    assertThat(ByteSizes.format(0)).isEqualTo("0 bytes");
    assertThat(ByteSizes.format(1)).isEqualTo("1 byte");
    assertThat(ByteSizes.format(1000)).isEqualTo("1000 bytes");
    assertThat(ByteSizes.format(1023)).isEqualTo("1023 bytes");
    assertThat(ByteSizes.format(1024)).isEqualTo("1 KiB");
    assertThat(ByteSizes.format(1500)).isEqualTo("1.5 KiB"); // 1.46 KiB
    assertThat(ByteSizes.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSizes.format(10_188)).isEqualTo("9.9 KiB"); // 9.949 KiB
    assertThat(ByteSizes.format(10_189)).isEqualTo("10 KiB"); // 9.950 KiB
    assertThat(ByteSizes.format(512 * 1024)).isEqualTo("512 KiB");
    assertThat(ByteSizes.format(12L << 20)).isEqualTo("12 MiB");
    assertThat(ByteSizes.format((1L << 20) + (1L << 19))).isEqualTo("1.5 MiB");
    assertThat(ByteSizes.format(2L << 30)).isEqualTo("2 GiB");
    assertThat(ByteSizes.format(Long.MAX_VALUE)).isEqualTo("8 EiB");
    assertThatThrownBy(() -> ByteSizes.format(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatIsPrintedParsesBackToAboutTheSameSize() {
    for (long bytes : new long[] {1, 999, 1024, 1500, 4096, 10_189, 777_777, 12L << 20, 3L << 30}) {
      String printed = ByteSizes.format(bytes);
      long back = ByteSizes.parse(printed.replace(" bytes", "").replace(" byte", ""));
      // one decimal below 10 units, whole units above: within 5 % either way
      assertThat((double) back).as(printed).isCloseTo((double) bytes, withPercentage(5));
    }
  }
}
