package dev.shadowpipeline.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the command line: quiet libraries, our own INFO, everything at DEBUG with --verbose. */
public final class Logging {

  private Logging() {}

  private static boolean verbose;

  // held: JUL keeps its loggers weakly, and a collected one forgets its level
  private static final java.util.logging.Logger POSTGRESQL_DRIVER =
      java.util.logging.Logger.getLogger("org.postgresql");

  static void configure(boolean verbose) {
    Logging.verbose = verbose;
    // Vert.x logs through JUL unless told otherwise; route it to SLF4J so one configuration governs
    // all
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    // the PostgreSQL driver warns through JUL straight to stderr, quoting the JDBC URL as given;
    // what goes wrong reaches the user as the store's one error line, with its secrets masked
    POSTGRESQL_DRIVER.setLevel(
        verbose ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
    if (verbose
        && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(Level.DEBUG);
      ctx.getLogger("dev.shadowpipeline").setLevel(Level.DEBUG);
      ctx.getLogger("io.netty").setLevel(Level.INFO);
    }
  }

  /**
   * Keeps a component's INFO lines out of a command's output when the command reports the same facts itself (the
   * demo prints its own summary). Has no effect with --verbose, nor on a logger a logging configuration set to DEBUG.
   */
  public static void quiet(Class<?> component) {
    quiet(component.getName());
  }

  /**
   * Like {@link #quiet(String)} until the returned handle is closed, which gives the logger back its level (for a
   * step whose components would log as if they were the command's own, such as the proxy's warm-up).
   */
  public static Quieted quietFor(String logger) {
    if (verbose
        || !(LoggerFactory.getILoggerFactory()
            instanceof ch.qos.logback.classic.LoggerContext ctx)) {
      return () -> {};
    }
    Logger target = ctx.getLogger(logger);
    if (!target.getEffectiveLevel().isGreaterOrEqual(Level.INFO)) {
      return () -> {}; // DEBUG asked for by a logging configuration of one's own: left as asked
    }
    Level before = target.getLevel();
    target.setLevel(Level.WARN);
    return () -> target.setLevel(before);
  }

  /** A logger quieted by {@link #quietFor(String)}; closing it restores its level. */
  @FunctionalInterface
  public interface Quieted extends AutoCloseable {
    @Override
    void close();
  }

  /** Like {@link #quiet(Class)}, for a logger by name (a package quiets everything in it). */
  public static void quiet(String logger) {
    quietFor(logger); // for the rest of the command: the handle that would restore it is not kept
  }
}
