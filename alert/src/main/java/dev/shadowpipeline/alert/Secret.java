package dev.shadowpipeline.alert;

import java.net.URI;
import java.util.Objects;

/**
 * A webhook URL or signing key, resolved by the configuration layer from an environment variable. It prints as
 * {@code ****} (URLs as their scheme and host only, e.g. {@code https://discord.com/****}) so it cannot leak
 * into logs or error messages by accident.
 *
 * @param value the secret itself; read it only where it is used
 */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "secret must not be blank (is its environment variable set?)");
    }
  }

  /** A printable form: scheme and host for a URL, {@code ****} otherwise. */
  public String masked() {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + "/****";
      }
    } catch (IllegalArgumentException notAUri) {
      // fall through: not a URL, show nothing of it
    }
    return "****";
  }

  /** {@code text} with every occurrence of the secret replaced by its masked form. */
  public String scrub(String text) {
    return text == null ? null : text.replace(value, masked());
  }

  @Override
  public String toString() {
    return masked();
  }
}
