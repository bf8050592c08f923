package dev.shadowpipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads checked against each platform's documented schema and limits (see the Javadoc of DiscordMessage and
 * SlackMessage for the sources).
 */
class PayloadLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static void assertValidDiscord(JsonNode message) {
    assertThat(message.path("content").asText().length()).isLessThanOrEqualTo(2000);
    assertThat(message.path("allowed_mentions").path("parse").isArray()).isTrue();
    assertThat(message.path("allowed_mentions").path("parse")).isEmpty();
    JsonNode embeds = message.path("embeds");
    assertThat(embeds.isArray()).isTrue();
    assertThat(embeds.size()).isBetween(1, 10);
    int total = 0;
    for (JsonNode embed : embeds) {
      assertThat(embed.path("title").asText().length()).isBetween(1, 256);
      assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(4096);
      assertThat(embed.path("color").isInt()).isTrue();
      assertThat(embed.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(embed.path("footer").path("text").asText().length()).isLessThanOrEqualTo(2048);
      total +=
          embed.path("title").asText().length()
              + embed.path("description").asText().length()
              + embed.path("footer").path("text").asText().length();
      JsonNode fields = embed.path("fields");
      assertThat(fields.size()).isLessThanOrEqualTo(25);
      for (JsonNode field : fields) {
        assertThat(field.path("name").asText().length()).isBetween(1, 256);
        assertThat(field.path("value").asText().length()).isBetween(1, 1024);
        assertThat(field.path("inline").isBoolean()).isTrue();
        total += field.path("name").asText().length() + field.path("value").asText().length();
      }
    }
    assertThat(total).as("characters across all embeds").isLessThanOrEqualTo(6000);
  }

  static void assertValidSlack(JsonNode message) {
    assertThat(message.path("text").asText()).isNotBlank();
    JsonNode blocks = message.path("blocks");
    assertThat(blocks.size()).isBetween(1, 50);
    int total = 0;
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      assertThat(type).isIn("header", "section", "context", "divider");
      if (type.equals("header")) {
        assertThat(block.path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(block.path("text").path("text").asText().length()).isBetween(1, 150);
        total += block.path("text").path("text").asText().length();
      } else if (type.equals("section")) {
        assertThat(block.path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(block.path("text").path("text").asText().length()).isBetween(1, 3000);
        total += block.path("text").path("text").asText().length();
      } else if (type.equals("context")) {
        assertThat(block.path("elements").size()).isBetween(1, 10);
        for (JsonNode element : block.path("elements")) {
          assertThat(element.path("type").asText()).isEqualTo("mrkdwn");
          total += element.path("text").asText().length();
        }
      }
    }
    assertThat(total).as("characters across all blocks").isLessThanOrEqualTo(12_000);
  }

  @Test
  void discordCutsALongColumnListToTheLimitsAndSaysHowManyAreLeftOut() throws Exception {
    JsonNode message =
        JSON.readTree(
            DiscordChannel.of(new Secret("https://x.test/h")).payload(Events.drift(200, 40)));

    assertValidDiscord(message);
    JsonNode fields = message.path("embeds").get(0).path("fields");
    assertThat(fields.size()).isEqualTo(25);
    assertThat(fields.get(0).path("name").asText()).startsWith("column_0_");
    assertThat(fields.get(24).path("value").asText())
        .isEqualTo("176 more columns not shown; see the report.");
  }

  @Test
  void discordKeepsTheTotalUnder6000WhenFieldsAreHuge() throws Exception {
    JsonNode message =
        JSON.readTree(
            DiscordChannel.of(new Secret("https://x.test/h")).payload(Events.drift(30, 900)));

    assertValidDiscord(message);
    JsonNode fields = message.path("embeds").get(0).path("fields");
    assertThat(fields.get(fields.size() - 1).path("value").asText())
        .contains("more columns not shown");
    assertThat(fields.size()).isLessThan(25);
  }

  @Test
  void discordCutsALongErrorCleanly() throws Exception {
    String error = "cannot read current.csv: " + "x".repeat(10_000) + " 😀";
    AlertEvent failed = new AlertEvent.PipelineFailed("daily-drift", "r9", Events.T0, error, null);

    JsonNode message =
        JSON.readTree(DiscordChannel.of(new Secret("https://x.test/h")).payload(failed));

    assertValidDiscord(message);
    assertThat(message.path("embeds").get(0).path("description").asText())
        .endsWith("…")
        .hasSize(4096);
    assertThat(message.path("content").asText()).endsWith("…").hasSize(2000);
  }

  @Test
  void discordSmallDriftShowsEveryColumnAndTheReportLink() throws Exception {
    JsonNode message =
        JSON.readTree(
            DiscordChannel.of(new Secret("https://x.test/h")).payload(Events.smallDrift()));

    assertValidDiscord(message);
    JsonNode embed = message.path("embeds").get(0);
    assertThat(embed.path("title").asText()).isEqualTo("Data drift detected: credit");
    assertThat(embed.path("url").asText()).isEqualTo("https://example.github.io/drift/runs/r1/");
    assertThat(embed.path("description").asText())
        .contains("3 of 10 columns drifted (share 30.0%, threshold 10.0%)");
    assertThat(embed.path("fields"))
        .extracting(f -> f.path("name").asText())
        .containsExactly("income", "age", "city <&> @everyone");
    assertThat(embed.path("fields").get(0).path("value").asText())
        .isEqualTo("ks 1.20e-07 (threshold 0.0500), drifted");
  }

  @Test
  void slackCutsALongColumnListToTheLimits() throws Exception {
    JsonNode message =
        JSON.readTree(
            SlackChannel.of(new Secret("https://x.test/h")).payload(Events.drift(500, 200)));

    assertValidSlack(message);
    JsonNode blocks = message.path("blocks");
    JsonNode context = blocks.get(blocks.size() - 1).path("elements");
    assertThat(context.get(0).path("text").asText())
        .matches("\\d+ more columns not shown; see the report\\.");
  }

  @Test
  void slackHandlesHugeHeadersAndEscapesMarkup() throws Exception {
    AlertEvent gate =
        new AlertEvent.GateFailed(
            "candidate-" + "v".repeat(400),
            Events.T0,
            List.of(
                "agreement 91.0% < 99.0%", "p95 latency delta 250 ms > 200 ms", "<script> & co"),
            null);

    JsonNode message = JSON.readTree(SlackChannel.of(new Secret("https://x.test/h")).payload(gate));

    assertValidSlack(message);
    assertThat(message.path("blocks").get(0).path("text").path("text").asText())
        .hasSize(150)
        .endsWith("…");
    assertThat(message.toString()).contains("&lt;script&gt; &amp; co").doesNotContain("<script>");
  }

  @Test
  void slackLinksTheReport() throws Exception {
    JsonNode message =
        JSON.readTree(SlackChannel.of(new Secret("https://x.test/h")).payload(Events.smallDrift()));

    assertValidSlack(message);
    assertThat(message.path("blocks").get(1).path("text").path("text").asText())
        .contains("<https://example.github.io/drift/runs/r1/|Open the report>");
    assertThat(message.path("blocks").get(2).path("text").path("text").asText())
        .contains("• *city &lt;&amp;&gt; @everyone* — chisquare");
  }

  @Test
  void everyEventKindFitsBothPlatforms() throws Exception {
    List<AlertEvent> events =
        new ArrayList<>(
            List.of(
                Events.smallDrift(),
                Events.recovered(),
                Events.drift(0, 5),
                new AlertEvent.PipelineFailed(
                    "job", null, Events.T0, "boom", "https://x.test/site/"),
                new AlertEvent.GateFailed("g", Events.T0, List.of(), null)));
    for (AlertEvent event : events) {
      assertValidDiscord(
          JSON.readTree(DiscordChannel.of(new Secret("https://x.test/h")).payload(event)));
      assertValidSlack(
          JSON.readTree(SlackChannel.of(new Secret("https://x.test/h")).payload(event)));
    }
  }

  @Test
  void genericJsonWritesNotComputedNumbersAsNull() throws Exception {
    AlertEvent event =
        new AlertEvent.DriftRecovered("credit", "r2", Events.T0, Double.NaN, 0.1, null);

    JsonNode json = JSON.readTree(AlertJson.of(event));

    assertThat(json.path("event").asText()).isEqualTo("drift_recovered");
    assertThat(json.path("version").asInt()).isEqualTo(1);
    assertThat(json.path("data").path("driftShare").isNull()).isTrue();
    assertThat(json.path("data").path("threshold").asDouble()).isEqualTo(0.1);
  }
}
