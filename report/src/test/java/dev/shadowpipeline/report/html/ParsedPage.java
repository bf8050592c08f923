package dev.shadowpipeline.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A rendered page parsed by jsoup the way a browser parses it, with the checks every offline page must pass: nothing
 * loaded from anywhere, every chart's data inline and readable, planted markup shown as text.
 */
public record ParsedPage(Document doc) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Elements that fetch something when the page opens, whatever their attributes say. */
  private static final String LOADING_ELEMENTS =
      "script[src], link, base, img, picture, iframe, frame, embed, object,"
          + " video, audio, source, track, input[type=image], meta[http-equiv=refresh]";

  /** Attributes that hold a URL. */
  private static final Set<String> URL_ATTRIBUTES =
      Set.of(
          "src",
          "href",
          "srcset",
          "action",
          "formaction",
          "poster",
          "data",
          "background",
          "xlink:href",
          "ping",
          "cite",
          "manifest",
          "longdesc",
          "codebase",
          "archive");

  /** A scheme ({@code https:}, {@code javascript:}, ...) or a protocol-relative {@code //host}. */
  private static final Pattern NOT_A_LOCAL_REFERENCE =
      Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]*:|[/\\\\]{2})");

  /** Script calls that would reach the network, and the comment that makes developer tools fetch a source map. */
  private static final Pattern NETWORK_CALL =
      Pattern.compile(
          "\\bfetch\\(|XMLHttpRequest|\\bimport\\(|new WebSocket|sendBeacon|importScripts|sourceMappingURL");

  /** Parses HTML text. */
  public static ParsedPage parse(String html) {
    return new ParsedPage(Jsoup.parse(html));
  }

  /** Reads and parses an HTML file. */
  public static ParsedPage read(Path file) throws java.io.IOException {
    return parse(Files.readString(file));
  }

  /** The JSON inside {@code <script type="application/json" id="ID">}, parsed. */
  public JsonNode data(String scriptId) {
    Element script = doc.getElementById(scriptId);
    assertThat(script).as("data script #%s", scriptId).isNotNull();
    assertThat(script.tagName()).isEqualTo("script");
    assertThat(script.attr("type")).isEqualTo("application/json");
    // the raw text: a '<' would let data end its element or open a comment
    assertThat(script.data()).as("data of #%s is script-safe", scriptId).doesNotContain("<", ">");
    try {
      return JSON.readTree(script.data());
    } catch (JsonProcessingException e) {
      throw new AssertionError("#" + scriptId + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The ids of the page's chart canvases, in page order. */
  public List<String> canvasIds() {
    return doc.select("canvas").eachAttr("id");
  }

  /** The trimmed text of the one element that {@code cssQuery} selects. */
  public String text(String cssQuery) {
    Element e = doc.selectFirst(cssQuery);
    assertThat(e).as("an element matching %s", cssQuery).isNotNull();
    return e.text().trim();
  }

  /**
   * Checks the page loads nothing: no element that fetches (scripts with {@code src}, stylesheets, images, frames),
   * no URL attribute with a scheme or a protocol-relative {@code //}, no {@code url()} or {@code @import} in CSS,
   * and no script code that opens a connection.
   */
  public ParsedPage assertLoadsNothing() {
    assertThat(doc.select(LOADING_ELEMENTS)).as("elements that load resources").isEmpty();
    List<String> external = new ArrayList<>();
    for (Element e : doc.getAllElements()) {
      for (Attribute a : e.attributes()) {
        if (URL_ATTRIBUTES.contains(a.getKey().toLowerCase(Locale.ROOT))
            && NOT_A_LOCAL_REFERENCE.matcher(a.getValue()).find()) {
          external.add(e.tagName() + " " + a.getKey() + "=" + a.getValue());
        }
      }
      if (e.hasAttr("style")) {
        assertThat(e.attr("style"))
            .as("style of %s", e.tagName())
            .doesNotContain("url(", "@import");
      }
    }
    assertThat(external).as("URL attributes pointing outside the page").isEmpty();
    for (Element style : doc.select("style")) {
      assertThat(style.data()).doesNotContain("url(", "@import");
    }
    for (Element script : doc.select("script")) {
      assertThat(script.data()).as("inline script").isNotBlank();
      assertThat(NETWORK_CALL.matcher(script.data()).find())
          .as(
              "a script that reaches the network: %s",
              NETWORK_CALL.matcher(script.data()).results().map(r -> r.group()).toList())
          .isFalse();
    }
    return this;
  }

  /**
   * Checks that {@code planted} markup (e.g. {@code <script>alert(1)</script>}) was shown as text: some element's own
   * text holds it verbatim, and it made no element of its own.
   */
  public ParsedPage assertShownAsText(String planted) {
    assertThat(doc.getAllElements().stream().anyMatch(e -> e.ownText().contains(planted)))
        .as("some element shows %s as text", planted)
        .isTrue();
    Element parsedAlone = Jsoup.parseBodyFragment(planted).body().child(0);
    for (Element e : doc.getElementsByTag(parsedAlone.tagName())) {
      assertThat(e.data() + e.ownText())
          .as("a <%s> element made from the planted text", e.tagName())
          .isNotEqualTo(parsedAlone.data() + parsedAlone.ownText());
    }
    return this;
  }
}
