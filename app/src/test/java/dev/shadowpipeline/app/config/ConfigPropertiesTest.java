package dev.shadowpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Properties of the reader over generated keys, values and files. */
class ConfigPropertiesTest {

  @Provide
  Arbitrary<String> kebabKeys() {
    Arbitrary<String> word =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    return word.list().ofMinSize(2).ofMaxSize(4).map(words -> String.join("-", words));
  }

  @Property
  void eitherSpellingReadsTheSameValueAndTheOldOneWarnsOnceWhateverTheNumberOfItems(
      @ForAll("kebabKeys") String key,
      @ForAll @IntRange(min = 1, max = 6) int items,
      @ForAll @IntRange(min = -1000, max = 1000) int value) {
    ConfigKeys keys = ConfigKeys.of(key).formerlySnakeCase(key);
    for (String spelling : List.of(key, key.replace('-', '_'))) {
      StringBuilder yaml = new StringBuilder("items:\n");
      for (int i = 0; i < items; i++) {
        yaml.append("  - {").append(spelling).append(": ").append(value + i).append("}\n");
      }
      List<String> warnings = new ArrayList<>();
      ConfigFile file =
          ConfigFile.parse(Path.of("p.yaml"), yaml.toString(), Map.of(), warnings::add);
      List<ConfigTree> read = file.root().children("items");
      for (int i = 0; i < items; i++) {
        assertThat(read.get(i).keys(keys).integer(key, Integer.MIN_VALUE, Integer.MIN_VALUE))
            .isEqualTo(value + i);
      }
      if (spelling.equals(key)) {
        assertThat(warnings).isEmpty();
      } else {
        assertThat(warnings)
            .containsExactly("p.yaml: items[0]." + spelling + " is deprecated, write " + key);
      }
    }
  }

  @Property
  void textWithoutReferencesIsKeptAsItIs(@ForAll @StringLength(max = 40) String text) {
    String plain = text.replace("$", "");
    assertThat(EnvInterpolation.apply(plain, Map.of(), "p.yaml: k")).isEqualTo(plain);
  }

  @Property
  void aReferenceIsReplacedByTheVariablesValueWhateverItHolds(
      @ForAll @StringLength(min = 1, max = 40) String value,
      @ForAll @StringLength(max = 10) String before) {
    String prefix = before.replace("$", "");
    assertThat(EnvInterpolation.apply(prefix + "${VAR}", Map.of("VAR", value), "p.yaml: k"))
        .isEqualTo(prefix + value);
  }
}
