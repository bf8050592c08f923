package dev.shadowpipeline.app.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.stattest.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column of integers past 2^53 (IDs, hashes) is an error as numbers, and compares exactly once the user types it
 * categorical, as the error tells them to: the text files are then read with that column as the text written.
 */
class InexactIntegersCheckTest {

  @TempDir Path dir;

  private Path csv(String name, String id) throws IOException {
    StringBuilder text = new StringBuilder("id,x\n");
    for (int i = 0; i < 66; i++) {
      text.append(id).append(',').append(i % 7).append('\n');
    }
    return Files.writeString(dir.resolve(name), text);
  }

  private static ColumnDrift id(DriftCheck.Compared c) {
    return c.result().columns().get(0);
  }

  @Test
  void asNumbersItIsAnErrorTypedCategoricalItDrifts() throws Exception {
    Path ref = csv("ref.csv", "9007199254740992");
    Path cur = csv("cur.csv", "9007199254740993");

    DriftCheck.Compared asNumbers =
        DriftCheck.compare(ref, cur, ReadOptions.DEFAULTS, DriftOptions.DEFAULTS);
    assertThat(id(asNumbers).status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(asNumbers.result().status()).isEqualTo(DatasetStatus.INCOMPLETE);

    DriftCheck.Compared asText =
        DriftCheck.compare(
            ref,
            cur,
            ReadOptions.DEFAULTS,
            DriftOptions.DEFAULTS.withColumnTypes(Map.of("id", ColumnType.CATEGORICAL)));
    ColumnDrift id = id(asText);
    assertThat(id.status()).isEqualTo(ColumnStatus.OK);
    assertThat(id.result().test()).isEqualTo("z");
    // every row moved from one id to the other: z = -sqrt(132); scipy 1.17.1:
    // 2 * scipy.stats.norm.sf(math.sqrt(132)) = 1.4961918421611282e-30
    assertThat(id.result().score()).isCloseTo(1.4961918421611282e-30, within(1e-38));
    assertThat(id.result().drifted()).isTrue();
    assertThat(id.newCategoryExamples()).containsExactly("9007199254740993");
    assertThat(asText.data().current().column("id").orElseThrow()).isInstanceOf(LabelColumn.class);
    assertThat(asText.result().status()).isEqualTo(DatasetStatus.OK);
  }
}
