package dev.shadowpipeline.shadow.exchange;

/**
 * Why an upstream gave no (complete) answer. A 4xx or 5xx status is an answer, not an error: it is recorded as a
 * status and compared like any other.
 */
public enum ErrorKind {
  /** No complete answer before the deadline (connect, headers and body together). */
  TIMEOUT,
  /** The upstream's port refused the TCP connection. */
  CONNECTION_REFUSED,
  /** The connection was reset or closed before the answer was complete. */
  CONNECTION_RESET,
  /** The upstream's host name did not resolve. */
  UNKNOWN_HOST,
  /** The TLS handshake failed (certificate not trusted, protocol mismatch, ...). */
  TLS,
  /** The upstream sent something that is not HTTP. */
  PROTOCOL,
  /** The proxy had no connection to give the request: its pool and wait queue were full. */
  OVERLOADED,
  /** The proxy stopped waiting because it was shutting down. */
  CANCELLED,
  /** Anything else; the message says what. */
  OTHER;

  /** The lower-case name used in records and metrics, e.g. {@code connection_refused}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
