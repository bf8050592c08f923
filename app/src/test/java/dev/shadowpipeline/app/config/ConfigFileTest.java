package dev.shadowpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of config files: interpolation, typed values, allowed keys, deprecated keys, one error format. */
class ConfigFileTest {

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private ConfigFile parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private ConfigFile parse(String yaml, Map<String, String> env) {
    return ConfigFile.parse(Path.of("t.yaml"), yaml, env, warnings::add);
  }

  private ConfigTree section(String yaml) {
    return parse(yaml).section("s");
  }

  @Test
  void valuesAreInterpolatedFromTheEnvironmentEverywhere() {
    ConfigFile file =
        parse(
            """
        s:
          url: http://${HOST}:${PORT:-8080}/x
          literal: $${NOT_A_VAR}
          items: [a, "${HOST}"]
          nested: {deep: [{key: "${KEY:-}"}]}
          number: 3
        """,
            Map.of("HOST", "models"));
    ConfigTree s = file.section("s");
    assertThat(s.text("url", null)).isEqualTo("http://models:8080/x");
    assertThat(s.text("literal", null)).isEqualTo("${NOT_A_VAR}");
    assertThat(s.list("items")).containsExactly("a", "models");
    assertThat(s.child("nested").children("deep").get(0).text("key", "unset")).isEmpty();
    assertThat(s.integer("number", 0, 0)).isEqualTo(3);
  }

  @Test
  void anUnsetVariableNamesTheFileAndTheKey() {
    assertThatThrownBy(() -> parse("s:\n  list:\n    - ok\n    - {token: '${TOKEN}'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("t.yaml: s.list[1].token: environment variable TOKEN is not set");
    assertThatThrownBy(() -> parse("s:\n  url: ${HOST\n"))
        .hasMessageStartingWith("t.yaml: s.url: malformed reference");
  }

  @Test
  void typedValues() {
    ConfigTree s =
        section(
            """
        s:
          text: hello
          share: 0.25
          count: 12
          wait: 250ms
          csv: "a, b,,c"
          list: [x, 2, true]
          unset:
          map: {k: v}
          rows: [{n: 1}, {n: 2}]
        """);
    assertThat(s.text("text", null)).isEqualTo("hello");
    assertThat(s.requiredText("text")).isEqualTo("hello");
    assertThat(s.number("share", 0, 0, 1)).isEqualTo(0.25);
    assertThat(s.integer("count", 0, 1)).isEqualTo(12);
    assertThat(s.duration("wait", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(s.list("csv")).containsExactly("a", "b", "c");
    assertThat(s.list("list")).containsExactly("x", "2", "true");
    assertThat(s.has("unset")).as("'key:' with nothing after it is not set").isFalse();
    assertThat(s.text("unset", "fallback")).isEqualTo("fallback");
    assertThat(s.number("absent", 7, 0, 10)).isEqualTo(7);
    assertThat(s.optionalNumber("absent")).isNull();
    assertThat(s.isSection("map")).isTrue();
    assertThat(s.isList("rows")).isTrue();
    assertThat(s.child("absent")).isNull();
    assertThat(s.children("rows"))
        .extracting(r -> r.path() + "=" + r.integer("n", 0, 0))
        .containsExactly("s.rows[0]=1", "s.rows[1]=2");
    assertThat(s.parsed("count", 0, Integer::parseInt)).isEqualTo(12);
  }

  @Test
  void optionSectionsBecomeFlagValues() {
    ConfigTree s =
        section(
            """
        s:
          port: 8080
          ignore: [/a, /b]
          column-type: {clicks: categorical, age: numeric}
          sample-key:
        """);
    assertThat(s.options())
        .containsExactly(
            Map.entry("port", "8080"),
            Map.entry("ignore", "/a,/b"),
            Map.entry("column-type", "clicks=categorical,age=numeric"));
    assertThatThrownBy(() -> section("s:\n  ignore: [[/a]]\n").options())
        .hasMessage("t.yaml: s.ignore: list items must be plain values");
    assertThatThrownBy(() -> section("s:\n  column-type: {clicks: [a]}\n").options())
        .hasMessage("t.yaml: s.column-type.clicks: must be a plain value");
  }

  @Test
  void everyErrorIsFileKeyMessage() {
    ConfigTree rank =
        section(
                "s:\n  routes:\n    - comparators: [{k: 0}, {k: x, share: 1.5, wait: 5, neg: -1}]\n")
            .children("routes")
            .get(0)
            .children("comparators")
            .get(1);
    assertThatThrownBy(
            () ->
                section("s:\n  routes:\n    - comparators: [{k: 0}]\n")
                    .children("routes")
                    .get(0)
                    .children("comparators")
                    .get(0)
                    .integer("k", 10, 1))
        .isInstanceOf(ConfigException.class)
        .hasMessage("t.yaml: s.routes[0].comparators[0].k: must be at least 1: 0");
    assertThatThrownBy(() -> rank.integer("k", 10, 1))
        .hasMessage("t.yaml: s.routes[0].comparators[1].k: must be a whole number: 'x'");
    assertThatThrownBy(() -> rank.number("share", 0, 0, 1))
        .hasMessage("t.yaml: s.routes[0].comparators[1].share: must be between 0 and 1: 1.5");
    assertThatThrownBy(() -> rank.number("neg", 0, 0, Double.POSITIVE_INFINITY))
        .hasMessage("t.yaml: s.routes[0].comparators[1].neg: must be at least 0: -1");
    assertThatThrownBy(() -> rank.number("k", 0))
        .hasMessage("t.yaml: s.routes[0].comparators[1].k: must be a number: 'x'");
    assertThatThrownBy(() -> rank.duration("wait", null))
        .hasMessage("t.yaml: s.routes[0].comparators[1].wait: '5' needs a unit, e.g. 5s or 5ms");
    assertThatThrownBy(() -> rank.requiredText("pointer"))
        .hasMessage("t.yaml: s.routes[0].comparators[1].pointer: required");
    assertThatThrownBy(
            () ->
                rank.parsed(
                    "k",
                    null,
                    v -> {
                      throw new IllegalArgumentException("not a severity: " + v);
                    }))
        .hasMessage("t.yaml: s.routes[0].comparators[1].k: not a severity: x");
    assertThatThrownBy(
            () ->
                rank.build(
                    () -> {
                      throw new IllegalArgumentException("ranking k must be at least 1: 0");
                    }))
        .hasMessage("t.yaml: s.routes[0].comparators[1]: ranking k must be at least 1: 0");
    assertThatThrownBy(() -> section("s:\n  list: [a]\n").text("list", null))
        .hasMessage("t.yaml: s.list: must be a single value, not a list or section");
    assertThatThrownBy(() -> section("s:\n  child: 3\n").child("child"))
        .hasMessage("t.yaml: s.child: must be a section of key: value lines");
    assertThatThrownBy(() -> section("s:\n  rows: [1]\n").children("rows"))
        .hasMessage("t.yaml: s.rows[0]: must be a section of key: value lines");
    assertThatThrownBy(() -> section("s:\n  rows: {a: 1}\n").children("rows"))
        .hasMessage("t.yaml: s.rows: must be a list");
    assertThatThrownBy(() -> parse("s: 3\n").section("s"))
        .hasMessage("t.yaml: s: must be a section of key: value lines");
    assertThatThrownBy(() -> section("s:\n  wait: PT-5S\n").duration("wait", null))
        .hasMessage("t.yaml: s.wait: must not be negative: PT-5S");
  }

  @Test
  void aConfigFileNotInUtf8NamesTheLineColumnAndByte() throws Exception {
    // "café" saved in Latin-1: Files.readString used to fail with "Input length = 1"
    Path latin1 = dir.resolve("monitor.yaml");
    Files.write(
        latin1, "db: h.db\njobs:\n  - name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> ConfigFile.load(latin1, Map.of(), warnings::add))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "monitor.yaml: line 3: not UTF-8 (byte 0xE9 at column 14); save the file as UTF-8");
    // Windows' "Unicode" (UTF-16 with its byte order mark) is not UTF-8 either
    Path utf16 = dir.resolve("shadow.yaml");
    Files.write(utf16, "s: {a: 1}\n".getBytes(StandardCharsets.UTF_16));
    assertThatThrownBy(() -> ConfigFile.load(utf16, Map.of(), warnings::add))
        .hasMessage(
            "shadow.yaml: line 1: not UTF-8 (byte 0xFE at column 1); save the file as UTF-8");
    Path utf8 = dir.resolve("ok.yaml");
    Files.writeString(utf8, "s: {name: caf\u00e9 \u20ac \uD83D\uDE00}\n");
    assertThat(ConfigFile.load(utf8, Map.of(), warnings::add).section("s").options())
        .containsEntry("name", "caf\u00e9 \u20ac \uD83D\uDE00");
  }

  @Test
  void aDirectoryGivenAsTheConfigFileIsSaidToBeOne() {
    assertThatThrownBy(() -> ConfigFile.load(dir, Map.of(), warnings::add))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config file " + dir + " is a directory, not a YAML file");
  }

  @Test
  void filesThatAreNotConfigSayWhereTheyGoWrong() throws Exception {
    assertThatThrownBy(() -> parse("s:\n  port: [1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("t.yaml: line ")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> parse("- a\n- b\n"))
        .hasMessage("t.yaml: expected key: value lines at the top level");
    assertThat(parse("").root().options()).isEmpty();
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigFile.load(missing, Map.of(), warnings::add))
        .hasMessage("config file not found: " + missing);
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(file, "s: {a: 1}\n");
    ConfigFile loaded = ConfigFile.load(file, Map.of(), warnings::add);
    assertThat(loaded.name()).isEqualTo("shadow.yaml");
    assertThat(loaded.path()).isEqualTo(file);
    assertThatThrownBy(() -> loaded.section("s").integer("a", 0, 2))
        .hasMessage("shadow.yaml: s.a: must be at least 2: 1");
  }

  @Test
  void aKeyGivenTwiceInOneSectionIsAnErrorNamingItAndItsLine() {
    // YAML readers keep the last copy; which one the user meant cannot be known
    assertThatThrownBy(
            () ->
                parse(
                    """
                    gate:
                      min-agreement: 0.5
                      min-agreement: 0.1
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessage("t.yaml: line 3: 'min-agreement' is given twice in one section: keep one");
    // the same key in two different sections is fine
    parse(
        """
        gate:
          min-agreement: 0.5
        report:
          min-agreement: 0.1
        """);
  }

  @Test
  void unknownKeysSuggestTheClosestKnownOne() {
    ConfigKeys keys = ConfigKeys.of("sample-rate", "port", "shadow-timeout");
    assertThatThrownBy(() -> section("s:\n  sampel-rate: 1\n").keys(keys))
        .isInstanceOf(ConfigException.class)
        .hasMessage("t.yaml: s.sampel-rate: unknown key (did you mean 'sample-rate'?)");
    assertThatThrownBy(() -> section("s:\n  sample_rate: 1\n").keys(keys))
        .hasMessage("t.yaml: s.sample_rate: unknown key (did you mean 'sample-rate'?)");
    assertThatThrownBy(() -> section("s:\n  colour: 1\n").keys(keys))
        .hasMessage("t.yaml: s.colour: unknown key (known: port, sample-rate, shadow-timeout)");
    assertThatThrownBy(() -> parse("proxi: {}\n").root().keys(ConfigKeys.of("proxy", "drift")))
        .hasMessage("t.yaml: proxi: unknown key (did you mean 'proxy'?)");
    assertThat(section("s:\n  port: 1\n").keys(keys).integer("port", 0, 0)).isEqualTo(1);
    assertThat(warnings).isEmpty();
  }

  private static final ConfigKeys RENAMED =
      ConfigKeys.of("name", "drift-share", "on-drift").formerlySnakeCase("drift-share", "on-drift");

  @Test
  void aDeprecatedSpellingIsReadWithOneWarningNamingTheNewKey() {
    ConfigTree s = section("s:\n  drift_share: 0.3\n").keys(RENAMED);
    assertThat(s.number("drift-share", 0.1, 0, 1)).isEqualTo(0.3);
    assertThat(s.has("drift-share")).isTrue();
    assertThat(warnings).containsExactly("t.yaml: s.drift_share is deprecated, write drift-share");
  }

  @Test
  void theNewSpellingWarnsAboutNothing() {
    ConfigTree s = section("s:\n  drift-share: 0.3\n  on-drift: {command: [x]}\n").keys(RENAMED);
    assertThat(s.number("drift-share", 0.1, 0, 1)).isEqualTo(0.3);
    assertThat(s.child("on-drift").list("command")).containsExactly("x");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aDeprecatedKeyWarnsOncePerFileHoweverOftenItIsUsedOrRead() {
    ConfigFile file =
        parse("jobs:\n  - {name: a, drift_share: 0.2}\n  - {name: b, drift_share: 0.3}\n");
    for (int read = 0; read < 2; read++) {
      List<Double> shares =
          file.root().children("jobs").stream()
              .map(job -> job.keys(RENAMED).number("drift-share", 0.1, 0, 1))
              .toList();
      assertThat(shares).containsExactly(0.2, 0.3);
    }
    assertThat(warnings)
        .containsExactly("t.yaml: jobs[0].drift_share is deprecated, write drift-share");
    parse("jobs:\n  - {name: a, drift_share: 0.2}\n").root().children("jobs").get(0).keys(RENAMED);
    assertThat(warnings).as("another file warns on its own").hasSize(2);
  }

  @Test
  void aNumberThatIsNotFiniteIsRefusedNamingTheKey() {
    // 1e400 overflows a double to infinity, and Double.parseDouble reads Infinity and NaN: an
    // unbounded key would take them, and a tolerance of infinity makes every pair agree. (YAML's
    // own .inf and .nan are refused by the YAML reader before any key is read.)
    ConfigTree s =
        section("s:\n  a: Infinity\n  b: -Infinity\n  c: NaN\n  d: 1e400\n  e: '-1e400'\n");
    for (String key : List.of("a", "b", "c", "d", "e")) {
      assertThatThrownBy(() -> s.number(key, 0))
          .as(key)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("t.yaml: s." + key + ": must be a finite number: ");
      assertThatThrownBy(() -> s.number(key, 0, 0, Double.POSITIVE_INFINITY))
          .as(key + " with a lower bound")
          .hasMessageStartingWith("t.yaml: s." + key + ": must be a finite number: ");
    }
    assertThat(section("s:\n  a: 1e300\n").number("a", 0)).isEqualTo(1e300);
  }

  @Test
  void anErrorAboutADeprecatedKeyNamesItAsWritten() {
    ConfigTree s = section("s:\n  drift_share: 2\n  on_drift: {command: 3}\n").keys(RENAMED);
    assertThatThrownBy(() -> s.number("drift-share", 0.1, 0, 1))
        .hasMessage("t.yaml: s.drift_share: must be between 0 and 1: 2");
    assertThat(s.child("on-drift").path()).isEqualTo("s.on_drift");
  }

  @Test
  void bothSpellingsOfOneKeyAreAnErrorNamingBoth() {
    assertThatThrownBy(() -> section("s:\n  drift-share: 0.2\n  drift_share: 0.3\n").keys(RENAMED))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "t.yaml: s.drift_share: the deprecated spelling of s.drift-share, which is given too; "
                + "keep only drift-share");
  }

  @Test
  void keySetsAreConsistent() {
    assertThat(RENAMED.formerly())
        .containsOnly(Map.entry("drift_share", "drift-share"), Map.entry("on_drift", "on-drift"));
    assertThatThrownBy(() -> ConfigKeys.of("name").formerlySnakeCase("name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConfigKeys(java.util.Set.of("a"), Map.of("b_c", "b-c")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
