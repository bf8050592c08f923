package dev.shadowpipeline.store;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to connect: credentials (PostgreSQL only; SQLite ignores them), pool size and connect timeout.
 * Immutable; {@code with...} methods return a changed copy. The password never appears in {@link #toString()}.
 *
 * @param user database user, or null to use the one in the URL (or the driver's default)
 * @param password database password, or null
 * @param maxPoolSize most connections held open, at least 2 (migrations need two at once)
 * @param connectTimeout how long to wait for a connection before failing, at least 250 ms
 */
public record StoreOptions(String user, String password, int maxPoolSize, Duration connectTimeout) {

  /** Environment variable holding the PostgreSQL user. */
  public static final String USER_ENV = "SHADOW_DB_USER";

  /** Environment variable holding the PostgreSQL password. */
  public static final String PASSWORD_ENV = "SHADOW_DB_PASSWORD";

  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250); // HikariCP's floor

  public StoreOptions {
    if (maxPoolSize < 2) {
      throw new IllegalArgumentException("maxPoolSize must be at least 2: " + maxPoolSize);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "connectTimeout must be at least 250 ms: " + connectTimeout);
    }
  }

  /** No credentials, 4 connections, 10 s connect timeout. */
  public static StoreOptions defaults() {
    return new StoreOptions(null, null, 4, Duration.ofSeconds(10));
  }

  /** The defaults with credentials taken from {@value #USER_ENV} and {@value #PASSWORD_ENV} when set. */
  public static StoreOptions fromEnvironment(Map<String, String> environment) {
    return defaults()
        .withCredentials(
            blankToNull(environment.get(USER_ENV)), blankToNull(environment.get(PASSWORD_ENV)));
  }

  public StoreOptions withCredentials(String newUser, String newPassword) {
    return new StoreOptions(newUser, newPassword, maxPoolSize, connectTimeout);
  }

  public StoreOptions withMaxPoolSize(int newMaxPoolSize) {
    return new StoreOptions(user, password, newMaxPoolSize, connectTimeout);
  }

  public StoreOptions withConnectTimeout(Duration newConnectTimeout) {
    return new StoreOptions(user, password, maxPoolSize, newConnectTimeout);
  }

  @Override
  public String toString() {
    return "StoreOptions[user="
        + user
        + ", password="
        + (password == null ? "none" : "****")
        + ", maxPoolSize="
        + maxPoolSize
        + ", connectTimeout="
        + connectTimeout
        + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
