package dev.shadowpipeline.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared plumbing: escaping, inlined Chart.js, script-safe JSON, atomic writes. */
class HtmlRendererTest {

  private static final Pattern EXTERNAL =
      Pattern.compile(
          "<(script|link|img|iframe)[^>]+(src|href)\\s*=\\s*[\"']?(https?:)?//",
          Pattern.CASE_INSENSITIVE);

  @TempDir Path dir;

  private final HtmlRenderer renderer = HtmlRenderer.shared();

  @Test
  void escapesValuesAndInlinesChartJs() {
    String html =
        renderer.render(
            "test/page", Map.of("title", "<script>alert(1)</script>", "data", List.of(1)));
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
    assertThat(html).contains("Chart.js v4.5.1").doesNotContain("sourceMappingURL");
    assertThat(EXTERNAL.matcher(html).find()).isFalse();
    // only the closing tags of the page's two script elements and of the base layout's (the charts'
    // data tables): the library cannot end its element early
    assertThat(html.split("</script>", -1)).hasSize(4);
  }

  @Test
  void jsonDataCannotCloseItsScriptElement() throws Exception {
    Map<String, Object> data = Map.of("name", "</script><b>x</b> & more");
    String html = renderer.render("test/page", Map.of("title", "t", "data", data));
    String json =
        html.substring(
            html.indexOf("id=\"d\">") + 7, html.indexOf("</script>", html.indexOf("id=\"d\">")));
    assertThat(json).doesNotContain("<").doesNotContain(">");
    assertThat(new ObjectMapper().readTree(json).get("name").asText())
        .isEqualTo("</script><b>x</b> & more");
  }

  @Test
  void embeddedDataIsTheSameInEveryJvm() throws Exception {
    // Map.of's iteration order changes from one JVM to the next (a random salt), so two runs over
    // the
    // same records wrote report.html with its chart data's keys in different orders; keys are
    // sorted now
    Map<String, Object> data =
        Map.of("e", 5, "c", 3, "a", 1, "d", Map.of("z", 26, "y", 25, "x", 24), "b", List.of(2, 1));
    String html = renderer.render("test/page", Map.of("title", "t", "data", data));
    String json =
        html.substring(
            html.indexOf("id=\"d\">") + 7, html.indexOf("</script>", html.indexOf("id=\"d\">")));
    assertThat(json)
        .isEqualTo("{\"a\":1,\"b\":[2,1],\"c\":3,\"d\":{\"x\":24,\"y\":25,\"z\":26},\"e\":5}");
  }

  @Test
  void writesAtomicallyAndReplaces() throws Exception {
    Path file = dir.resolve("sub/page.html");
    renderer.write(file, "test/page", Map.of("title", "one", "data", 1));
    renderer.write(file, "test/page", Map.of("title", "two", "data", 2));
    assertThat(Files.readString(file)).contains("<h1>two</h1>");
    assertThat(Files.getPosixFilePermissions(file))
        .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing.toList()).containsExactly(file); // no temporary files left behind
    }
  }
}
