package dev.shadowpipeline.shadow.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMaskTest {

  @Test
  void masksEveryOccurrenceOfAKeyOfEightCharactersOrMore() {
    KeyMask mask = new KeyMask("sk-12345");
    assertThat(mask.apply("sent Bearer sk-12345, and sk-12345 again"))
        .isEqualTo("sent Bearer ****, and **** again");
    assertThat(mask.apply("nothing secret")).isEqualTo("nothing secret");
  }

  @Test
  void leavesTheTextAloneWithoutAKeyOrWithATrivialOne() {
    // a three-letter key would rewrite ordinary words of the reason
    assertThat(new KeyMask("the").apply("the answer")).isEqualTo("the answer");
    assertThat(new KeyMask(null).apply("the answer")).isEqualTo("the answer");
  }
}
