package dev.shadowpipeline.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Chart.js as shipped in its WebJar ({@code org.webjars.npm:chart.js}), read once from the classpath. */
final class ChartJs {

  /** The bundled version; must match the WebJar in report/pom.xml. */
  static final String VERSION = "4.5.1";

  private static final String RESOURCE =
      "/META-INF/resources/webjars/chart.js/" + VERSION + "/dist/chart.umd.min.js";

  private ChartJs() {}

  /** The minified UMD build, made safe to place inside a {@code <script>} element. */
  static String source() {
    return Holder.SOURCE;
  }

  // loaded on first use only: a renderer that draws no charts never reads the 200 KB
  private static final class Holder {
    static final String SOURCE = load();

    private static String load() {
      try (InputStream in = ChartJs.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "Chart.js is missing from the classpath: "
                  + RESOURCE
                  + " (is org.webjars.npm:chart.js:"
                  + VERSION
                  + " a dependency?)");
        }
        String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        // drop the source-map comment: the map is not bundled, and the browser would try to fetch
        // it
        js = js.replaceAll("//# sourceMappingURL=\\S+", "");
        return ScriptSafety.escapeScriptEnd(js);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
