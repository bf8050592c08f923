package dev.shadowpipeline.fleet;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;

class ProbeBrokerTest {
  @Test
  void probe() throws Exception {
    long t0 = System.nanoTime();
    KafkaClusterTestKit kit =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .build();
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      System.out.println(
          "started in ms " + (System.nanoTime() - t0) / 1e6 + " at " + kit.bootstrapServers());
      Properties p = new Properties();
      p.put("bootstrap.servers", kit.bootstrapServers());
      try (KafkaProducer<String, String> prod =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        prod.send(new ProducerRecord<>("t", "k", "v")).get();
        System.out.println("sent");
        var broker = kit.brokers().values().iterator().next();
        broker.shutdown();
        System.out.println("stopped; bootstrap " + kit.bootstrapServers());
        broker.startup();
        kit.waitForReadyBrokers();
        System.out.println("restarted; bootstrap " + kit.bootstrapServers());
        prod.send(new ProducerRecord<>("t", "k", "v2")).get();
        System.out.println("sent after restart " + (System.nanoTime() - t0) / 1e6);
      }
    } finally {
      kit.close();
    }
  }
}
