package dev.shadowpipeline.shadow.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricTest {

  @Test
  void keysAndDirections() {
    assertThat(Metric.fromKey("log_loss")).isEqualTo(Metric.LOG_LOSS);
    assertThat(Metric.fromKey("MAE")).isEqualTo(Metric.MAE);
    assertThat(Metric.fromKey("auc")).isEqualTo(Metric.ROC_AUC);
    assertThat(Metric.ROC_AUC.key()).isEqualTo("roc_auc");
    assertThat(Metric.ACCURACY.higherIsBetter()).isTrue();
    assertThat(Metric.F1.higherIsBetter()).isTrue();
    assertThat(Metric.MAE.higherIsBetter()).isFalse();
    assertThat(Metric.BRIER.higherIsBetter()).isFalse();
    assertThat(Metric.LOG_LOSS.higherIsBetter()).isFalse();
    assertThat(Metric.RMSE.task()).isEqualTo(Task.REGRESSION);
    assertThat(Metric.BRIER.needsScores()).isTrue();
    assertThat(Task.fromKey("Regression")).isEqualTo(Task.REGRESSION);
    assertThat(Task.CLASSIFICATION.key()).isEqualTo("classification");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> Metric.fromKey("mse"))
        .hasMessage(
            "metric must be one of accuracy, precision, recall, f1, roc_auc, brier, log_loss, mae, rmse, r2: mse");
    assertThatThrownBy(() -> Task.fromKey("ranking"))
        .hasMessage("task must be classification or regression: ranking");
  }
}
