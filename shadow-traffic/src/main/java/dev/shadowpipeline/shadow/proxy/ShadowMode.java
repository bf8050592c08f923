package dev.shadowpipeline.shadow.proxy;

/** When the copy goes to the shadow. */
public enum ShadowMode {
  /** At the same time as the request to the primary: both see the same moment's load. */
  PARALLEL,
  /**
   * After the primary has answered: the shadow never competes with the primary for a shared backend (a feature
   * store, a database), at the price of seeing the request a little later.
   */
  AFTER_PRIMARY
}
