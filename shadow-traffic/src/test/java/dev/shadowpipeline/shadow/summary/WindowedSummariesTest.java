package dev.shadowpipeline.shadow.summary;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.redact.BodyRedactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-minute windows: handed on once over, and never handed on a second time, partial, by a late record. */
class WindowedSummariesTest {

  private static final Instant MINUTE = Instant.parse("2026-11-30T09:00:00Z");

  private final RecordFixtures records =
      new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), BodyRedactor.NONE);
  private Instant now = MINUTE;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private ObjectNode at(Instant time, int i) {
    return records.record(request("r" + i, time, "/p", "{}"), ok("{}", 10), ok("{}", 11));
  }

  @Test
  void aRecordLaterThanItsClosedWindowIsCountedNotWrittenAsASecondPartialWindow() {
    List<WindowedSummaries.Window> done = new ArrayList<>();
    WindowedSummaries windows =
        new WindowedSummaries(Duration.ofMinutes(1), Duration.ofSeconds(30), clock, done::add);
    for (int i = 0; i < 5; i++) {
      windows.accept(at(MINUTE.plusSeconds(10L * i), i));
    }
    now = MINUTE.plusSeconds(100); // the window [09:00, 09:01) ended 40 s ago, past the 30 s grace
    windows.flush();
    assertThat(done).hasSize(1);
    assertThat(done.get(0).summary().requests()).isEqualTo(5);

    // a slow shadow's pair of 09:00:55 recorded only now, and one of the open minute
    windows.accept(at(MINUTE.plusSeconds(55), 5));
    windows.accept(at(MINUTE.plusSeconds(70), 6));
    windows.close();

    assertThat(windows.lateRecords()).isEqualTo(1);
    assertThat(done)
        .extracting(WindowedSummaries.Window::start)
        .containsExactly(MINUTE, MINUTE.plusSeconds(60));
    assertThat(done.get(1).summary().requests()).isEqualTo(1);
  }

  @Test
  void aRecordWithinTheGracePeriodStillCounts() {
    List<WindowedSummaries.Window> done = new ArrayList<>();
    WindowedSummaries windows =
        new WindowedSummaries(Duration.ofMinutes(1), Duration.ofSeconds(30), clock, done::add);
    windows.accept(at(MINUTE.plusSeconds(5), 0));
    now = MINUTE.plusSeconds(80); // 20 s past the end: still within the grace
    windows.flush();
    windows.accept(at(MINUTE.plusSeconds(59), 1));
    windows.close();
    assertThat(windows.lateRecords()).isZero();
    assertThat(done).hasSize(1);
    assertThat(done.get(0).summary().requests()).isEqualTo(2);
  }
}
