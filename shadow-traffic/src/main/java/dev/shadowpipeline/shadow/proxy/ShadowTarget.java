package dev.shadowpipeline.shadow.proxy;

import java.util.Objects;

/**
 * What the proxy mirrors to right now. Immutable: a change at run time swaps in a new one, and every request reads
 * exactly one, so a request never sees half a change.
 *
 * @param address the shadow's URL
 * @param sampleRate share of eligible requests mirrored, 0 to 1
 * @param paused whether mirroring is paused (nothing is sent while paused)
 */
public record ShadowTarget(UpstreamAddress address, double sampleRate, boolean paused) {
  public ShadowTarget {
    Objects.requireNonNull(address, "address");
    if (!(sampleRate >= 0 && sampleRate <= 1)) { // also rejects NaN
      throw new IllegalArgumentException("sample rate must be between 0 and 1: " + sampleRate);
    }
  }

  public ShadowTarget withAddress(UpstreamAddress newAddress) {
    return new ShadowTarget(newAddress, sampleRate, paused);
  }

  public ShadowTarget withSampleRate(double rate) {
    return new ShadowTarget(address, rate, paused);
  }

  public ShadowTarget withPaused(boolean nowPaused) {
    return new ShadowTarget(address, sampleRate, nowPaused);
  }
}
