package dev.shadowpipeline.cli.proxy;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports nothing listens on, for a proxy started in a process of its own. */
final class FreePorts {

  private FreePorts() {}

  /**
   * Two distinct free ports (the proxy's and its admin server's), probed at once: two probes one after the other may
   * get the same port back (3 times in 20,000 on a test machine), and a proxy refuses an admin port equal to its own.
   */
  static int[] two() throws IOException {
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }
}
