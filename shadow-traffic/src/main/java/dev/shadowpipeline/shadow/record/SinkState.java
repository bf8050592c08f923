package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record consumer that delivers somewhere able to fail on its own, such as a message broker: the proxy's
 * {@code /health} lists its state under {@code sinks}, and a sink that does not deliver makes the proxy
 * {@code degraded} (callers are served all the same).
 */
public interface SinkState {

  /** Whether records are being delivered now. */
  boolean delivering();

  /**
   * The sink's state as {@code /health} shows it: a JSON object with snake_case fields, any credentials masked. Called
   * from the admin server's threads: it must not block.
   */
  ObjectNode stateJson();
}
