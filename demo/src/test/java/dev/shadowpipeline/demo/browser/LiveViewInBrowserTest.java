package dev.shadowpipeline.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.demo.LiveLoanProxy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy's live view ({@code GET /} on the admin port) in headless Chromium, while a real proxy runs between the
 * demo's two loan models on loopback with applicants sent through it: the page's numbers equal {@code /summary}'s,
 * it requests nothing but its own port, logs no error, fits 1280 px, and keeps up as traffic goes on. Its screenshot
 * is kept in {@code demo/target/screenshots/live-view.png}.
 */
class LiveViewInBrowserTest {

  private static final Path OUT = Path.of("target", "browser-live");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HeadlessChromium browser;
  private static LiveLoanProxy live;
  private static String admin;

  @BeforeAll
  static void startTheProxyAndTheBrowser() throws Exception {
    Optional<Path> binary = HeadlessChromium.find();
    if (binary.isEmpty()) {
      String reason =
          "no headless browser found: install the Debian package '"
              + HeadlessChromium.PACKAGE
              + "' or set SHADOW_CHROMIUM; the browser test of the proxy's live view did not run";
      System.err.println("WARNING: " + reason);
      if (System.getenv(HeadlessChromium.REQUIRE_ENV) != null) {
        fail(HeadlessChromium.REQUIRE_ENV + " is set and " + reason);
      }
      Assumptions.abort(reason);
    }
    Files.createDirectories(OUT);
    live = LiveLoanProxy.start(Files.createTempDirectory(OUT, "run"));
    admin = "http://127.0.0.1:" + live.proxy().adminPort();
    sendAndWait(300, 11L);
    browser = HeadlessChromium.start(binary.get());
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (live != null) {
      live.close();
    }
  }

  /** Sends applicants and waits until the proxy has compared every pair, so that /summary stands still. */
  private static void sendAndWait(int n, long seed) throws Exception {
    long before = summary().path("requests").asLong();
    int answered = live.send(n, seed);
    assertThat(answered).isEqualTo(n);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (summary().path("requests").asLong() < before + n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the proxy did not compare " + n + " pairs within 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode summary() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(admin + "/summary")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theLiveViewShowsSummarysNumbersAndKeepsUp() throws Exception {
    HeadlessChromium.Page page = browser.open(admin + "/?every=1");
    awaitPolls(page, 1);
    JsonNode s = summary();
    assertThat(s.path("requests").asLong()).isEqualTo(300);
    page.screenshot(SHOTS.resolve("live-view.png"));

    // the numbers are /summary's, formatted as the reports format them
    // "M of N pairs agree": the pairs the agreement is over (all of them here: every primary
    // answered)
    assertThat(s.at("/agreement/left_out").asLong()).isZero();
    assertThat(text(page, "requests")).isEqualTo(count(s.at("/agreement/pairs")));
    assertThat(text(page, "requests")).isEqualTo(count(s.path("requests")));
    assertThat(text(page, "matches")).isEqualTo(count(s.at("/agreement/matches")));
    assertThat(text(page, "agreement")).isEqualTo(percent(s.at("/agreement/rate")));
    assertThat(text(page, "agreement-lower"))
        .isEqualTo(percent(s.at("/agreement/wilson_95_lower")));
    assertThat(text(page, "agreement-upper"))
        .isEqualTo(percent(s.at("/agreement/wilson_95_upper")));
    for (String level : List.of("critical", "warning", "info")) {
      assertThat(
              page.eval(
                      "document.querySelector('#severity tr[data-severity="
                          + level
                          + "] .count')"
                          + ".innerText")
                  .asText())
          .as("%s divergences", level)
          .isEqualTo(count(s.at("/divergences_by_severity/" + level)));
    }
    // the loan rules make v1 rejecting and v2 approving critical: the demo's story is on the page
    assertThat(s.at("/divergences_by_severity/critical").asLong()).isPositive();
    for (String side : List.of("primary", "shadow", "delta")) {
      for (String p : List.of("p50", "p95", "p99", "max", "mean")) {
        assertThat(
                page.eval(
                        "document.querySelector('#latency tr[data-side="
                            + side
                            + "] ."
                            + p
                            + "')"
                            + ".innerText")
                    .asText())
            .as("%s %s", side, p)
            .isEqualTo(millis(s.at("/latency_ms/" + side + "/" + p)));
      }
    }
    assertThat(text(page, "primary-errors")).isEqualTo(count(s.path("primary_errors")));
    assertThat(text(page, "shadow-errors")).isEqualTo(count(s.path("shadow_errors")));
    assertThat(text(page, "shadow-error-rate")).isEqualTo(percent(s.path("shadow_error_rate")));
    JsonNode drops = s.at("/instances/0/drops");
    assertThat(drops.isObject()).as("a running proxy reports its own drops").isTrue();
    assertThat(text(page, "dropped-copies")).isEqualTo(count(drops.path("copies")));
    assertThat(text(page, "dropped-records")).isEqualTo(count(drops.path("records")));
    assertThat(text(page, "shed-records")).isEqualTo(count(drops.path("shed")));
    // the gate's verdict, in words and a symbol, not only in colour
    assertThat(page.eval("document.getElementById('gate').dataset.passed").asText())
        .isEqualTo(s.at("/gate/passed").asText());
    assertThat(text(page, "gate"))
        .startsWith(s.at("/gate/passed").asBoolean() ? "✓ Gate passes" : "✗ Gate fails");
    assertThat(page.eval("document.querySelectorAll('#gate-checks tbody tr').length").asInt())
        .isEqualTo(s.at("/gate/checks").size());
    // the latest diverging pairs, newest first, as /summary lists them
    JsonNode recent = s.path("recent_divergences");
    assertThat(recent.size()).isPositive();
    assertThat(
            page.eval("[...document.querySelectorAll('#recent tbody tr')].map(r => r.dataset.id)"))
        .isEqualTo(JSON.valueToTree(recent.findValuesAsText("id")));

    // what every page owes its reader
    assertThat(page.errors()).as("console errors and warnings").isEmpty();
    assertThat(page.requests()).as("requests").allMatch(u -> u.startsWith(admin + "/"));
    assertThat(page.requests()).contains(admin + "/?every=1", admin + "/summary");
    assertThat(page.eval("document.documentElement.scrollWidth").asInt())
        .as("width (no horizontal scrolling at %d px)", HeadlessChromium.WIDTH)
        .isLessThanOrEqualTo(HeadlessChromium.WIDTH);
    assertThat(Accessibility.chartsWithoutText(page)).as("charts without text").isEmpty();
    assertThat(Accessibility.lowContrast(page)).as("text below WCAG AA contrast").isEmpty();
    assertThat(page.eval("document.querySelectorAll('.tag').length").asInt()).isPositive();
    assertThat(page.eval("document.querySelectorAll('#latency-chart rect').length").asInt())
        .as("latency bars drawn")
        .isPositive();
    assertThat(page.eval("document.querySelectorAll('#timeline-chart polyline').length").asInt())
        .isEqualTo(1);

    // it keeps up: more traffic, and the page shows the new count on its next read
    int polls = page.eval("Number(document.body.dataset.polls)").asInt();
    sendAndWait(100, 12L);
    awaitPolls(page, polls + 2);
    assertThat(text(page, "requests")).isEqualTo(count(summary().path("requests")));
    assertThat(text(page, "requests")).isEqualTo("400");
    assertThat(page.errors()).as("console errors and warnings after more reads").isEmpty();

    // the accessibility checks themselves can fail: a pale grey word (#aaaaaa on white is 2.32:1)
    // and a canvas with no name nor text alternative are both found
    page.eval(
        "(() => { const main = document.querySelector('main');"
            + " const s = document.createElement('span'); s.textContent = 'pale';"
            + " s.style.color = '#aaaaaa'; main.append(s);"
            + " const c = document.createElement('canvas'); c.id = 'bare'; main.append(c);"
            + " return true; })()");
    assertThat(Accessibility.lowContrast(page))
        .singleElement()
        .asString()
        .startsWith("span \"pale\": 2.32");
    assertThat(Accessibility.chartsWithoutText(page))
        .singleElement()
        .asString()
        .startsWith("bare:");
  }

  private static void awaitPolls(HeadlessChromium.Page page, int polls) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (page.eval("Number(document.body.dataset.polls)").asInt() < polls) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the live page did not read /summary "
                + polls
                + " times within 20 s; errors: "
                + page.errors());
      }
      Thread.sleep(100);
    }
  }

  private static String text(HeadlessChromium.Page page, String id) {
    return page.eval("document.getElementById('" + id + "').innerText").asText();
  }

  private static String count(JsonNode n) {
    return String.format(Locale.ROOT, "%,d", n.asLong());
  }

  // JavaScript's toFixed rounds the double's exact value, half away from zero (ECMA-262
  // Number.prototype.toFixed); String.format rounds its shortest decimal form, which differs for
  // values such as 1.005
  private static String fixed(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
  }

  private static String percent(JsonNode share) {
    return fixed(100 * share.asDouble(), 2) + "%";
  }

  private static String millis(JsonNode ms) {
    return fixed(ms.asDouble(), 1) + " ms";
  }
}
