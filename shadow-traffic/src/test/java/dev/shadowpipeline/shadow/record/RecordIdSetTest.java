package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exact repeats of record ids, in bounded memory. */
class RecordIdSetTest {

  @Test
  void everyRepeatIsFoundAndNoNewIdIsTakenForOne() {
    // more ids than the first table holds: growing must keep every one
    RecordIdSet ids = new RecordIdSet(RecordIdSet.DEFAULT_BUDGET_BYTES);
    SplittableRandom random = new SplittableRandom(7);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      all.add(id);
      assertThat(ids.add(id)).as("new id %s", id).isTrue();
    }
    for (String id : all) {
      assertThat(ids.add(id)).as("repeat of %s", id).isFalse();
    }
    assertThat(ids.partial()).isFalse();
  }

  @Test
  void idsThatAreNoLowerCaseUuidAreKeptAsTheHashOfTheirText() {
    RecordIdSet ids = new RecordIdSet(RecordIdSet.DEFAULT_BUDGET_BYTES);
    String lower = "01a23b0f-dce0-7903-8a29-845e95aa1e23";
    assertThat(ids.add(lower)).isTrue();
    // the same bits in upper case are another text, so another id
    assertThat(RecordIdSet.key(lower.toUpperCase(java.util.Locale.ROOT)))
        .isNotEqualTo(RecordIdSet.key(lower));
    assertThat(ids.add(lower.toUpperCase(java.util.Locale.ROOT))).isTrue();
    assertThat(ids.add(lower.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(ids.add("r-001")).isTrue();
    assertThat(ids.add("r-001")).isFalse();
    assertThat(ids.add("r-002")).isTrue();
    // the nil UUID is all zero bits, the table's mark of a free slot
    assertThat(ids.add("00000000-0000-0000-0000-000000000000")).isTrue();
    assertThat(ids.add("00000000-0000-0000-0000-000000000000")).isFalse();
    // no id names no record: never a repeat
    assertThat(ids.add("")).isTrue();
    assertThat(ids.add("")).isTrue();
    assertThat(ids.add((String) null)).isTrue();
    assertThat(RecordIdSet.isCanonicalUuid(lower)).isTrue();
    assertThat(RecordIdSet.isCanonicalUuid("01a23b0f-dce0-7903-8a29-845e95aa1e2g")).isFalse();
    assertThat(RecordIdSet.isCanonicalUuid("01a23b0fddce0-7903-8a29-845e95aa1e23")).isFalse();
  }

  @Test
  void pastItsBudgetItStillFindsRepeatsOfTheIdsItKeptAndSaysItIsPartial() {
    // the first table (4,096 slots of 16 bytes) fits; doubling it would not
    RecordIdSet ids = new RecordIdSet(16L * 4096 + 50);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < 3072; i++) { // three quarters of the table: all kept
      String id = new UUID(0x01a2_0000_0000_7000L + i, 0x8000_0000_0000_0000L | i).toString();
      kept.add(id);
      assertThat(ids.add(id)).isTrue();
    }
    assertThat(ids.partial()).isFalse();
    String notKept = new UUID(42, 42).toString();
    assertThat(ids.add(notKept)).isTrue();
    assertThat(ids.partial()).isTrue();
    assertThat(ids.add(notKept)).as("not kept, so not found again").isTrue();
    assertThat(ids.add("text-id")).as("nor for a hashed one").isTrue();
    assertThat(ids.add("text-id")).isTrue();
    for (String id : kept) {
      assertThat(ids.add(id)).isFalse();
    }
    assertThat(ids.bytesUsed()).isLessThanOrEqualTo(16L * 4096 + 50);
  }
}
