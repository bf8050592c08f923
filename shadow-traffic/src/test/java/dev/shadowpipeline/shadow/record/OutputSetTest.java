package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputSet}: files replaced together, and what a killed run left behind cleared by the next one. */
class OutputSetTest {

  @TempDir Path dir;

  @Test
  void filesAreReplacedTogetherAndTheStagingFolderGoes() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "old a");
    try (OutputSet set = OutputSet.stage(dir, List.of("a.txt", "b.txt"))) {
      Files.writeString(set.staged("a.txt"), "new a");
      Files.writeString(set.staged("b.txt"), "new b");
      assertThat(dir.resolve("a.txt")).hasContent("old a");
      set.commit();
    }
    assertThat(dir.resolve("a.txt")).hasContent("new a");
    assertThat(dir.resolve("b.txt")).hasContent("new b");
    assertThat(stagingFolders()).isEmpty();
  }

  @Test
  void aKilledRunsStagingFolderIsRemovedByTheNextRun() throws Exception {
    // a process that has ended: its folder can belong to no running run
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path abandoned = dir.resolve(OutputSet.STAGING_PREFIX + ended.pid() + "-123");
    Files.createDirectories(abandoned.resolve("nested"));
    Files.writeString(abandoned.resolve("nested/report.html"), "half");
    // a running process's folder, and one named before folders carried a process id, are not ours
    // to remove
    Path running =
        dir.resolve(
            OutputSet.STAGING_PREFIX
                + ProcessHandle.current().parent().orElseThrow().pid()
                + "-456");
    Path unnamed = dir.resolve(OutputSet.STAGING_PREFIX + "8123456789");
    Files.createDirectories(running);
    Files.createDirectories(unnamed);

    try (OutputSet set = OutputSet.stage(dir, List.of("a.txt"))) {
      assertThat(set.staging().getFileName().toString())
          .startsWith(OutputSet.STAGING_PREFIX + ProcessHandle.current().pid() + "-");
    }

    assertThat(abandoned).doesNotExist();
    assertThat(running).isDirectory();
    assertThat(unnamed).isDirectory();
  }

  private List<Path> stagingFolders() throws Exception {
    try (var all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().startsWith(OutputSet.STAGING_PREFIX))
          .toList();
    }
  }
}
