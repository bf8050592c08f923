package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nice value is the kernel's, read back from {@code /proc}: the call lowers the one thread that makes it, never
 * the process, and never raises a thread that is already lower. Each case runs on a thread of its own, since a niced
 * thread cannot be given its priority back without privilege.
 */
class WorkerPriorityTest {

  @TempDir Path dir;

  @BeforeEach
  void onLinux() {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux with /proc/thread-self");
  }

  @Test
  void theCallingThreadAloneGetsTheNiceValue() throws Exception {
    int before = WorkerPriority.currentNice();
    assumeTrue(before < 7, "this test's thread already runs at nice " + before);
    AtomicReference<Object[]> seen = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                WorkerPriority.Outcome outcome = WorkerPriority.lowerCurrentThread(7);
                seen.set(new Object[] {outcome, WorkerPriority.currentNice(), kernelNice()});
              } catch (Exception e) {
                seen.set(new Object[] {e});
              }
            },
            "niced-for-test");
    t.start();
    t.join();
    Object[] got = seen.get();
    assertThat(got[0]).isEqualTo(new WorkerPriority.Outcome(7, null));
    assertThat(got[1]).isEqualTo(7);
    assertThat(got[2]).isEqualTo(7); // read from /proc/self/task/<tid>/stat, not thread-self
    assertThat(WorkerPriority.currentNice()).isEqualTo(before); // this thread was not touched
    assertThat(WorkerPriority.niceOf(Path.of("/proc/self/stat")))
        .as("the process's main thread")
        .isEqualTo(before);
  }

  @Test
  void aThreadAlreadyLowerKeepsItsValue() throws Exception {
    assumeTrue(WorkerPriority.currentNice() <= 12, "this test's thread already runs below 12");
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              WorkerPriority.lowerCurrentThread(12);
              seen.set(WorkerPriority.lowerCurrentThread(5)); // asks for more priority: refused
            });
    t.start();
    t.join();
    assertThat(seen.get()).isEqualTo(new WorkerPriority.Outcome(12, null));
  }

  @Test
  void valuesOutsideLinuxsRangeAreRefused() {
    assertThatThrownBy(() -> WorkerPriority.lowerCurrentThread(20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nice must be 0 to 19: 20");
    assertThatThrownBy(() -> WorkerPriority.lowerCurrentThread(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aThreadNameWithSpacesAndParenthesesDoesNotShiftTheFields() throws Exception {
    // proc(5): field 2 is the name in parentheses, which may itself hold ") (" and spaces
    Path stat = dir.resolve("stat");
    Files.writeString(
        stat,
        "4242 (odd) (name x) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 25 13 2 0 123 4096 50"
            + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n",
        StandardCharsets.US_ASCII);
    assertThat(WorkerPriority.niceOf(stat)).isEqualTo(13);
  }

  // the thread's own entry found by its id under /proc/self/task, a second way to read the value
  private static int kernelNice() throws Exception {
    String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    return WorkerPriority.niceOf(Path.of("/proc/self/task", tid, "stat"));
  }
}
