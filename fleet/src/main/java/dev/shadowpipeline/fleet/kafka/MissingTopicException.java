package dev.shadowpipeline.fleet.kafka;

import java.io.IOException;

/** The topic does not exist on the brokers (and may not be created): the message says how to fix it. */
public final class MissingTopicException extends IOException {

  private static final long serialVersionUID = 1L;

  /** For {@code address}, with {@link TopicCheck#missingMessage}'s advice. */
  public MissingTopicException(KafkaAddress address) {
    super(TopicCheck.missingMessage(address));
  }
}
