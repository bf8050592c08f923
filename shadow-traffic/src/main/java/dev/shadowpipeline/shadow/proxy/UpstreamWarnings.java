package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.TransportError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed upstream calls, logged at most once per side and kind of error per interval, with how many were held back:
 * a shadow that resets every connection writes a line every few seconds, not one per request. The metrics count
 * every one of them.
 */
final class UpstreamWarnings {

  private static final Logger log = LoggerFactory.getLogger(UpstreamWarnings.class);

  private final LogThrottle throttle;

  UpstreamWarnings(LogThrottle throttle) {
    this.throttle = throttle;
  }

  /** A call to {@code side} ("primary" or "shadow") failed with {@code error}. */
  void failed(String side, TransportError error) {
    long suppressed = throttle.admit(side + ':' + error.kind());
    if (suppressed >= 0) {
      log.warn(
          "{} failed: {}{}",
          side,
          error.message(),
          suppressed > 0 ? " (" + suppressed + " more like it since the last report)" : "");
    }
  }
}
