package dev.shadowpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's logging as {@link LogbackSetup} sets it up, and when it leaves it to a file of one's own. */
class LogbackSetupTest {

  @TempDir Path dir;

  @Test
  void logLinesGoToStderrWithOurLevels() {
    LoggerContext context = new LoggerContext();
    LogbackSetup.apply(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<ILoggingEvent> stderr =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
        .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    assertThat(context.getLogger("dev.shadowpipeline.store.Store").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    assertThat(context.getLogger("ai.djl.util").getEffectiveLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("com.zaxxer.hikari").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void aLogbackFileOfOnesOwnOnTheClassPathIsLeftToLogback() throws IOException {
    Path own = Files.createDirectories(dir.resolve("own"));
    Files.writeString(own.resolve("logback.xml"), "<configuration/>");
    Path none = Files.createDirectories(dir.resolve("none"));
    try (URLClassLoader withFile = new URLClassLoader(new URL[] {own.toUri().toURL()}, null);
        URLClassLoader without = new URLClassLoader(new URL[] {none.toUri().toURL()}, null)) {
      assertThat(LogbackSetup.ownConfiguration(withFile)).isTrue();
      assertThat(LogbackSetup.ownConfiguration(without)).isFalse();
    }
    // the cli's tests log as the command line does (they have no logback file of their own)
    assertThat(new LogbackSetup().configure(new LoggerContext()))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
  }

  @Test
  void logbackFindsItThroughTheServiceLoaderAndNoLogbackXmlShipsWithTheCommandLine()
      throws IOException {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(LogbackSetup.class.getName());
    // a logback.xml in the jar would make LogbackSetup step aside on every run
    URL main = LogbackSetup.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader mainOnly = new URLClassLoader(new URL[] {main}, null)) {
      assertThat(mainOnly.getResource("logback.xml")).isNull();
    }
  }
}
