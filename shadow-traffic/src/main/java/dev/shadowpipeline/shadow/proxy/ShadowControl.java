package dev.shadowpipeline.shadow.proxy;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the current {@link ShadowTarget} and swaps it atomically when an operator changes it at run time. */
public final class ShadowControl {

  private static final Logger log = LoggerFactory.getLogger(ShadowControl.class);
  private final AtomicReference<ShadowTarget> target;

  ShadowControl(ShadowTarget initial) {
    this.target = new AtomicReference<>(initial);
  }

  /** What requests are mirrored to right now. */
  public ShadowTarget current() {
    return target.get();
  }

  /**
   * Changes any of the shadow URL, the sample rate and the pause flag; {@code null} leaves a field as it is.
   * Requests already on their way keep the target they started with.
   *
   * @return the new target
   * @throws IllegalArgumentException naming the bad value; nothing is changed then
   */
  public ShadowTarget update(String url, Double sampleRate, Boolean paused) {
    UpstreamAddress address = url == null ? null : UpstreamAddress.parse(url);
    ShadowTarget updated = target.updateAndGet(t -> {
      ShadowTarget next = t;
      if (address != null) {
        next = next.withAddress(address);
      }
      if (sampleRate != null) {
        next = next.withSampleRate(sampleRate);
      }
      if (paused != null) {
        next = next.withPaused(paused);
      }
      return next;
    });
    log.info("shadow target now {} (sample rate {}, {})", updated.address(), updated.sampleRate(),
        updated.paused() ? "paused" : "mirroring");
    return updated;
  }
}
