package dev.shadowpipeline.fleet.kafka;

import dev.shadowpipeline.app.config.IoReasons;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Kafka client needs before it is built, checked so that its absence is one clear line rather than the
 * client's "Failed to construct kafka consumer": a broker of the address that resolves (as the client itself, the
 * address fails only when none does) and TLS store files that can be read.
 */
public final class KafkaPreflight {

  private KafkaPreflight() {}

  /**
   * Checks the stores first (they do not change by waiting), then the brokers' names.
   *
   * @throws KafkaSetupException naming the config key and file, or the address and its unknown hosts
   */
  public static void check(KafkaAddress address, KafkaSettings settings) {
    store(KafkaSettings.SECTION + ".ssl-truststore", settings.truststore());
    store(KafkaSettings.SECTION + ".ssl-keystore", settings.keystore());
    List<String> unknown = new ArrayList<>();
    UnknownHostException last = null;
    for (String broker : address.brokers()) {
      String host = host(broker);
      try {
        InetAddress.getAllByName(host);
        return; // the client starts from any one broker that resolves
      } catch (UnknownHostException e) {
        unknown.add(host);
        last = e;
      }
    }
    throw new KafkaSetupException(
        null,
        "no broker of "
            + address
            + " can be found: "
            + String.join(", ", unknown)
            + (unknown.size() == 1 ? " is not a known host" : " are not known hosts"),
        last);
  }

  private static void store(String key, Path file) {
    if (file == null) {
      return;
    }
    // opening it is the only sure test of readable (root ignores permission bits)
    try (InputStream in = Files.newInputStream(file)) {
      int unused = in.read();
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "it is a directory" : IoReasons.reason(e, file);
      throw new KafkaSetupException(key, "cannot read " + file + ": " + why, e);
    }
  }

  // HOST of HOST:PORT, without the brackets of an IPv6 literal
  private static String host(String broker) {
    String host = broker.substring(0, broker.lastIndexOf(':'));
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }
}
