package dev.shadowpipeline.fleet;

import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker in KRaft mode (one combined broker and controller), started inside the test JVM
 * from Kafka's own server jars on a loopback port, its logs in a temporary folder. One per test class: it takes about
 * five seconds to start.
 */
public final class TestBroker implements AutoCloseable {

  private final KafkaClusterTestKit kit;

  private TestBroker(KafkaClusterTestKit kit) {
    this.kit = kit;
  }

  /** Formats the log folder under {@code dir} and starts the broker; returns once it takes requests. */
  public static TestBroker start(Path dir) throws Exception {
    return start(dir, SecurityProtocol.PLAINTEXT);
  }

  /**
   * A broker whose clients must log in with SASL PLAIN, as {@link #SASL_USER} or {@link #SASL_ADMIN} (the test kit's
   * users and passwords), and whose topics only the admin may use: the standard authorizer grants the user nothing.
   */
  public static TestBroker startSasl(Path dir) throws Exception {
    return start(dir, SecurityProtocol.SASL_PLAINTEXT);
  }

  /** A user of {@link #startSasl} with no rights: its login succeeds, its reads are refused. */
  public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;

  /** {@link #SASL_USER}'s password. */
  public static final String SASL_USER_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

  /** The user of {@link #startSasl} that may do everything. */
  public static final String SASL_ADMIN = JaasUtils.KAFKA_PLAIN_ADMIN;

  /** {@link #SASL_ADMIN}'s password. */
  public static final String SASL_ADMIN_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

  private static TestBroker start(Path dir, SecurityProtocol protocol) throws Exception {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .setBrokerSecurityProtocol(protocol)
                    .build())
            // a single broker: the internal topics cannot have three replicas
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            // topics appear only when a test (or the code under test) creates them
            .setConfigProp("auto.create.topics.enable", "false");
    if (protocol != SecurityProtocol.PLAINTEXT) {
      // the broker talks to itself as the admin, and to its controller without a login
      builder
          .setConfigProp(
              "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
          .setConfigProp("super.users", "User:" + SASL_ADMIN + ";User:ANONYMOUS");
    }
    KafkaClusterTestKit kit = builder.build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception e) {
      kit.close();
      throw e;
    }
    return new TestBroker(kit);
  }

  /** {@code host:port} of the broker. */
  public String bootstrap() {
    return kit.bootstrapServers();
  }

  /** The address of a topic on this broker. */
  public KafkaAddress address(String topic) {
    return KafkaAddress.parse(KafkaAddress.SCHEME + bootstrap() + "/" + topic);
  }

  /** Creates a topic with {@code partitions} partitions. */
  public void createTopic(String topic, int partitions) throws Exception {
    // the kit's admin client logs in as the admin on a SASL broker
    try (Admin admin = kit.admin(Map.of())) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** On a {@link #startSasl} broker: lets {@code user} describe and read {@code topic}, and nothing more. */
  public void allowToRead(String user, String topic) throws Exception {
    ResourcePattern pattern = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
    List<AclBinding> bindings = new java.util.ArrayList<>();
    for (AclOperation operation : List.of(AclOperation.DESCRIBE, AclOperation.READ)) {
      bindings.add(
          new AclBinding(
              pattern,
              new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
    }
    try (Admin admin = kit.admin(Map.of())) {
      admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Stops the broker (its controller keeps running); {@link #restart()} brings it back on the same port. */
  public void stop() {
    broker().shutdown();
    broker().awaitShutdown();
  }

  /** Starts the broker stopped by {@link #stop()} again and waits until it takes requests. */
  public void restart() throws Exception {
    broker().startup();
    kit.waitForReadyBrokers();
  }

  private BrokerServer broker() {
    return kit.brokers().values().iterator().next();
  }

  // InterruptedException is not thrown from close(): try-with-resources would suppress an
  // interrupt
  @Override
  public void close() {
    try {
      kit.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the test broker", e);
    }
  }
}
