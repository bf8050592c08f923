package dev.shadowpipeline.shadow.exchange;

import java.util.Objects;

/** One HTTP header line as it was seen; a message keeps duplicates and order as a list of these. */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
