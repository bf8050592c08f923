package dev.shadowpipeline.shadow.proxy;

/** The proxy could not start; the message says what to change (a port in use, an output folder not writable). */
public final class ProxyStartException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which setting the failure is about, so a command line can name its option. */
  public enum Setting {
    PORT,
    ADMIN_PORT,
    OUT_DIR,
    UPSTREAM_CA,
    OTHER
  }

  private final Setting setting;

  ProxyStartException(Setting setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  public Setting setting() {
    return setting;
  }
}
