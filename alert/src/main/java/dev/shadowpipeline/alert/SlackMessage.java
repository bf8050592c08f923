package dev.shadowpipeline.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.alert.AlertText.Detail;
import java.util.List;

/**
 * Builds a Slack incoming-webhook message: Block Kit blocks (header, summary, detail sections, context) plus a
 * plain {@code text} fallback for notifications, cut to Slack's documented limits.
 *
 * <p>Limits, from Slack's Block Kit reference (https://docs.slack.dev/reference/block-kit/blocks/header-block,
 * https://docs.slack.dev/reference/block-kit/blocks/section-block, https://docs.slack.dev/reference/block-kit/blocks):
 * header text 150 characters, section text 3000, up to 50 blocks per message; context elements 10. Messages whose
 * blocks carry much more than ~12 000 characters in total are refused with {@code msg_blocks_too_long} although no
 * such limit is documented (slackapi/bolt-js#2509), so this message keeps its block text under 12 000.
 */
final class SlackMessage {

  static final int HEADER_MAX = 150;
  static final int SECTION_TEXT_MAX = 3000;
  static final int BLOCKS_MAX = 50;
  static final int BLOCK_TEXT_BUDGET = 12_000;
  static final int FALLBACK_TEXT_MAX = 3000;

  private SlackMessage() {}

  static String build(AlertEvent event) {
    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    String title = AlertText.title(event);
    root.put("text", Cut.to(title + ": " + AlertText.summary(event), FALLBACK_TEXT_MAX));
    ArrayNode blocks = root.putArray("blocks");

    String header = Cut.to(title, HEADER_MAX);
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", header);
    String link = AlertText.link(event);
    String summary =
        Cut.to(escape(AlertText.summary(event)), SECTION_TEXT_MAX - (link == null ? 0 : 40));
    if (link != null) {
      summary = Cut.to(summary + "\n<" + link + "|Open the report>", SECTION_TEXT_MAX);
    }
    section(blocks, summary);
    String footer = "Shadow Pipeline · " + escape(event.subjectKey()) + " · " + event.occurredAt();
    int used = header.length() + summary.length() + footer.length();

    // Pack detail lines into sections of at most 3000 characters; keep two blocks for "more" and
    // the footer.
    List<Detail> details = AlertText.details(event);
    int shown = 0;
    StringBuilder section = new StringBuilder();
    for (Detail detail : details) {
      String line =
          Cut.to("• *" + escape(detail.name()) + "* — " + escape(detail.value()), SECTION_TEXT_MAX);
      int reserve = AlertText.more(event, details.size()).length() + 10;
      if (used + line.length() + 1 + reserve > BLOCK_TEXT_BUDGET) {
        break;
      }
      if (section.length() + 1 + line.length() > SECTION_TEXT_MAX) {
        if (blocks.size() + 1 > BLOCKS_MAX - 2) {
          break;
        }
        section(blocks, section.toString());
        section.setLength(0);
      }
      if (section.length() > 0) {
        section.append('\n');
        used++;
      }
      section.append(line);
      used += line.length();
      shown++;
    }
    if (section.length() > 0) {
      section(blocks, section.toString());
    }
    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    if (shown < details.size()) {
      context
          .addObject()
          .put("type", "mrkdwn")
          .put("text", escape(AlertText.more(event, details.size() - shown)));
    }
    context.addObject().put("type", "mrkdwn").put("text", footer);
    return root.toString();
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  /** Slack's mrkdwn needs only these three escaped (https://docs.slack.dev/messaging/formatting-message-text). */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
