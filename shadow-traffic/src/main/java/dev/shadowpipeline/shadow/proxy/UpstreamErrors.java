package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.TransportError;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns what a failed upstream call threw into a recorded outcome (OkHttp's rule: transport failure is data). */
final class UpstreamErrors {

  private UpstreamErrors() {}

  static TransportError classify(Throwable failure, UpstreamAddress address) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      ErrorKind kind = kindOf(t);
      if (kind != null) {
        return new TransportError(kind, describe(kind, t, address));
      }
    }
    return new TransportError(
        ErrorKind.OTHER, address.host() + ":" + address.port() + ": " + failure);
  }

  private static ErrorKind kindOf(Throwable t) {
    if (t instanceof ConnectException) {
      String msg = lower(t.getMessage());
      return msg.contains("timed out") ? ErrorKind.TIMEOUT : ErrorKind.CONNECTION_REFUSED;
    }
    if (t instanceof UnknownHostException) {
      return ErrorKind.UNKNOWN_HOST;
    }
    if (t instanceof SSLException) {
      return ErrorKind.TLS;
    }
    if (t instanceof TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (t instanceof ConnectionPoolTooBusyException) {
      return ErrorKind.OVERLOADED;
    }
    if (t instanceof HttpClosedException
        || t instanceof ClosedChannelException
        || t instanceof StreamResetException) {
      return ErrorKind.CONNECTION_RESET;
    }
    String name = t.getClass().getName();
    if (name.startsWith("io.netty.handler.codec") || name.endsWith("TooLongFrameException")) {
      return ErrorKind.PROTOCOL;
    }
    if (t instanceof IOException) {
      String msg = lower(t.getMessage());
      if (msg.contains("reset") || msg.contains("broken pipe") || msg.contains("closed")) {
        return ErrorKind.CONNECTION_RESET;
      }
    }
    if (t instanceof IllegalArgumentException && lower(t.getMessage()).contains("invalid")) {
      return ErrorKind.PROTOCOL; // Netty rejects a malformed status line this way
    }
    return null;
  }

  private static String describe(ErrorKind kind, Throwable t, UpstreamAddress address) {
    String where = address.host() + ":" + address.port();
    return switch (kind) {
      case CONNECTION_REFUSED -> "connection refused by " + where;
      case UNKNOWN_HOST -> "unknown host " + address.host();
      case TLS -> "TLS handshake with " + where + " failed: " + t.getMessage();
      case CONNECTION_RESET -> "connection to " + where + " closed before the answer was complete";
      case PROTOCOL -> where + " did not answer with valid HTTP: " + t.getMessage();
      case OVERLOADED -> "no free connection to " + where + " (pool and wait queue full)";
      case TIMEOUT -> "no answer from " + where + " in time";
      default -> where + ": " + t;
    };
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
