package dev.shadowpipeline.app.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keys one section of a config file accepts, kebab-case like the flags, and the deprecated spellings still read
 * for a release. {@link ConfigTree#keys(ConfigKeys)} checks a section against them.
 *
 * @param names the keys accepted
 * @param formerly each deprecated spelling and the key it is now
 */
public record ConfigKeys(Set<String> names, Map<String, String> formerly) {

  public ConfigKeys {
    names = Set.copyOf(names);
    formerly = Map.copyOf(formerly);
    for (Map.Entry<String, String> old : formerly.entrySet()) {
      if (!names.contains(old.getValue())) {
        throw new IllegalArgumentException(
            "'"
                + old.getKey()
                + "' is deprecated for '"
                + old.getValue()
                + "', which is not one of the keys");
      }
    }
  }

  /** These keys, none deprecated. */
  public static ConfigKeys of(String... names) {
    return new ConfigKeys(Set.of(names), Map.of());
  }

  /** These keys, none deprecated. */
  public static ConfigKeys of(Collection<String> names) {
    return new ConfigKeys(Set.copyOf(names), Map.of());
  }

  /**
   * These keys with the snake_case spelling they had before config keys became the flags' words: {@code drift_share}
   * still reads as {@code drift-share}, with a deprecation warning.
   *
   * @param keys kebab-case keys among {@link #names()}
   */
  public ConfigKeys formerlySnakeCase(String... keys) {
    Map<String, String> old = new HashMap<>(formerly);
    for (String key : keys) {
      if (key.indexOf('-') < 0) {
        throw new IllegalArgumentException("'" + key + "' has no snake_case spelling");
      }
      old.put(key.replace('-', '_'), key);
    }
    return new ConfigKeys(names, old);
  }
}
