package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SkipReason;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/**
 * Decides which requests are copied to the shadow, from the current {@link ShadowTarget} alone. With a sample key, the
 * decision is a pure function of that header's value and the rate: the same user is always in or always out, and
 * raising the rate only adds users.
 */
final class MirrorPolicy {

  private final DoubleSupplier random;

  /** @param random uniform draws in [0, 1) for requests without a sample key */
  MirrorPolicy(DoubleSupplier random) {
    this.random = random;
  }

  /** Why this request is not mirrored under {@code target}, or {@code null} when it is. */
  SkipReason skipReason(String method, MultiMap headers, ShadowTarget target) {
    if (target.paused()) {
      return SkipReason.PAUSED;
    }
    if (!target.mirrors(method)) {
      return SkipReason.METHOD;
    }
    double rate = target.sampleRate();
    if (rate >= 1.0) {
      return null;
    }
    if (rate <= 0.0) {
      return SkipReason.SAMPLING;
    }
    String key = target.sampleKey() == null ? null : headers.get(target.sampleKey());
    double draw = key == null ? random.getAsDouble() : unitHash(key);
    return draw < rate ? null : SkipReason.SAMPLING;
  }

  /**
   * Whether a request the shadow mirrors also goes to the secondary. {@code secondaryRate} is a share of all requests
   * (NaN: every mirrored request), so the draw here is conditional: secondaryRate / the shadow's rate. With a sample
   * key the decision is nested in the shadow's (the same hash under a lower threshold): a user whose requests go to
   * the secondary is always one whose requests go to the shadow.
   */
  boolean secondarySelected(MultiMap headers, ShadowTarget target, double secondaryRate) {
    double rate = target.sampleRate();
    if (Double.isNaN(secondaryRate) || secondaryRate >= rate) {
      return true;
    }
    if (secondaryRate <= 0.0) {
      return false;
    }
    String key = target.sampleKey() == null ? null : headers.get(target.sampleKey());
    if (key != null) {
      return unitHash(key) < secondaryRate;
    }
    return random.getAsDouble() < secondaryRate / rate;
  }

  /**
   * Maps a key to [0, 1) uniformly and stably across runs and machines: FNV-1a over the UTF-8 bytes, then the
   * SplitMix64 finalizer so that similar keys (user-1, user-2) land far apart.
   */
  static double unitHash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h = h ^ (h >>> 31);
    return (h >>> 11) * 0x1.0p-53;
  }
}
