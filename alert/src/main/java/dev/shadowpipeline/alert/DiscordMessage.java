package dev.shadowpipeline.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.alert.AlertText.Detail;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a Discord webhook message: a one-line {@code content} plus one embed whose fields are the event's details,
 * cut to Discord's documented limits so that the message is never rejected.
 *
 * <p>Limits, from Discord's "Execute Webhook" and "Embed Limits" documentation
 * (https://discord.com/developers/docs/resources/webhook#execute-webhook,
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits): content 2000 characters; up to
 * 10 embeds; per embed title 256, description 4096, up to 25 fields, field name 256, field value 1024, footer text
 * 2048, author name 256; and at most 6000 characters across title, description, field names and values, footer
 * text and author name of all embeds in the message.
 */
final class DiscordMessage {

  static final int CONTENT_MAX = 2000;
  static final int EMBEDS_MAX = 10;
  static final int TITLE_MAX = 256;
  static final int DESCRIPTION_MAX = 4096;
  static final int FIELDS_MAX = 25;
  static final int FIELD_NAME_MAX = 256;
  static final int FIELD_VALUE_MAX = 1024;
  static final int FOOTER_MAX = 2048;
  static final int EMBED_TOTAL_MAX = 6000;

  private static final String MORE_FIELD_NAME = "…";

  private DiscordMessage() {}

  static String build(AlertEvent event, String username) {
    String title = Cut.to(AlertText.title(event), TITLE_MAX);
    String link = AlertText.link(event);
    String description =
        AlertText.summary(event) + (link == null ? "" : "\n[Open the report](" + link + ")");
    String footer = Cut.to("Shadow Pipeline · " + event.subjectKey(), FOOTER_MAX);

    List<Detail> details = AlertText.details(event);
    List<Detail> fields = new ArrayList<>();
    for (Detail detail : details) {
      fields.add(
          new Detail(
              Cut.to(detail.name(), FIELD_NAME_MAX), Cut.to(detail.value(), FIELD_VALUE_MAX)));
    }
    // Keep as many fields as fit in 25 and in the 6000 total, leaving room for a closing "N more"
    // field and a
    // description of at least a few hundred characters.
    int descriptionReserve = Math.min(Cut.to(description, DESCRIPTION_MAX).length(), 500);
    int shown = Math.min(fields.size(), FIELDS_MAX);
    while (shown > 0
        && (!fitsWithMore(shown, fields.size())
            || title.length()
                    + descriptionReserve
                    + footer.length()
                    + fieldChars(fields, shown)
                    + moreChars(event, fields.size() - shown)
                > EMBED_TOTAL_MAX)) {
      shown--;
    }
    int hidden = fields.size() - shown;
    List<Detail> kept = new ArrayList<>(fields.subList(0, shown));
    if (hidden > 0) {
      kept.add(new Detail(MORE_FIELD_NAME, AlertText.more(event, hidden)));
    }
    int room = EMBED_TOTAL_MAX - title.length() - footer.length() - fieldChars(kept, kept.size());
    description = Cut.to(description, Math.min(DESCRIPTION_MAX, room));

    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    root.put("username", Cut.to(username, 80));
    root.put(
        "content",
        Cut.to("**" + AlertText.title(event) + "** — " + AlertText.summary(event), CONTENT_MAX));
    // column or dataset names must never ping @everyone or a role
    root.putObject("allowed_mentions").putArray("parse");
    ArrayNode embeds = root.putArray("embeds");
    ObjectNode embed = embeds.addObject();
    embed.put("title", title);
    if (link != null) {
      embed.put("url", link);
    }
    embed.put("description", description);
    embed.put("color", color(event));
    embed.put("timestamp", event.occurredAt().toString());
    if (!kept.isEmpty()) {
      ArrayNode fieldNodes = embed.putArray("fields");
      for (Detail field : kept) {
        ObjectNode node = fieldNodes.addObject();
        node.put("name", field.name());
        node.put("value", field.value());
        node.put("inline", field.value().length() <= 60);
      }
    }
    embed.putObject("footer").put("text", footer);
    return root.toString();
  }

  private static boolean fitsWithMore(int shown, int total) {
    return shown == total ? shown <= FIELDS_MAX : shown + 1 <= FIELDS_MAX;
  }

  private static int fieldChars(List<Detail> fields, int count) {
    int chars = 0;
    for (int i = 0; i < count; i++) {
      chars += fields.get(i).name().length() + fields.get(i).value().length();
    }
    return chars;
  }

  private static int moreChars(AlertEvent event, int hidden) {
    return hidden == 0 ? 0 : MORE_FIELD_NAME.length() + AlertText.more(event, hidden).length();
  }

  private static int color(AlertEvent event) {
    return switch (event.state()) {
      case DRIFT -> 0xE74C3C;
      case HEALTHY -> 0x2ECC71;
      case FAILED -> 0xE67E22;
    };
  }
}
