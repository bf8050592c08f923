package dev.shadowpipeline.app.config;

/**
 * A configuration value cannot be used as given: a bad value of a flag or of a key in a config file, an unknown key,
 * a config file that cannot be read. The message is the whole story in one line and names where the value came from
 * ({@code shadow.yaml: proxy.sample-rate: ...}, {@code --db: ...}); the command line shows it and exits with 2.
 */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
