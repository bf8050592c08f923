package dev.shadowpipeline.alert;

import java.util.Objects;

/**
 * A Slack incoming webhook: Block Kit blocks with a text fallback, cut to Slack's limits.
 *
 * @param name name for logs and results
 * @param url the incoming-webhook URL ({@code https://hooks.slack.com/services/...}), from an environment variable
 */
public record SlackChannel(String name, Secret url) implements Channel {

  public SlackChannel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
  }

  /** Named {@code slack}. */
  public static SlackChannel of(Secret url) {
    return new SlackChannel("slack", url);
  }

  @Override
  public String payload(AlertEvent event) {
    return SlackMessage.build(event);
  }
}
