package dev.shadowpipeline.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.alert.AlertEvent.DriftDetected;
import dev.shadowpipeline.alert.AlertEvent.DriftRecovered;
import dev.shadowpipeline.alert.AlertEvent.GateFailed;
import dev.shadowpipeline.alert.AlertEvent.PipelineFailed;

/**
 * The generic JSON document of an event: the body of the {@code webhook} channel and of the {@code on-drift} POST
 * action. Shape (version 1):
 *
 * <pre>{@code
 * {"version": 1, "event": "drift_detected", "occurredAt": "2026-03-01T09:00:00Z", "subject": "drift:credit",
 *  "state": "DRIFT", "title": "...", "summary": "...", "link": "https://...",
 *  "data": { ...the event's fields; NaN written as null... }}
 * }</pre>
 */
public final class AlertJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  /** The document as compact JSON. */
  public static String of(AlertEvent event) {
    return tree(event).toString();
  }

  static ObjectNode tree(AlertEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    root.put("event", event.kind());
    root.put("occurredAt", event.occurredAt().toString());
    root.put("subject", event.subjectKey());
    root.put("state", event.state().name());
    root.put("title", AlertText.title(event));
    root.put("summary", AlertText.summary(event));
    root.put("link", AlertText.link(event));
    ObjectNode data = root.putObject("data");
    if (event instanceof DriftDetected drift) {
      data.put("dataset", drift.dataset());
      data.put("runId", drift.runId());
      number(data, "driftShare", drift.driftShare());
      number(data, "threshold", drift.threshold());
      data.put("columnsDrifted", drift.columnsDrifted());
      data.put("columnsTotal", drift.columnsTotal());
      ArrayNode columns = data.putArray("topColumns");
      for (ColumnScore column : drift.topColumns()) {
        ObjectNode node = columns.addObject();
        node.put("column", column.column());
        node.put("test", column.test());
        number(node, "score", column.score());
        number(node, "threshold", column.threshold());
        node.put("drifted", column.drifted());
      }
      data.put("reportUrl", drift.reportUrl());
    } else if (event instanceof DriftRecovered recovered) {
      data.put("dataset", recovered.dataset());
      data.put("runId", recovered.runId());
      number(data, "driftShare", recovered.driftShare());
      number(data, "threshold", recovered.threshold());
      data.put("reportUrl", recovered.reportUrl());
    } else if (event instanceof PipelineFailed failed) {
      data.put("job", failed.job());
      data.put("runId", failed.runId());
      data.put("error", failed.error());
      data.put("reportUrl", failed.reportUrl());
    } else if (event instanceof GateFailed gate) {
      data.put("gate", gate.gate());
      ArrayNode reasons = data.putArray("reasons");
      gate.reasons().forEach(reasons::add);
      data.put("detailsUrl", gate.detailsUrl());
    }
    return root;
  }

  // JSON has no NaN; Jackson would write a bare NaN token that strict parsers reject
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }
}
