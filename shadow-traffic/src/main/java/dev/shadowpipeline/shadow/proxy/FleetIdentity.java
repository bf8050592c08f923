package dev.shadowpipeline.shadow.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * A proxy's name in a fleet of replicas: what {@code instance_id} says in its records, the per-instance counts of a
 * summary, the history database's windows and the {@code service.instance.id} of its spans.
 *
 * <p>The default is stable across restarts, so that one replica keeps one name: the environment's
 * {@code HOSTNAME} (a Kubernetes pod's name, a container's id) or else the machine's host name, and the proxy's
 * port, so that two proxies on one machine stay two. Nothing random is added.
 */
public final class FleetIdentity {

  /** Longest accepted instance id (the history database's bound). */
  public static final int MAX_LENGTH = 200;

  private FleetIdentity() {}

  /**
   * {@code HOSTNAME:port}, or {@code host-name:port} when the environment has no {@code HOSTNAME}.
   *
   * @param env the process environment
   * @param port the port callers connect to
   */
  public static String defaultInstanceId(Map<String, String> env, int port) {
    String host = env.get("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = hostName();
    }
    return host.strip() + ":" + port;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost"; // a machine without a resolvable name: the port still tells its proxies
      // apart
    }
  }

  /**
   * The id, checked.
   *
   * @throws IllegalArgumentException when it is blank, longer than {@value #MAX_LENGTH} characters or holds a control
   *     character
   */
  public static String check(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an instance id must not be blank");
    }
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "an instance id must be at most " + MAX_LENGTH + " characters: " + id.length());
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(
            "an instance id must not contain control characters: " + id.strip());
      }
    }
    return id;
  }
}
