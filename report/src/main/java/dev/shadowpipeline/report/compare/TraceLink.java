package dev.shadowpipeline.report.compare;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the report links a divergence to its trace: a URL template with {@value #PLACEHOLDER} where the trace id goes,
 * e.g. {@code https://jaeger.example/trace/{trace_id}} or a Grafana Tempo explore URL. Without a template the trace
 * id is shown as text.
 *
 * @param template an http(s) URL containing {@value #PLACEHOLDER}
 */
public record TraceLink(String template) {

  /** Where the trace id goes in the template. */
  public static final String PLACEHOLDER = "{trace_id}";

  // only an id as the proxy writes it is put into a link; anything else a records file may hold
  // is shown as text, never as part of a URL
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  public TraceLink {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("a trace URL template must not be blank");
    }
    String lower = template.strip().toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "a trace URL template must be an http:// or https:// URL: " + template);
    }
    if (!template.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException(
          "a trace URL template must contain "
              + PLACEHOLDER
              + ", where the trace id goes (e.g. https://jaeger.example/trace/{trace_id}): "
              + template);
    }
    template = template.strip();
  }

  /** The link to a trace, or {@code null} when the id is not one the proxy writes (32 lower-case hex digits). */
  public String href(String traceId) {
    return traceId != null && TRACE_ID.matcher(traceId).matches()
        ? template.replace(PLACEHOLDER, traceId)
        : null;
  }
}
