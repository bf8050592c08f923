package dev.shadowpipeline.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The page checks catch what they are for, so a passing report test means something. */
class ParsedPageTest {

  private static ParsedPage body(String html) {
    return ParsedPage.parse(
        "<!DOCTYPE html><html><head><title>t</title></head><body>" + html + "</body></html>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<script src=\"https://cdn.example/chart.js\"></script>",
        "<script src=\"chart.js\"></script>",
        "<link rel=\"stylesheet\" href=\"//cdn.example/site.css\">",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<iframe src=\"report.html\"></iframe>",
        "<a href=\"https://example.com/report\">report</a>",
        "<a href=\"//example.com/report\">report</a>",
        "<a href=\"javascript:alert(1)\">report</a>",
        "<div style=\"background: url(https://example.com/x.png)\"></div>",
        "<style>@import 'https://example.com/x.css';</style>",
        "<script>fetch('https://example.com/beacon')</script>",
        "<script>var x = 1;\n//# sourceMappingURL=chart.umd.min.js.map</script>"
      })
  void loadsNothingFailsOnAnythingThatReachesOut(String html) {
    assertThatThrownBy(() -> body(html).assertLoadsNothing()).isInstanceOf(AssertionError.class);
  }

  @Test
  void loadsNothingPassesInlineScriptsAndLocalLinks() {
    body("<a href=\"#col-1\">a</a><a href=\"runs/x/index.html\">b</a><style>p { color: red }</style>"
            + "<script type=\"application/json\" id=\"d\">{\"a\": [1, 2]}</script><script>var a = 1;</script>")
        .assertLoadsNothing();
  }

  @Test
  void shownAsTextTellsEscapedMarkupFromAnElement() {
    body("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
        .assertShownAsText("<script>alert(1)</script>");
    assertThatThrownBy(
            () ->
                body("<td><script>alert(1)</script></td>")
                    .assertShownAsText("<script>alert(1)</script>"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void dataParsesTheJsonAndRefusesRawAngleBrackets() {
    ParsedPage page =
        body(
            "<script type=\"application/json\" id=\"d\">{\"name\": \"\\u003cb\\u003e\"}</script>"
                + "<script type=\"application/json\" id=\"raw\">{\"name\": \"<b>\"}</script>");
    assertThat(page.data("d").get("name").asText()).isEqualTo("<b>");
    assertThatThrownBy(() -> page.data("raw")).isInstanceOf(AssertionError.class);
  }
}
