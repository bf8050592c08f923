package dev.shadowpipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.DatasetPair;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.NumericColumn;
import dev.shadowpipeline.drift.data.ReadOptions;
import dev.shadowpipeline.drift.data.ValueKind;
import dev.shadowpipeline.drift.engine.ColumnDrift;
import dev.shadowpipeline.drift.engine.ColumnStatus;
import dev.shadowpipeline.drift.engine.DatasetStatus;
import dev.shadowpipeline.drift.engine.DriftEngine;
import dev.shadowpipeline.drift.engine.DriftOptions;
import dev.shadowpipeline.drift.engine.DriftResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INT64 (and wider) Parquet columns are read as doubles, which past 2^53 round distinct integers together: such a
 * column is flagged, so the engine reports it as an error rather than one value with no drift; typed categorical, it
 * is read as its exact text instead.
 */
class ParquetInexactIntegersTest {

  @TempDir Path dir;

  private Path ids(String name, String id) throws Exception {
    return ParquetFixtures.write(
        dir.resolve(name), "SELECT " + id + " AS id, (range % 7)::DOUBLE AS x FROM range(66)");
  }

  @Test
  void int64PastDoublesIsFlaggedAndAnError() throws Exception {
    Path ref = ids("ref.parquet", "9007199254740992::BIGINT");
    Path cur = ids("cur.parquet", "9007199254740993::BIGINT");

    DatasetPair pair =
        ParquetReader.readPair(ParquetSource.of(ref), ParquetSource.of(cur), ReadOptions.DEFAULTS);

    assertThat(id(pair.reference()).inexactInteger()).isEmpty();
    assertThat(id(pair.current()).inexactInteger()).contains("9007199254740993");
    // as doubles both sides are one value: this is what made it "no drift"
    assertThat(id(pair.current()).values()).containsOnly(9007199254740992.0);
    DriftResult result = DriftEngine.standard(DriftOptions.DEFAULTS).compare(pair);
    ColumnDrift column = result.columns().get(0);
    assertThat(column.status()).isEqualTo(ColumnStatus.ERROR);
    assertThat(column.detail())
        .startsWith("integers beyond 2^53 (e.g. 9007199254740993 in the current data)");
    assertThat(result.status()).isEqualTo(DatasetStatus.INCOMPLETE);
  }

  @Test
  void integersDoublesHoldAndOtherWideTypesAreJudgedByValue() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("wide.parquet"),
            "SELECT * FROM (VALUES"
                + " (9007199254740992::BIGINT, -9007199254740993::BIGINT,"
                + " 18014398509481984::HUGEINT, 9007199254740993::DECIMAL(18,0), 12::BIGINT),"
                + " (-9007199254740992, 1, 100000000000000000000, 1, 13))"
                + " t(exact, negative, huge, dec, small)");

    Dataset d = ParquetReader.read(ParquetSource.of(file), ReadOptions.DEFAULTS);

    // 2^53, 2^54 and 1e20 are doubles exactly; -(2^53 + 1) and the decimal 2^53 + 1 are not
    assertThat(inexact(d, "exact")).isEmpty();
    assertThat(inexact(d, "huge")).isEmpty();
    assertThat(inexact(d, "small")).isEmpty();
    assertThat(inexact(d, "negative")).contains("-9007199254740993");
    assertThat(inexact(d, "dec")).contains("9007199254740993");
  }

  @Test
  void typedAsTextTheExactIntegersAreLabels() throws Exception {
    Path file =
        ParquetFixtures.write(
            dir.resolve("ids.parquet"),
            "SELECT * FROM (VALUES (9007199254740992::BIGINT, 5::BIGINT),"
                + " (9007199254740993, 5), (9007199254740993, NULL)) t(id, code)");
    ReadOptions asText =
        ReadOptions.DEFAULTS.withKinds(Map.of("id", ValueKind.LABEL, "code", ValueKind.LABEL));

    Dataset d = ParquetReader.read(ParquetSource.of(file), asText);

    LabelColumn id = (LabelColumn) d.columns().get("id");
    assertThat(id.labels()).containsExactly("9007199254740992", "9007199254740993");
    assertThat(id.counts()).containsExactly(1, 2);
    // an integer column that doubles hold stays numbers, as before (3 and 3.0 one category)
    assertThat(d.columns().get("code")).isInstanceOf(NumericColumn.class);
  }

  private static NumericColumn id(Dataset d) {
    return (NumericColumn) d.columns().get("id");
  }

  private static java.util.Optional<String> inexact(Dataset d, String name) {
    return ((NumericColumn) d.columns().get(name)).inexactInteger();
  }
}
