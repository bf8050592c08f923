package dev.shadowpipeline.drift.stattest;

/**
 * An order-preserving grid of buckets over the values of two samples, with about as many values in each bucket
 * wherever the data lies: cut in the values' bit patterns, first into coarse blocks, then each block into as many
 * buckets as a sample of the data says it needs.
 *
 * <p>Keys: each value v gets an integer key t(v), its magnitude's bit pattern (which orders magnitudes exactly as the
 * doubles) lowered by a floor f and clamped at 0, with v's sign: t = sign(v) max(bits(|v|) - f, 0). The floor skips
 * the binades below the data: without it, a sample that crosses zero would spread its keys over the ~2,000 binades
 * between its smallest magnitude and 2<sup>-1074</sup>, nearly all of them empty. It is the smallest non-zero
 * magnitude of either sample, or {@value #BINADES} binades below the largest magnitude when that is higher; values
 * closer to zero than that share key 0. t is monotone (a smaller value never gets a larger key) and equal values share
 * a key ({@code -0.0} and {@code 0.0} both get 0).
 *
 * <p>Buckets: the keys from t(min) to t(max) are cut into at most 2<sup>{@value #COARSE_BITS}</sup> blocks of
 * 2<sup>s</sup> keys (aligned at multiples of 2<sup>s</sup>); a strided sample of both samples estimates each block's
 * share of the values, and a block gets the power of two of buckets that leaves about n / 2<sup>bits</sup> values in
 * each (one bucket when the sample saw none, at most one key per bucket). A value's bucket is its block's first bucket
 * plus its key's offset in the block shifted by the block's shift. The sample only shapes the grid; counts and every
 * result built on them are exact whatever it says.
 *
 * <p>Only for finite values: {@link #over} says so when a sample holds NaN or an infinity.
 */
final class KeyGrid {

  /** How many binades below the largest magnitude keep their own keys. */
  static final int BINADES = 64;

  /** At most 2<sup>COARSE_BITS</sup> blocks: their layout table stays in the L1 cache. */
  static final int COARSE_BITS = 12;

  /** Values sampled from both samples together to shape the grid, at most (one in eight at most). */
  static final int SAMPLE = 1 << 16;

  /**
   * Values per call of a pass's inner loop. A loop that runs once over a million values is compiled while it runs
   * (on-stack replacement) before it ever ended, and the compiled code gives way to the interpreter when it first
   * ends, to be compiled again; in short calls the end is seen and profiled before the compiler takes the loop, and
   * a fresh JVM's first comparison (cold) spends less of its time compiling.
   */
  static final int CHUNK = 512;

  private static final int SHIFT_BITS = 6;
  private static final int SHIFT_MASK = (1 << SHIFT_BITS) - 1;

  private final int bits;
  private final int coarseBits;
  private final long floor;
  private final long minKey;
  private final long maxKey;
  private final int blockShift;
  private final long firstBlock;

  /** Per block: its first bucket &lt;&lt; 6 | the shift from a key's offset in the block to its bucket. */
  private final int[] layout;

  private final int buckets;
  private final boolean oneValuePerBucket;
  private final double min;
  private final double max;

  private KeyGrid(
      int bits,
      int coarseBits,
      long floor,
      long minKey,
      long maxKey,
      int blockShift,
      long firstBlock,
      int[] layout,
      int buckets,
      boolean oneValuePerBucket,
      double min,
      double max) {
    this.bits = bits;
    this.coarseBits = coarseBits;
    this.floor = floor;
    this.minKey = minKey;
    this.maxKey = maxKey;
    this.blockShift = blockShift;
    this.firstBlock = firstBlock;
    this.layout = layout;
    this.buckets = buckets;
    this.oneValuePerBucket = oneValuePerBucket;
    this.min = min;
    this.max = max;
  }

  /**
   * The grid over both samples, or null when one holds a value that is not finite or both are empty.
   *
   * @param bits about 2<sup>bits</sup> buckets for the data (up to twice that, rounding each block's count up to a
   *     power of two), 0 &lt;= bits &lt;= 24
   */
  static KeyGrid over(double[] a, double[] b, int bits) {
    return over(a, b, bits, COARSE_BITS, NumericPair.Extent.of(a, b));
  }

  /** The grid over both samples, whose extent is known. */
  static KeyGrid over(double[] a, double[] b, int bits, NumericPair.Extent extent) {
    return over(a, b, bits, COARSE_BITS, extent);
  }

  /**
   * The grid with at most 2<sup>coarseBits</sup> blocks (tests use few to stress the layout); at least two, since keys
   * of both signs cannot share a block once shifted.
   */
  static KeyGrid over(double[] a, double[] b, int bits, int coarseBits) {
    return over(a, b, bits, coarseBits, NumericPair.Extent.of(a, b));
  }

  private static KeyGrid over(
      double[] a, double[] b, int bits, int coarseBits, NumericPair.Extent extent) {
    if (bits < 0 || bits > 24 || coarseBits < 1 || coarseBits > COARSE_BITS) {
      throw new IllegalArgumentException(
          "bits must be in [0, 24] and coarseBits in [1, "
              + COARSE_BITS
              + "]: "
              + bits
              + ", "
              + coarseBits);
    }
    // NaN and the infinities are the extremes of the doubles' total order
    double min = extent.min();
    double max = extent.max();
    if (extent.empty() || !Double.isFinite(min) || !Double.isFinite(max)) {
      return null;
    }
    long largest = Math.max(magnitude(min), magnitude(max));
    long smallestNonZero = magnitude(extent.smallestNonZeroMagnitude());
    long floor = Math.max(smallestNonZero, largest - ((long) BINADES << 52));
    // |t| <= 2^58: no subtraction of keys below overflows, and a shift of 59 leaves two blocks
    long minT = key(min, floor);
    long maxT = key(max, floor);
    int blockShift = 0;
    while ((maxT >> blockShift) - (minT >> blockShift) >= (1L << coarseBits)) {
      blockShift++;
    }
    long firstBlock = minT >> blockShift;
    int blocks = (int) ((maxT >> blockShift) - firstBlock) + 1;
    int[] seen = new int[blocks];
    int sampled = sample(a, floor, blockShift, firstBlock, seen, a.length + b.length);
    sampled += sample(b, floor, blockShift, firstBlock, seen, a.length + b.length);
    double perBucket = Math.scalb((double) a.length + b.length, -bits);
    double scale = (double) (a.length + b.length) / Math.max(sampled, 1);
    int[] layout = layout(seen, scale, perBucket, blockShift);
    int last = layout[blocks - 1];
    int next = (last >>> SHIFT_BITS) + (1 << (blockShift - (last & SHIFT_MASK)));
    boolean oneValuePerBucket = floor == 0 && everyShiftZero(layout);
    return new KeyGrid(
        bits,
        coarseBits,
        floor,
        minT,
        maxT,
        blockShift,
        firstBlock,
        layout,
        next,
        oneValuePerBucket,
        min,
        max);
  }

  /**
   * Per block, its first bucket and shift: as many buckets (a power of two, at most one per key) as leave about
   * perBucket of the expected values in each. A method of its own, like every loop here, so that the JIT compiles it
   * once rather than inside each caller.
   */
  private static int[] layout(int[] seen, double scale, double perBucket, int blockShift) {
    int[] layout = new int[seen.length];
    int next = 0;
    for (int j = 0; j < seen.length; j++) {
      double expected = seen[j] * scale;
      int split = 0;
      while (split < blockShift && Math.scalb(perBucket, split) < expected) {
        split++;
      }
      layout[j] = next << SHIFT_BITS | (blockShift - split);
      next += 1 << split;
    }
    return layout;
  }

  private static boolean everyShiftZero(int[] layout) {
    for (int block : layout) {
      if ((block & SHIFT_MASK) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Counts every stride-th value per block, the stride leaving at most {@link #SAMPLE} of all, and at most one in
   * eight of small samples (where a full pass would cost as much as the counting it prepares).
   */
  private static int sample(
      double[] values, long floor, int blockShift, long firstBlock, int[] seen, int total) {
    int stride = Math.max(8, total / SAMPLE);
    int taken = 0;
    for (int i = 0; i < values.length; i += stride) {
      seen[(int) ((key(values[i], floor) >> blockShift) - firstBlock)]++;
      taken++;
    }
    return taken;
  }

  private static long magnitude(double v) {
    return Double.doubleToRawLongBits(v) & Long.MAX_VALUE;
  }

  /** The key of v: sign(v) max(bits(|v|) - floor, 0). */
  static long key(double v, long floor) {
    long bits = Double.doubleToRawLongBits(v);
    long clamped = Math.max(bits & Long.MAX_VALUE, floor) - floor;
    long sign = bits >> 63;
    return (clamped ^ sign) - sign;
  }

  /**
   * The smallest value whose key is at least t: for t &gt; 0 the one value with key t, for t &lt; 0 likewise, and
   * for t = 0 the most negative value with key 0, minus the floor's value.
   */
  static double smallestWithKey(long t, long floor) {
    long sign = t >> 63;
    long zeroOrNegative = sign | ~((t | -t) >> 63); // -1 when t <= 0
    long bits = (((t ^ sign) - sign) + floor) | (zeroOrNegative & Long.MIN_VALUE);
    return Double.longBitsToDouble(bits);
  }

  /** A grid of the same resolution over other samples (null when one holds a value that is not finite). */
  KeyGrid sameShapeOver(double[] a, double[] b) {
    return over(a, b, bits, coarseBits);
  }

  /** Number of buckets; bucket 0 holds the smallest value, the last bucket the largest. */
  int buckets() {
    return buckets;
  }

  /** Whether every bucket holds a single key, and every key a single value: equal values only. */
  boolean oneValuePerBucket() {
    return oneValuePerBucket;
  }

  /** Bucket of a finite value that lies within the grid. */
  int bucket(double v) {
    return bucketOfKey(key(v, floor));
  }

  /** The smallest value of the samples. */
  double min() {
    return min;
  }

  /** The largest value of the samples. */
  double max() {
    return max;
  }

  /**
   * The buckets' edges on the number line, {@code buckets() + 1} of them: edge k lies at or below every value of
   * bucket k and above every value of the buckets before it; edge 0 is the smallest value, the last the largest. Empty
   * buckets outside [min, max] have both edges at the end they lie beyond.
   */
  double[] edges() {
    double[] edges = new double[buckets + 1];
    for (int j = 0; j < layout.length; j++) {
      int first = layout[j] >>> SHIFT_BITS;
      int shift = layout[j] & SHIFT_MASK;
      int count = (j + 1 < layout.length ? layout[j + 1] >>> SHIFT_BITS : buckets) - first;
      long blockKey = (firstBlock + j) << blockShift;
      for (int i = 0; i < count; i++) {
        edges[first + i] = edgeOfKey(blockKey + ((long) i << shift));
      }
    }
    edges[0] = min;
    edges[buckets] = max;
    return edges;
  }

  /** Edge k of {@link #edges()} alone. */
  double edge(int k) {
    if (k <= 0) {
      return min;
    }
    if (k >= buckets) {
      return max;
    }
    return edgeOfKey(firstKey(k));
  }

  /**
   * The smallest value of the samples with a key of at least t, or the largest value when there is none: keys
   * beyond the samples' may stand for no finite value at all.
   */
  private double edgeOfKey(long t) {
    return t <= minKey ? min : t > maxKey ? max : smallestWithKey(t, floor);
  }

  /** The key of a value ({@link #key(double, long)} with this grid's floor). */
  long key(double v) {
    return key(v, floor);
  }

  /**
   * The first key of bucket k, for 0 &lt;= k &lt; {@link #buckets()}: bucket k holds the keys from it up to the
   * next bucket's first key (exclusive); bucket 0 may start below the smallest value's key.
   */
  long firstKey(int k) {
    int lo = 0;
    int hi = layout.length - 1;
    while (lo < hi) { // the last block whose first bucket is at or before k
      int mid = (lo + hi + 1) >>> 1;
      if (layout[mid] >>> SHIFT_BITS <= k) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int shift = layout[lo] & SHIFT_MASK;
    return ((firstBlock + lo) << blockShift) + ((long) (k - (layout[lo] >>> SHIFT_BITS)) << shift);
  }

  /** Bucket of a key ({@link #key(double)}) of a value within the grid. */
  int bucketOfKey(long t) {
    int block = layout[(int) ((t >> blockShift) - firstBlock)];
    long offset = t & ((1L << blockShift) - 1);
    return (block >>> SHIFT_BITS) + (int) (offset >>> (block & SHIFT_MASK));
  }

  /** How many values of a sample fall in each bucket. */
  int[] count(double[] values) {
    return count(values, null, null);
  }

  /**
   * How many values of a sample fall in each bucket; with bins, also the values of the buckets that straddle a bin
   * edge, counted per bin.
   *
   * @param bins the bins over this grid, or null for none
   * @param placed filled with the straddling buckets' values per bin (ignored without bins)
   */
  int[] count(double[] values, GridBins bins, int[] placed) {
    int[] counts = new int[buckets];
    // loop-invariant: the JIT compiles a copy of the loop without the test when there are no bins
    boolean[] straddles = bins == null ? null : bins.straddles();
    ValueBins valueBins = bins == null ? null : bins.bins();
    for (int from = 0; from < values.length; from += CHUNK) {
      countRange(
          values,
          from,
          Math.min(values.length, from + CHUNK),
          counts,
          floor,
          blockShift,
          firstBlock,
          layout,
          straddles,
          valueBins,
          placed);
    }
    return counts;
  }

  private static void countRange(
      double[] values,
      int from,
      int to,
      int[] counts,
      long f,
      int s,
      long first,
      int[] blocks,
      boolean[] straddles,
      ValueBins valueBins,
      int[] placed) {
    long mask = (1L << s) - 1;
    for (int i = from; i < to; i++) {
      double v = values[i];
      long t = key(v, f);
      int block = blocks[(int) ((t >> s) - first)];
      int bucket = (block >>> SHIFT_BITS) + (int) ((t & mask) >>> (block & SHIFT_MASK));
      counts[bucket]++;
      if (straddles != null && straddles[bucket]) {
        placed[valueBins.binOf(v)]++;
      }
    }
  }

  /**
   * How many values of a sample fall in each bucket, and the sum of each value's distance above its bucket's lower
   * edge ({@link #edges()}), {@code v - edge}: every term is non-negative and rounded at most once (exact when the
   * edge and the value lie within a factor of two, by Sterbenz), so the sums carry no cancellation.
   *
   * @param counts filled with the counts, one per bucket
   * @param offsets filled with the sums, one per bucket
   */
  void countAndSum(double[] values, int[] counts, double[] offsets) {
    countAndSum(values, counts, offsets, null, null);
  }

  /**
   * {@link #countAndSum(double[], int[], double[])}, and with bins also the values of the buckets that straddle a bin
   * edge, counted per bin.
   *
   * @param bins the bins over this grid, or null for none
   * @param placed filled with the straddling buckets' values per bin (ignored without bins)
   */
  void countAndSum(double[] values, int[] counts, double[] offsets, GridBins bins, int[] placed) {
    boolean[] straddles = bins == null ? null : bins.straddles();
    ValueBins valueBins = bins == null ? null : bins.bins();
    for (int from = 0; from < values.length; from += CHUNK) {
      countAndSumRange(
          values,
          from,
          Math.min(values.length, from + CHUNK),
          counts,
          offsets,
          straddles,
          valueBins,
          placed);
    }
  }

  private void countAndSumRange(
      double[] values,
      int from,
      int to,
      int[] counts,
      double[] offsets,
      boolean[] straddles,
      ValueBins valueBins,
      int[] placed) {
    long f = floor;
    int s = blockShift;
    long first = firstBlock;
    long mask = (1L << s) - 1;
    int[] blocks = layout;
    double lowest = min;
    long lowestKey = minKey;
    for (int i = from; i < to; i++) {
      double v = values[i];
      long t = key(v, f);
      int block = blocks[(int) ((t >> s) - first)];
      int shift = block & SHIFT_MASK;
      int bucket = (block >>> SHIFT_BITS) + (int) ((t & mask) >>> shift);
      counts[bucket]++;
      // the bucket's lower edge, as edges() computes it: the minimum for the lowest bucket,
      // whose first key may lie below the minimum's (and stand for no finite value). No branch,
      // which the compiler, having seen it taken too rarely, would compile as a trap: the key
      // is raised to the minimum's at least, whose smallest value is at most the minimum
      long firstKey = (t >> shift) << shift;
      long below = firstKey - lowestKey; // |keys| <= 2^58: no overflow
      long atLeastMin = firstKey - (below & (below >> 63));
      double edge = Math.max(smallestWithKey(atLeastMin, f), lowest);
      offsets[bucket] += v - edge;
      if (straddles != null && straddles[bucket]) {
        placed[valueBins.binOf(v)]++;
      }
    }
  }
}
