package dev.shadowpipeline.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The command line's logging, set up in code rather than from a {@code logback.xml}: log lines go to stderr (stdout
 * carries only a command's results), our own components at INFO, chatty libraries at WARN or ERROR.
 *
 * <p>Why in code: parsing an XML configuration loads some 600 classes of logback's Joran and the JDK's XML parser in
 * every run, a third of a second of a short command's start on two busy cores ({@code bench/results/cli-start.md}).
 * Found by logback through {@code META-INF/services}. A configuration of one's own still wins: with
 * {@code -Dlogback.configurationFile=...} or a {@code logback.xml} on the class path, this steps aside and logback
 * reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

  /** The line format: time, level, the logger's simple name, the message. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  /** Levels other than the root's WARN. */
  static final Map<String, Level> LEVELS =
      Map.of(
          "io.netty", Level.WARN,
          "io.vertx", Level.WARN,
          "dev.shadowpipeline", Level.INFO,
          // DJL (the embedding model's tokenizer) warns on every start that this machine has no
          // CUDA driver
          "ai.djl", Level.ERROR,
          // the Kafka clients warn at every reconnection attempt while a broker is away (about once
          // a
          // second); the sink and the collector say once that it is unreachable, and again when it
          // is back
          "org.apache.kafka.clients.NetworkClient", Level.ERROR,
          "org.apache.kafka.clients.admin.internals", Level.ERROR);

  /** Public, with no arguments: logback makes it through the service loader. */
  public LogbackSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (ownConfiguration(getClass().getClassLoader())) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Whether a logging configuration of one's own is given, for logback to read instead. */
  static boolean ownConfiguration(ClassLoader loader) {
    return System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback.xml") != null;
  }

  /** Sets the context up: one stderr appender on the root, at WARN, and the {@link #LEVELS}. */
  static void apply(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
