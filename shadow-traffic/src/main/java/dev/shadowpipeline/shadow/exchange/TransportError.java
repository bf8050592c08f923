package dev.shadowpipeline.shadow.exchange;

import java.util.Objects;

/** A failed upstream call: the kind, for counting, and the message, for people. */
public record TransportError(ErrorKind kind, String message) {
  public TransportError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }
}
