package dev.shadowpipeline.alert;

/** Where alerts go. Each channel has a name, used in results and logs instead of its secret URL. */
public sealed interface Channel permits DiscordChannel, SlackChannel, WebhookChannel {

  /** A name for logs and results, e.g. {@code discord} or {@code ops-slack}. */
  String name();

  /** The URL messages are POSTed to. */
  Secret url();

  /** The JSON body for an event. */
  String payload(AlertEvent event);
}
