package dev.shadowpipeline.shadow.proxy;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of what the proxy mirrors and where: the shadow's URL, the sample rate, the sample key, the mirrored
 * methods and the pause flag, held as one immutable value and swapped atomically when an operator changes it at run
 * time (through {@code PUT /admin/shadow}, or this class).
 */
public final class ShadowControl {

  private static final Logger log = LoggerFactory.getLogger(ShadowControl.class);
  private final AtomicReference<ShadowTarget> target;

  ShadowControl(ShadowTarget initial) {
    this.target = new AtomicReference<>(initial);
  }

  /** What requests are mirrored to, and which, right now. */
  ShadowTarget current() {
    return target.get();
  }

  /**
   * Changes any of the shadow URL, the sample rate and the pause flag; {@code null} leaves a field as it is.
   * The sample key and the mirrored methods keep their configured values. Requests already on their way keep the
   * target they started with.
   *
   * @throws IllegalArgumentException naming the bad value; nothing is changed then
   */
  public void update(String url, Double sampleRate, Boolean paused) {
    UpstreamAddress address = url == null ? null : UpstreamAddress.parse(url);
    ShadowTarget updated =
        target.updateAndGet(
            t -> {
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
    log.info(
        "shadow target now {} (sample rate {}, {})",
        updated.address(),
        updated.sampleRate(),
        updated.paused() ? "paused" : "mirroring");
  }
}
