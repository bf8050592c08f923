package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's outputs against {@code reference_values.py}'s transcription. */
class SplitMix64Test {

  @Test
  void firstOutputsOfSeedZero() {
    SplitMix64 random = new SplitMix64(0);
    assertThat(random.nextLong()).isEqualTo(0xe220a8397b1dcdafL);
    assertThat(random.nextLong()).isEqualTo(0x6e789e6aa1b965f4L);
    assertThat(random.nextLong()).isEqualTo(0x06c45d188009454fL);
  }

  @Test
  void sameSequenceAsTheJdksSplittableRandom() {
    // an independent implementation of the same algorithm (this JDK's; it does not promise it
    // across releases)
    SplitMix64 ours = new SplitMix64(12345);
    SplittableRandom jdk = new SplittableRandom(12345);
    for (int i = 0; i < 1000; i++) {
      assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
    }
  }

  @Test
  void indicesMatchThePythonTranscription() {
    SplitMix64 random = new SplitMix64(0);
    int[] expected = {4, 4, 4, 2, 4, 1, 0, 1, 0, 6};
    for (int e : expected) {
      assertThat(random.nextIndex(7)).isEqualTo(e);
    }
    // a bound that does not divide 2^63, near 2^31
    SplitMix64 large = new SplitMix64(0);
    for (int e : new int[] {806225550, 1569797401, 1459540274, 767642308, 75989781}) {
      assertThat(large.nextIndex(3 * (1 << 29) + 1)).isEqualTo(e);
    }
  }

  @Test
  void boundMustBePositive() {
    assertThatThrownBy(() -> new SplitMix64(0).nextIndex(0))
        .hasMessage("bound must be positive: 0");
  }
}
