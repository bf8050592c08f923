// A single-node Kafka broker in KRaft mode for bench/fleet.sh, started from Kafka's own server jars in this JVM,
// its logs in DIR; writes its bootstrap address to ADDRESS_FILE once it takes requests and runs until killed.
//   java -cp "$(cat classpath.txt)" bench/kafka-broker/KafkaBroker.java DIR ADDRESS_FILE
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

public class KafkaBroker {
  public static void main(String[] args) throws Exception {
    KafkaClusterTestKit kit =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(Path.of(args[0]))
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    kit.format();
    kit.startup();
    kit.waitForReadyBrokers();
    Files.writeString(Path.of(args[1] + ".tmp"), kit.bootstrapServers());
    Files.move(Path.of(args[1] + ".tmp"), Path.of(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        kit.close();
      } catch (Exception e) {
        // exiting anyway
      }
    }));
    Thread.currentThread().join();
  }
}
