package dev.shadowpipeline.drift.stattest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * numpy's legacy {@code RandomState} stream, word for word. Every expected value was printed by numpy 2.4.6 (Python
 * 3.11.7), e.g.
 *
 * <pre>
 * rs = np.random.RandomState(0)
 * rs.randint(0, 2**32, size=5, dtype=np.uint64).tolist()  # the raw 32-bit outputs
 * </pre>
 *
 * with the call written above each value.
 */
class LegacyRandomStateTest {

  private static long[] raw(LegacyRandomState rs, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = rs.nextUint32();
    }
    return out;
  }

  @Test
  void integerSeedIsInitGenrand() {
    // RandomState(0).randint(0, 2**32, size=5, dtype=np.uint64)
    assertThat(raw(LegacyRandomState.seeded(0), 5))
        .containsExactly(2357136044L, 2546248239L, 3071714933L, 3626093760L, 2588848963L);
    // RandomState(4294967295).randint(0, 2**32, size=3, dtype=np.uint64)
    assertThat(raw(LegacyRandomState.seeded(0xFFFF_FFFFL), 3))
        .containsExactly(419326371L, 479346978L, 3918654476L);
  }

  @Test
  void streamStaysRightAcrossTwists() {
    // v = RandomState(0).randint(0, 2**32, size=2000, dtype=np.uint64); v[623:626], v[1247],
    // v[1999]
    long[] v = raw(LegacyRandomState.seeded(0), 2000);
    assertThat(new long[] {v[623], v[624], v[625]})
        .containsExactly(3791854820L, 341544762L, 1076416385L);
    assertThat(v[1247]).isEqualTo(1145454359L);
    assertThat(v[1999]).isEqualTo(3856691381L);
  }

  @Test
  void arraySeedIsInitByArray() {
    // RandomState([1, 2, 3]).randint(0, 2**32, size=5, dtype=np.uint64)
    assertThat(raw(LegacyRandomState.seededByArray(new int[] {1, 2, 3}), 5))
        .containsExactly(2619334238L, 1552691353L, 3808334787L, 2540200029L, 2045850693L);
    // RandomState([0xFFFFFFFF] * 700): a key longer than the state
    int[] key = new int[700];
    java.util.Arrays.fill(key, 0xFFFF_FFFF);
    assertThat(raw(LegacyRandomState.seededByArray(key), 3))
        .containsExactly(2830013534L, 1750515526L, 2872926267L);
  }

  @Test
  void randomSampleHas53Bits() {
    // [x.hex() for x in RandomState(0).random_sample(4)]
    LegacyRandomState rs = LegacyRandomState.seeded(0);
    assertThat(rs.randomSample()).isEqualTo(0x1.18fe1565f12a8p-1);
    assertThat(rs.randomSample()).isEqualTo(0x1.6e2d4cf608733p-1);
    assertThat(rs.randomSample()).isEqualTo(0x1.349d66b6e894bp-1);
    assertThat(rs.randomSample()).isEqualTo(0x1.16faedb6395f5p-1);
  }

  @Test
  void boundedIntegersUseMaskedRejection() {
    // RandomState(12345).randint(0, 10, size=12)
    LegacyRandomState rs = LegacyRandomState.seeded(12345);
    long[] small = new long[12];
    for (int i = 0; i < small.length; i++) {
      small[i] = rs.interval(9);
    }
    assertThat(small).containsExactly(2, 5, 1, 4, 9, 5, 2, 1, 6, 1, 9, 7);
    // RandomState(12345).randint(0, 1000003, size=6)
    rs = LegacyRandomState.seeded(12345);
    long[] mid = new long[6];
    for (int i = 0; i < mid.length; i++) {
      mid[i] = rs.interval(1000002);
    }
    assertThat(mid).containsExactly(741858, 77285, 916765, 395393, 347556, 896425);
    // RandomState(12345).randint(0, 2**40, size=4): 64-bit words
    rs = LegacyRandomState.seeded(12345);
    long[] big = new long[4];
    for (int i = 0; i < big.length; i++) {
      big[i] = rs.interval((1L << 40) - 1);
    }
    assertThat(big).containsExactly(974485794277L, 125115435137L, 704545402281L, 1094471209342L);
  }

  @Test
  void permutationIsNumpysShuffle() {
    // rs = RandomState(0); rs.permutation(10); rs.permutation(10)
    LegacyRandomState rs = LegacyRandomState.seeded(0);
    assertThat(rs.permutation(10)).containsExactly(2, 8, 4, 9, 1, 6, 7, 3, 0, 5);
    assertThat(rs.permutation(10)).containsExactly(3, 5, 1, 2, 9, 8, 0, 6, 7, 4);
    // p = RandomState(0).permutation(100000); p[:5], np.sum(np.arange(100000) * p)
    int[] p = LegacyRandomState.seeded(0).permutation(100_000);
    assertThat(java.util.Arrays.copyOf(p, 5)).containsExactly(3582, 60498, 53227, 21333, 3885);
    long weighted = 0;
    for (int i = 0; i < p.length; i++) {
      weighted += (long) i * p[i];
    }
    assertThat(weighted).isEqualTo(249937372929313L);
  }

  @Test
  void choiceWithoutReplacementIsAPermutationPrefix() {
    // np.random.seed(0); [np.random.choice(20, 5, replace=False) for _ in range(3)]
    LegacyRandomState rs = LegacyRandomState.seeded(0);
    assertThat(rs.choiceWithoutReplacement(20, 5)).containsExactly(18, 1, 19, 8, 10);
    assertThat(rs.choiceWithoutReplacement(20, 5)).containsExactly(11, 1, 18, 17, 2);
    assertThat(rs.choiceWithoutReplacement(20, 5)).containsExactly(15, 13, 12, 5, 11);
    // np.random.seed(0); np.random.choice(list("aabbbcc"), 4, replace=False) -> c b a b
    String pool = "aabbbcc";
    StringBuilder drawn = new StringBuilder();
    for (int i : LegacyRandomState.seeded(0).choiceWithoutReplacement(pool.length(), 4)) {
      drawn.append(pool.charAt(i));
    }
    assertThat(drawn.toString()).isEqualTo("cbab");
  }

  @Test
  void refusesWhatNumpyRefuses() {
    assertThatThrownBy(() -> LegacyRandomState.seeded(-1))
        .hasMessageContaining("between 0 and 2**32 - 1");
    assertThatThrownBy(() -> LegacyRandomState.seeded(1L << 32))
        .hasMessageContaining("between 0 and 2**32 - 1");
    assertThatThrownBy(() -> LegacyRandomState.seeded(0).choiceWithoutReplacement(3, 4))
        .hasMessageContaining("population of 3");
  }
}
