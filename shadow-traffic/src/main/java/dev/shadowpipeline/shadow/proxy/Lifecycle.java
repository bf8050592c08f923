package dev.shadowpipeline.shadow.proxy;

/**
 * Whether the proxy is shutting down. Built before anything that reads it (the admin API reports {@code draining} on
 * {@code /health}) and set by {@link ShadowProxy#close()}, so no part needs the proxy itself to learn it.
 */
final class Lifecycle {

  private volatile boolean draining;

  /** From now on the proxy finishes what is in progress and takes nothing new. */
  void startDraining() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }
}
