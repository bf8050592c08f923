package dev.shadowpipeline.report.compare;

import dev.shadowpipeline.shadow.redact.QueryRedactor;
import dev.shadowpipeline.shadow.redact.UrlSecrets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the report links a divergence to its trace: a URL template with {@value #PLACEHOLDER} where the trace id goes,
 * e.g. {@code https://jaeger.example/trace/{trace_id}} or a Grafana Tempo explore URL. Without a template the trace
 * id is shown as text.
 *
 * <p>The template is written into the report as it is, so it must not hold a credential: a user-info
 * ({@code user:password@}) or a query parameter with a credential's name ({@link QueryRedactor#DEFAULT}: {@code token},
 * {@code key}, {@code api_key}, {@code sig}, {@code password}, …) is refused. Other parameters, such as those of a
 * Grafana explore URL ({@code /explore?left=…{trace_id}…}), are kept.
 *
 * @param template an http(s) URL containing {@value #PLACEHOLDER}, without credentials
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
    template = template.strip();
    String shown = UrlSecrets.maskAll(template); // a refused template is named without its secrets
    String lower = template.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("http://") || lower.startsWith("https://"))) {
      throw new IllegalArgumentException(
          "a trace URL template must be an http:// or https:// URL: " + shown);
    }
    if (!template.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException(
          "a trace URL template must contain "
              + PLACEHOLDER
              + ", where the trace id goes (e.g. https://jaeger.example/trace/{trace_id}): "
              + shown);
    }
    // the template is written into every link of the report, a file people share: a credential in
    // it cannot be masked there (the link would no longer work), so it is refused
    int start = template.indexOf("://") + 3;
    int end = start;
    while (end < template.length() && "/?#".indexOf(template.charAt(end)) < 0) {
      end++;
    }
    if (template.substring(start, end).indexOf('@') >= 0) {
      throw new IllegalArgumentException(
          "a trace URL template must not hold credentials (user:password@): it is written into the"
              + " report, which is shared; "
              + shown);
    }
    if (end < template.length()) {
      // parameters after a '#' count too: UIs such as Kibana keep their query in the fragment
      String parameters = template.substring(end).replaceAll("[?#]", "&");
      List<String> secrets = QueryRedactor.DEFAULT.secretParameters(parameters);
      if (!secrets.isEmpty()) {
        throw new IllegalArgumentException(
            "a trace URL template must not hold credentials: its parameter '"
                + secrets.get(0)
                + "' has a credential's name (token, key, api_key, sig, password, ...: see Secrets in"
                + " the README) and the template is written into the report, which is shared; "
                + shown);
      }
    }
  }

  /** The link to a trace, or {@code null} when the id is not one the proxy writes (32 lower-case hex digits). */
  public String href(String traceId) {
    return traceId != null && TRACE_ID.matcher(traceId).matches()
        ? template.replace(PLACEHOLDER, traceId)
        : null;
  }
}
