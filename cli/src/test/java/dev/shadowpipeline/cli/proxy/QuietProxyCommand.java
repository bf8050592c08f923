package dev.shadowpipeline.cli.proxy;

import dev.shadowpipeline.cli.CliContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** A {@link ProxyCommand} whose output goes nowhere, for tests that parse its options without starting a proxy. */
final class QuietProxyCommand {

  private QuietProxyCommand() {}

  static ProxyCommand create() {
    return create(Map.of());
  }

  static ProxyCommand create(Map<String, String> env) {
    return new ProxyCommand(
        new CliContext(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), env, false));
  }
}
