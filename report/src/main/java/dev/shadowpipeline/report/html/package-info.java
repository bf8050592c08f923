/**
 * Shared plumbing for every HTML output (drift report, comparison report, dashboard site): Pebble templates loaded
 * from the classpath with HTML autoescaping, and Chart.js inlined from its WebJar, so each report is <em>one</em>
 * self-contained file that works offline and references nothing over the network.
 *
 * <h2>Writing a new report</h2>
 * <ol>
 *   <li>Put a template under {@code src/main/resources/templates/<name>/}, extending the layout:
 *       <pre>{@code
 * {% extends "html/base" %}
 * {% block title %}My report{% endblock %}
 * {% block content %}<h1>{{ headline }}</h1>{% endblock %}
 * {% block scripts %}
 *   <script type="application/json" id="my-data">{{ data | json }}</script>
 *   <script>{{ chartjs() }}</script>
 *   <script>const data = JSON.parse(document.getElementById('my-data').textContent); ...</script>
 * {% endblock %}}</pre>
 *   <li>Render it with {@link dev.shadowpipeline.report.html.HtmlRenderer#shared()}:
 *       {@code renderer.write(path, "my/report", Map.of("headline", ..., "data", ...))}.
 * </ol>
 *
 * <p>Everything printed with {@code {{ }}} is HTML-escaped; the only raw outputs are {@code chartjs()} (the bundled
 * library) and the {@code json} filter, which serializes with Jackson and escapes {@code <} so the data cannot close
 * its {@code <script>} element. Keep data bounded (bins, top-N), never per row, so a report's size does not grow
 * with the input.
 */
package dev.shadowpipeline.report.html;
