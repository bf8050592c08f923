package dev.shadowpipeline.shadow.memory;

/**
 * Default byte bounds of the recording side, derived from the JVM's maximum heap so that the proxy never runs out of
 * memory however large the bodies: each share is a fraction of {@code -Xmx}, clamped to a sensible range. Together the
 * shares stay well under half of the heap, leaving the rest to the event loops, the comparison of the pair in hand and
 * the JVM itself.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>bound</th><th>share of the heap</th><th>at -Xmx256m</th><th>at -Xmx4g</th></tr>
 *   <tr><td>capture of each body</td><td>fixed 1 MiB</td><td>1 MiB</td><td>1 MiB</td></tr>
 *   <tr><td>mirrored copies in flight</td><td>1/8, 8 MiB to 1 GiB</td><td>32 MiB</td><td>512 MiB</td></tr>
 *   <tr><td>record queue</td><td>1/8, 8 MiB to 1 GiB</td><td>32 MiB</td><td>512 MiB</td></tr>
 *   <tr><td>regression suite</td><td>1/16, 4 MiB to 256 MiB</td><td>16 MiB</td><td>256 MiB</td></tr>
 * </table>
 */
public final class MemoryDefaults {

  /** What is captured of each body for comparison and records. */
  public static final long CAPTURE_MAX = 1L << 20;

  private static final long MIB = 1L << 20;

  private MemoryDefaults() {}

  /** Bytes of request copies and captured answers of mirrored requests still in flight. */
  public static long inFlightBytes() {
    return inFlightBytes(Runtime.getRuntime().maxMemory());
  }

  /** Bytes of compared-but-unwritten pairs waiting for the record worker. */
  public static long recordQueueBytes() {
    return recordQueueBytes(Runtime.getRuntime().maxMemory());
  }

  /** Bytes of the regression suite, in memory and on disk. */
  public static long suiteBytes() {
    return suiteBytes(Runtime.getRuntime().maxMemory());
  }

  static long inFlightBytes(long maxHeap) {
    return clamp(maxHeap / 8, 8 * MIB, 1024 * MIB);
  }

  static long recordQueueBytes(long maxHeap) {
    return clamp(maxHeap / 8, 8 * MIB, 1024 * MIB);
  }

  static long suiteBytes(long maxHeap) {
    return clamp(maxHeap / 16, 4 * MIB, 256 * MIB);
  }

  private static long clamp(long v, long min, long max) {
    return Math.max(min, Math.min(max, v));
  }
}
