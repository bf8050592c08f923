package dev.shadowpipeline.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shadowpipeline.shadow.replay.Utf8Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML config file ({@code shadow.yaml}, {@code monitor.yaml}), read once with {@code ${ENV}} interpolation and
 * then read through {@link ConfigTree}s: typed values, allowed keys, and errors in one format, {@code file: key:
 * message} ({@code monitor.yaml: jobs[0].drift-share: must be a number in (0, 1]: 1.5}).
 *
 * <p>Keys are kebab-case, the flags' words. A deprecated spelling that a section still accepts is reported once per
 * key to the warnings given at load ({@code shadow.yaml: compare.latency_budget is deprecated, write
 * latency-budget}). Not thread-safe: one command reads it, once.
 */
public final class ConfigFile {

  // a key given twice in one mapping is a mistake whichever copy was meant: YAML's last-one-wins
  // would hide it
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)' for ");

  private final Path path;
  private final String name;
  private final ConfigTree root;
  private final Consumer<String> warnings;
  private final Set<String> warned = new HashSet<>();

  private ConfigFile(Path path, JsonNode root, Consumer<String> warnings) {
    this.path = path;
    this.name = String.valueOf(path.getFileName());
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    this.root = new ConfigTree(this, root, "");
  }

  /**
   * The value of a {@code --config FILE} or {@code --config=FILE} argument in a command line (the last one given),
   * for commands that must load the file before parsing the rest.
   */
  public static Optional<String> pathArgument(String[] args) {
    String path = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
    }
    return Optional.ofNullable(path);
  }

  /**
   * Reads a config file and replaces {@code ${NAME}} and {@code ${NAME:-fallback}} in its values.
   *
   * @param env the environment variables for {@code ${...}}
   * @param warnings where deprecation warnings go, one line each
   * @throws ConfigException naming the file, and the line or key, when it is missing, a directory, not UTF-8 (the
   *     line, column and byte), not YAML, not key: value lines at the top, or refers to an unset variable
   */
  public static ConfigFile load(Path path, Map<String, String> env, Consumer<String> warnings) {
    if (Files.isDirectory(path)) {
      throw new ConfigException("config file " + path + " is a directory, not a YAML file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + path);
    } catch (AccessDeniedException e) {
      throw new ConfigException("cannot read config file " + path + ": permission denied");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    // Files.readString would fail with "Input length = 1", naming neither the line nor the byte
    Optional<Utf8Check.Malformed> bad = Utf8Check.firstMalformed(bytes);
    if (bad.isPresent()) {
      throw new ConfigException(path.getFileName() + ": " + bad.get().describe());
    }
    return parse(path, new String(bytes, StandardCharsets.UTF_8), env, warnings);
  }

  /**
   * Reads config text as if it were the file {@code path} (only its name appears in messages).
   *
   * @see #load(Path, Map, Consumer)
   */
  public static ConfigFile parse(
      Path path, String yaml, Map<String, String> env, Consumer<String> warnings) {
    String name = String.valueOf(path.getFileName());
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(name + ": " + yamlProblem(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode(); // an empty file configures nothing
    }
    if (!root.isObject()) {
      throw new ConfigException(name + ": expected key: value lines at the top level");
    }
    return new ConfigFile(path, EnvInterpolation.applyToTree(root, env, name, ""), warnings);
  }

  /** The file this came from. */
  public Path path() {
    return path;
  }

  /** The file's name, as messages name it. */
  public String name() {
    return name;
  }

  /** The whole file. */
  public ConfigTree root() {
    return root;
  }

  /** A top-level section, or {@code null} when the file has none. */
  public ConfigTree section(String name) {
    return root.child(name);
  }

  // once per key and file: the key without list positions, so ten jobs with drift_share warn once
  void deprecated(String place, String newKey) {
    if (warned.add(place.replaceAll("\\[\\d+]", "[]"))) {
      warnings.accept(name + ": " + place + " is deprecated, write " + newKey);
    }
  }

  // SnakeYAML's own message spans several lines with a caret drawing; one line says the same
  private static String yamlProblem(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
        return "line "
            + (marked.getProblemMark().getLine() + 1)
            + ", column "
            + (marked.getProblemMark().getColumn() + 1)
            + ": not valid YAML: "
            + marked.getProblem()
            + context;
      }
    }
    JsonLocation at = e.getLocation();
    Matcher duplicate = DUPLICATE_KEY.matcher(e.getOriginalMessage());
    if (duplicate.lookingAt()) {
      // databind's message names its own feature flag; the user needs the key and the line
      return (at == null ? "" : "line " + at.getLineNr() + ": ")
          + "'"
          + duplicate.group(1)
          + "' is given twice in one section: keep one";
    }
    String where =
        at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return where + "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("");
  }
}
