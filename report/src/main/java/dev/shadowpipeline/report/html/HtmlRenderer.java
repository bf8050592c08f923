package dev.shadowpipeline.report.html;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Renders Pebble templates from {@code templates/} on the classpath into self-contained HTML.
 *
 * <p>Autoescaping is on (HTML), unknown variables are errors rather than blanks, numbers are formatted with
 * {@link Locale#ROOT} so reports read the same on every machine. Template names leave out the folder and suffix:
 * {@code "drift/report"} is {@code templates/drift/report.peb}. Thread-safe; compiled templates are cached.
 */
public final class HtmlRenderer {

  private static final HtmlRenderer SHARED = new HtmlRenderer();

  private final PebbleEngine engine;

  private HtmlRenderer() {
    ClasspathLoader loader = new ClasspathLoader(HtmlRenderer.class.getClassLoader());
    loader.setPrefix("templates");
    loader.setSuffix(".peb");
    engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .strictVariables(true)
            .defaultLocale(Locale.ROOT)
            .extension(new ReportExtension())
            .build();
  }

  /** The renderer every report uses. */
  public static HtmlRenderer shared() {
    return SHARED;
  }

  /** Renders a template to a string. */
  public String render(String template, Map<String, ?> model) {
    StringWriter out = new StringWriter();
    try {
      evaluate(template, model, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** Renders a template straight into a file, atomically. */
  public void write(Path file, String template, Map<String, ?> model) throws IOException {
    AtomicFiles.write(file, out -> evaluate(template, model, out));
  }

  @SuppressWarnings("unchecked")
  private void evaluate(String template, Map<String, ?> model, java.io.Writer out)
      throws IOException {
    PebbleTemplate compiled = engine.getTemplate(template);
    compiled.evaluate(out, (Map<String, Object>) model);
  }
}
