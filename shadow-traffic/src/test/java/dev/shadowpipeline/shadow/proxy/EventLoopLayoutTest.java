package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller event loop and every copies' loop is a thread of its own. Vert.x hands out event loops round robin,
 * both to verticles and to the pools they open; a layout that depended on the order of the two (pools opened in
 * {@code start()}, while the next verticle is given its loop) put both caller verticles on one loop now and then, and
 * left the other idle. Repeated, because that was a race.
 */
class EventLoopLayoutTest {

  @TempDir Path dir;

  @RepeatedTest(5)
  void eachLoopHasAThreadOfItsOwn() throws Exception {
    assertDistinctThreads(b -> b);
  }

  @RepeatedTest(5)
  void alsoWithASecondary() throws Exception {
    // two pools per copies' loop instead of one
    assertDistinctThreads(b -> b.secondary("http://127.0.0.1:9"));
  }

  private void assertDistinctThreads(UnaryOperator<ProxyConfig.Builder> customize)
      throws Exception {
    try (ProxyHarness h =
        new ProxyHarness("http://127.0.0.1:9", "http://127.0.0.1:9", dir, customize, s -> s)) {
      List<Thread> threads = new ArrayList<>();
      for (ProxyVerticle v : h.proxy.verticles()) {
        threads.addAll(v.threads());
      }
      // two caller loops (ProxyHarness sets 2) and a copies' loop paired with each
      assertThat(threads).hasSize(4).doesNotContainNull().doesNotHaveDuplicates();
    }
  }
}
