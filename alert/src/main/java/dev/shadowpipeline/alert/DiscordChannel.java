package dev.shadowpipeline.alert;

import java.util.Objects;

/**
 * A Discord webhook: each alert is one message with a short {@code content} line and an embed, cut to Discord's
 * limits. Discord answers 204; rate limits come as 429 with {@code Retry-After} and a JSON {@code retry_after}.
 *
 * @param name name for logs and results
 * @param url the webhook URL ({@code https://discord.com/api/webhooks/ID/TOKEN}), from an environment variable
 * @param username the name the message is posted under
 */
public record DiscordChannel(String name, Secret url, String username) implements Channel {

  public DiscordChannel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
  }

  /** Named {@code discord}, posting as "Shadow Pipeline". */
  public static DiscordChannel of(Secret url) {
    return new DiscordChannel("discord", url, "Shadow Pipeline");
  }

  @Override
  public String payload(AlertEvent event) {
    return DiscordMessage.build(event, username);
  }
}
