package dev.shadowpipeline.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Map;

/** The template functions every report gets: {@code chartjs()} and the {@code json} filter. */
final class ReportExtension extends AbstractExtension {

  // Keys sorted: the models use Map.of, whose iteration order changes with every JVM, and a report
  // rebuilt from the same records must be the same file
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  @Override
  public Map<String, Filter> getFilters() {
    return Map.of(
        "json",
        new Filter() {
          @Override
          public List<String> getArgumentNames() {
            return List.of();
          }

          @Override
          public Object apply(
              Object input,
              Map<String, Object> args,
              PebbleTemplate self,
              EvaluationContext context,
              int lineNumber) {
            try {
              return new SafeString(ScriptSafety.escapeJson(JSON.writeValueAsString(input)));
            } catch (JsonProcessingException e) {
              throw new PebbleException(
                  e, "cannot write as JSON: " + e.getOriginalMessage(), lineNumber, self.getName());
            }
          }
        });
  }

  @Override
  public Map<String, Function> getFunctions() {
    return Map.of(
        "chartjs",
        new Function() {
          @Override
          public List<String> getArgumentNames() {
            return List.of();
          }

          @Override
          public Object execute(
              Map<String, Object> args,
              PebbleTemplate self,
              EvaluationContext context,
              int lineNumber) {
            return new SafeString(ChartJs.source());
          }
        });
  }
}
