package dev.shadowpipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shadowpipeline.alert.DeliveryResult.Outcome;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending to real local receivers: success, retries, give-up, signatures, secrecy. */
class DeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DeliveryPolicy FAST =
      DeliveryPolicy.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(80));

  private Receiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Notifier notifier(Channel channel, DeliveryPolicy policy) {
    return Notifier.builder().channel(channel).policy(policy).build();
  }

  @Test
  void deliversADiscordMessageThatMatchesTheSchema() throws Exception {
    Secret url = new Secret(receiver.url("/api/webhooks/123/s3cr3t-token"));

    AlertReport report =
        notifier(DiscordChannel.of(url), FAST).send(Events.drift(60, 30)).get(10, TimeUnit.SECONDS);

    assertThat(report.results())
        .singleElement()
        .satisfies(
            result -> {
              assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
              assertThat(result.attempts()).isEqualTo(1);
              assertThat(result.lastStatus()).isEqualTo(204);
            });
    Receiver.Received request = receiver.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).startsWith("application/json");
    PayloadLimitsTest.assertValidDiscord(JSON.readTree(request.body()));
  }

  @Test
  void retriesA429AfterItsRetryAfterHeader() throws Exception {
    receiver.then(429, Map.of("Retry-After", "1"), "");
    Secret url = new Secret(receiver.url("/services/T/B/x"));

    AlertReport report =
        notifier(SlackChannel.of(url), FAST).send(Events.smallDrift()).get(10, TimeUnit.SECONDS);

    assertThat(report.results().get(0).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(report.results().get(0).attempts()).isEqualTo(2);
    List<Receiver.Received> requests = receiver.received();
    assertThat(requests).hasSize(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(requests.get(1).atNanos() - requests.get(0).atNanos()))
        .as("wait between the 429 and the retry")
        .isGreaterThanOrEqualTo(950);
    assertThat(requests.get(1).text()).isEqualTo(requests.get(0).text());
  }

  @Test
  void honoursDiscordsJsonRetryAfterInSeconds() throws Exception {
    receiver.then(
        429,
        Map.of("Content-Type", "application/json", "Retry-After", "30"),
        "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.3, \"global\": false}");
    Secret url = new Secret(receiver.url("/api/webhooks/1/t"));

    AlertReport report =
        notifier(DiscordChannel.of(url), FAST).send(Events.smallDrift()).get(10, TimeUnit.SECONDS);

    assertThat(report.results().get(0).outcome()).isEqualTo(Outcome.DELIVERED);
    List<Receiver.Received> requests = receiver.received();
    long waitedMillis =
        TimeUnit.NANOSECONDS.toMillis(requests.get(1).atNanos() - requests.get(0).atNanos());
    // the precise body value (0.3 s) wins over the rounded header (30 s)
    assertThat(waitedMillis).isBetween(280L, 5_000L);
  }

  @Test
  void givesUpAfterMaxAttemptsOfServerErrors() throws Exception {
    receiver.always(503);
    Secret url = new Secret(receiver.url("/hook/secret-path"));

    AlertReport report =
        notifier(WebhookChannel.of(url, null), FAST.withMaxAttempts(3))
            .send(Events.smallDrift())
            .get(10, TimeUnit.SECONDS);

    DeliveryResult result = report.results().get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.lastStatus()).isEqualTo(503);
    assertThat(result.reason()).isEqualTo("gave up after 3 attempt(s): HTTP 503");
    assertThat(receiver.received()).hasSize(3);
  }

  @Test
  void doesNotRetryARefusedMessage() throws Exception {
    receiver.then(400, Map.of(), "{\"code\": 50035, \"message\": \"Invalid Form Body\"}");
    Secret url = new Secret(receiver.url("/api/webhooks/1/t"));

    DeliveryResult result =
        notifier(DiscordChannel.of(url), FAST)
            .send(Events.smallDrift())
            .get(10, TimeUnit.SECONDS)
            .results()
            .get(0);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.reason())
        .isEqualTo("HTTP 400: {\"code\": 50035, \"message\": \"Invalid Form Body\"}");
  }

  @Test
  void failsAtOnceWhenAskedToWaitTooLong() throws Exception {
    receiver.then(429, Map.of("Retry-After", "3600"), "");
    Secret url = new Secret(receiver.url("/x"));

    DeliveryResult result =
        notifier(SlackChannel.of(url), FAST)
            .send(Events.smallDrift())
            .get(10, TimeUnit.SECONDS)
            .results()
            .get(0);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason())
        .contains("asked to wait 3600000 ms, longer than the 60000 ms allowed");
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void signsTheRawBodyWithHmacSha256() throws Exception {
    Secret url = new Secret(receiver.url("/alerts"));
    Secret key = new Secret("k3y-from-env");

    DeliveryResult result =
        notifier(WebhookChannel.of(url, key), FAST)
            .send(Events.smallDrift())
            .get(10, TimeUnit.SECONDS)
            .results()
            .get(0);

    assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
    Receiver.Received request = receiver.received().get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k3y-from-env".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(request.header("X-Shadow-Signature")).isEqualTo(expected);
    assertThat(request.header("X-Shadow-Event")).isEqualTo("drift_detected");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("event").asText()).isEqualTo("drift_detected");
    assertThat(body.path("data").path("topColumns").get(0).path("column").asText())
        .isEqualTo("income");
  }

  @Test
  void unsignedWebhookHasNoSignatureHeader() throws Exception {
    notifier(WebhookChannel.of(new Secret(receiver.url("/a")), null), FAST)
        .send(Events.recovered())
        .get(10, TimeUnit.SECONDS);

    assertThat(receiver.received().get(0).header("X-Shadow-Signature")).isNull();
  }

  @Test
  void theSecretUrlNeverAppearsInResultsOrToString() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Secret url =
        new Secret("http://127.0.0.1:" + closedPort + "/api/webhooks/42/very-secret-token");
    DiscordChannel channel = DiscordChannel.of(url);
    ch.qos.logback.classic.Logger alertLog =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("dev.shadowpipeline.alert");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    alertLog.addAppender(logs);

    DeliveryResult result;
    try {
      result =
          notifier(channel, FAST.withMaxAttempts(2))
              .send(Events.smallDrift())
              .get(10, TimeUnit.SECONDS)
              .results()
              .get(0);
    } finally {
      alertLog.detachAppender(logs);
    }
    // the retry and the give-up are logged, with the host only: a webhook's path is its credential
    assertThat(logs.list)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .doesNotContain("very-secret-token")
                    .doesNotContain("/api/webhooks/42"));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.reason())
        .startsWith("gave up after 2 attempt(s): ConnectException")
        .doesNotContain("very-secret-token");
    assertThat(channel.toString())
        .doesNotContain("very-secret-token")
        .contains("http://127.0.0.1:" + closedPort + "/****");
    assertThat(new Secret("hunter2").toString()).isEqualTo("****");
  }

  @Test
  void dryRunReturnsPayloadsAndSendsNothing() throws Exception {
    Notifier notifier =
        Notifier.builder()
            .channel(DiscordChannel.of(new Secret(receiver.url("/d"))))
            .channel(SlackChannel.of(new Secret(receiver.url("/s"))))
            .dryRun(true)
            .build();

    AlertReport report = notifier.send(Events.smallDrift()).get(10, TimeUnit.SECONDS);

    assertThat(report.results())
        .extracting(DeliveryResult::outcome)
        .containsExactly(Outcome.DRY_RUN, Outcome.DRY_RUN);
    PayloadLimitsTest.assertValidDiscord(JSON.readTree(report.results().get(0).payload()));
    PayloadLimitsTest.assertValidSlack(JSON.readTree(report.results().get(1).payload()));
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void sendReturnsBeforeASlowPlatformAnswers() throws Exception {
    receiver.then(503, Map.of("Retry-After", "2"), "");
    Notifier notifier = notifier(SlackChannel.of(new Secret(receiver.url("/slow"))), FAST);

    long started = System.nanoTime();
    var pending = notifier.send(Events.smallDrift());
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);

    assertThat(pending.get(10, TimeUnit.SECONDS).results().get(0).outcome())
        .isEqualTo(Outcome.DELIVERED);
  }
}
