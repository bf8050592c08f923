package dev.shadowpipeline.cli.compare;

import dev.shadowpipeline.app.shadowtest.ComparisonSetup;
import dev.shadowpipeline.cli.CliContext;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The comparison flags of the offline commands ({@code replay}, {@code regress}): the rules, plus the JSON
 * tolerance, ignored fields and redacted headers that {@code proxy} declares among its own options.
 */
public final class ComparisonFlags {

  @Mixin public ComparisonOptions rules;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      defaultValue = "1e-6",
      order = 37,
      description = "Relative tolerance when comparing JSON numbers (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--ignore",
      paramLabel = "POINTER",
      split = ",",
      order = 38,
      description = "JSON Pointers left out of the comparison, e.g. /id,/created,/items/*/trace.")
  List<String> ignore;

  @Option(
      names = "--redact-headers",
      paramLabel = "HEADER",
      split = ",",
      order = 39,
      description =
          "Headers masked in records, besides the credential headers always masked (Authorization, Cookie, "
              + "Api-Key, X-Goog-Api-Key, ... and names containing token, secret, password, auth, session, ...).")
  List<String> redactHeaders;

  /** The settings these flags and the config file's {@code compare:} and {@code redact:} sections describe. */
  public CaptureSettings settings(Path configFile, CliContext ctx) {
    return ComparisonSetup.build(
        rules.toRules(), configFile, tolerance, ignore, redactHeaders, ctx.env(), ctx::warn);
  }
}
