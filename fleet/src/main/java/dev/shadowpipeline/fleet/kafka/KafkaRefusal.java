package dev.shadowpipeline.fleet.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * The brokers answered and said no: a login they do not accept (a wrong password, user or mechanism) or an operation
 * the user's ACLs do not allow (reading the topic, joining the group). Unlike a broker that does not answer, waiting
 * does not fix either, so a command that meets one ends with one line saying which ({@link KafkaSetupException},
 * exit 2) instead of retrying for ever. The message never holds a password.
 */
public final class KafkaRefusal {

  /** The config key a refused login points to. */
  public static final String LOGIN_KEY = KafkaSettings.SECTION;

  private KafkaRefusal() {}

  /**
   * The refusal {@code error} is, or has among its causes, as the exception to end with; {@code null} when it is
   * anything else (a broker that did not answer, a bug).
   *
   * @param doing what was refused, e.g. {@code "read"}, for the message
   */
  public static KafkaSetupException of(
      Throwable error, KafkaAddress address, KafkaSettings settings, String doing) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException) {
        return new KafkaSetupException(
            LOGIN_KEY,
            "the brokers of "
                + address
                + " refused the login of "
                + who(settings)
                + " ("
                + reason(t, settings)
                + "): check security-protocol, sasl-mechanism, sasl-username and sasl-password",
            error);
      }
      if (t instanceof AuthorizationException) {
        return new KafkaSetupException(
            null,
            who(settings)
                + " may not "
                + doing
                + " "
                + address
                + " ("
                + reason(t, settings)
                + "): the brokers' ACLs must allow it, or the kafka: section must name a user they allow",
            error);
      }
    }
    return null;
  }

  private static String who(KafkaSettings settings) {
    return settings.saslUsername() == null
        ? "this client"
        : "sasl-username '" + settings.saslUsername() + "'";
  }

  private static String reason(Throwable t, KafkaSettings settings) {
    return t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + settings.mask(t.getMessage()));
  }
}
