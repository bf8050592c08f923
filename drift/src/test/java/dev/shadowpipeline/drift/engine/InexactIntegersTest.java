package dev.shadowpipeline.drift.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.DataReadException;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.DatasetReader;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integers past 2^53 that doubles round together (9007199254740992 and 9007199254740993 are one double): a column
 * holding them is an error, not "1 distinct value, no drift" (p = 1 where the columns differ in every row).
 */
class InexactIntegersTest {

  @TempDir Path dir;

  private Path csv(String name, IntFunction<String> id) throws IOException {
    StringBuilder text = new StringBuilder("id,x\n");
    for (int i = 0; i < 66; i++) {
      text.append(id.apply(i)).append(',').append(i % 7).append('\n');
    }
    return Files.writeString(dir.resolve(name), text);
  }

  private Path jsonl(String name, IntFunction<String> id) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 66; i++) {
      text.append("{\"id\": ").append(id.apply(i)).append(", \"x\": ").append(i % 7).append("}\n");
    }
    return Files.writeString(dir.resolve(name), text);
  }

  private static DriftResult compare(Path ref, Path cur) throws DataReadException {
    DatasetPair pair = DatasetReader.readPair(ref, cur, ReadOptions.DEFAULTS);
    return DriftEngine.standard(DriftOptions.DEFAULTS).compare(pair);
  }

  private static ColumnDrift column(DriftResult result, String name) {
    return result.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static void assertInexactError(DriftResult result, String where) {
    ColumnDrift id = column(result, "id");
    assertThat(id.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(id.result()).isNull();
    assertThat(id.detail())
        .isEqualTo(
            "integers beyond 2^53 (e.g. "
                + where
                + ") cannot be compared exactly as doubles; cast the column to text"
                + " (--column-type id=categorical) or scale it");
    assertThat(column(result, "x").status()).isEqualTo(ColumnStatus.OK);
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
  }

  @Test
  void csvIntegersPastDoublesAreAnErrorNotNoDrift() throws IOException {
    DriftResult result =
        compare(csv("ref.csv", i -> "9007199254740992"), csv("cur.csv", i -> "9007199254740993"));
    assertInexactError(result, "9007199254740993 at line 2 in the current data");
  }

  @Test
  void jsonlIntegersPastDoublesAreAnErrorNotNoDrift() throws IOException {
    DriftResult result =
        compare(
            jsonl("ref.jsonl", i -> i == 40 ? "-9007199254740993" : "9007199254740992"),
            jsonl("cur.jsonl", i -> "9007199254740992"));
    assertInexactError(result, "-9007199254740993 at line 41 in the reference data");
  }

  @Test
  void theFirstKeptRowNamesTheExample() throws IOException {
    // past the 1000-row sample, after a bad row holding one: the example is the first kept
    StringBuilder text = new StringBuilder("id,x\n");
    for (int i = 0; i < 1500; i++) {
      text.append(
          i == 1200
              ? "9007199254740995,oops\n"
              : i == 1300 ? "9007199254740997,1\n" : (1000 + i) + "," + i + "\n");
    }
    Path file = Files.writeString(dir.resolve("late.csv"), text);
    NumericColumn id =
        (NumericColumn) DatasetReader.read(file, ReadOptions.DEFAULTS).column("id").orElseThrow();
    assertThat(id.inexactInteger()).contains("9007199254740997 at line 1302");
  }

  @Test
  void integersDoublesHoldAreComparedAsUsual() throws IOException {
    // 2^53 itself, 2^54 and 1e20 (= 2^20 5^20) are doubles exactly; 1e20 in exponent form is no
    // integer literal; both sides the same values, so no drift
    String[] exact = {"9007199254740992", "18014398509481984", "100000000000000000000", "1e20"};
    DriftResult result =
        compare(
            csv("ref.csv", i -> exact[i % exact.length]),
            csv("cur.csv", i -> exact[(i + 1) % exact.length]));
    assertThat(column(result, "id").status()).isEqualTo(ColumnStatus.OK);
    assertThat(column(result, "id").detail()).isEmpty();
    assertThat(result.status()).isEqualTo(DatasetStatus.OK);
  }
}
