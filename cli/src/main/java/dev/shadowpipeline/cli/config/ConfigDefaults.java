package dev.shadowpipeline.cli.config;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigTree;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Feeds one config-file section to picocli as default values: an option takes the file's value unless the flag is
 * given, so flags override the file and the file overrides built-in defaults. Remembers what it supplied, so an error
 * about a value can name the config key instead of the flag.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

  private final ConfigFile file;
  private final String section;
  private final Map<String, String> values;
  private final Set<String> supplied = new HashSet<>();

  public ConfigDefaults(ConfigFile file, String section) {
    this.file = file;
    this.section = section;
    ConfigTree tree = file.section(section);
    this.values = tree == null ? Map.of() : tree.options();
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = keyOf(option);
    String value = values.get(key);
    if (value != null) {
      supplied.add(option.longestName());
    }
    return value;
  }

  /** The config key for an option: its longest name without the leading dashes. */
  public static String keyOf(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  /** Whether the file supplied this option's value (and so errors about it should name the key). */
  public boolean supplied(String optionName) {
    return supplied.contains(optionName);
  }

  /**
   * How an error names an option: the flag when it was given on the command line (or not at all), {@code
   * shadow.yaml: gate.min-agreement} when the command's config file supplied its value, so that the user is sent to
   * the file and key they wrote rather than to a flag they never typed.
   */
  public static String where(CommandSpec spec, String optionName) {
    boolean onCommandLine =
        spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption(optionName);
    if (!onCommandLine
        && spec.defaultValueProvider() instanceof ConfigDefaults defaults
        && defaults.supplied(optionName)) {
      return defaults.describe(optionName);
    }
    return optionName;
  }

  /** How to name an option's config key in messages, e.g. {@code shadow.yaml: proxy.port}. */
  public String describe(String optionName) {
    return file.name() + ": " + section + "." + optionName.replaceFirst("^-+", "");
  }
}
