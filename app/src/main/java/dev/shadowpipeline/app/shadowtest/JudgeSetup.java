package dev.shadowpipeline.app.shadowtest;

import dev.shadowpipeline.app.config.ConfigFile;
import dev.shadowpipeline.app.config.ConfigKeys;
import dev.shadowpipeline.app.config.ConfigTree;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.judge.JudgeConfig;
import dev.shadowpipeline.shadow.judge.JudgePrompt;
import dev.shadowpipeline.shadow.redact.HeaderSecrets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pairwise judge from the config file's {@code compare: judge:} section: {@code url}, {@code model}, {@code key}
 * (write {@code ${JUDGE_API_KEY}}: the key comes from the environment and is never printed), {@code prompt},
 * {@code max-calls}, {@code concurrency}, {@code timeout}, {@code seed}, {@code both-orders}, {@code min-severity},
 * {@code max-text}. Every bad value is reported naming its key.
 */
public final class JudgeSetup {

  static final ConfigKeys KEYS =
      ConfigKeys.of(
          "url",
          "model",
          "key",
          "prompt",
          "max-calls",
          "concurrency",
          "timeout",
          "seed",
          "both-orders",
          "min-severity",
          "max-text");

  private JudgeSetup() {}

  /**
   * The judge the file configures, or {@code null} when it has no {@code compare.judge} (or no file is given).
   *
   * @throws dev.shadowpipeline.app.config.ConfigException naming the key of any bad value
   */
  public static JudgeConfig fromFile(
      Path configFile, Map<String, String> env, Consumer<String> warnings) {
    if (configFile == null) {
      return null;
    }
    return fromFile(ConfigFile.load(configFile, env, warnings));
  }

  /** The judge {@code file} configures, or {@code null}. */
  public static JudgeConfig fromFile(ConfigFile file) {
    ConfigTree compare = file == null ? null : file.section("compare");
    ConfigTree section = compare == null ? null : compare.child("judge");
    return section == null ? null : read(section);
  }

  /** Reads a {@code judge:} section. */
  static JudgeConfig read(ConfigTree section) {
    ConfigTree j = section.keys(KEYS);
    String url = j.requiredText("url");
    URI base = Comparators.baseUrl(j, url);
    // a key read from a file often ends with a line break: removed here, refused inside
    String key = j.parsed("key", null, v -> HeaderSecrets.value("the API key", v));
    String prompt = j.text("prompt", JudgePrompt.DEFAULT);
    if (prompt.isBlank()
        || !prompt.contains(JudgePrompt.ANSWER_A)
        || !prompt.contains(JudgePrompt.ANSWER_B)) {
      throw j.error(
          "prompt",
          "must contain "
              + JudgePrompt.ANSWER_A
              + " and "
              + JudgePrompt.ANSWER_B
              + " (and usually "
              + JudgePrompt.PROMPT
              + ")");
    }
    String both = j.text("both-orders", "false").strip();
    if (!both.equals("true") && !both.equals("false")) {
      throw j.error("both-orders", "must be true or false: " + both);
    }
    String seed = j.text("seed", "0").strip();
    long seedValue;
    try {
      seedValue = Long.parseLong(seed);
    } catch (NumberFormatException e) {
      throw j.error("seed", "must be a whole number: '" + seed + "'");
    }
    JudgeConfig defaults = JudgeConfig.of(base, "judge", null);
    return j.build(
        () ->
            new JudgeConfig(
                base,
                j.requiredText("model"),
                key == null || key.isBlank() ? null : key,
                prompt,
                j.integer("max-calls", JudgeConfig.DEFAULT_MAX_CALLS, 0),
                j.integer("concurrency", JudgeConfig.DEFAULT_CONCURRENCY, 1),
                positive(j, j.duration("timeout", JudgeConfig.DEFAULT_TIMEOUT)),
                seedValue,
                Boolean.parseBoolean(both),
                j.parsed("min-severity", Severity.WARNING, Severity::parse),
                j.integer("max-text", JudgeConfig.DEFAULT_MAX_TEXT_CHARS, 1),
                defaults.queueMax(),
                defaults.queueMaxBytes()));
  }

  private static java.time.Duration positive(ConfigTree j, java.time.Duration d) {
    if (d.isZero()) {
      throw j.error("timeout", "must be positive: " + j.text("timeout", null));
    }
    return d;
  }
}
