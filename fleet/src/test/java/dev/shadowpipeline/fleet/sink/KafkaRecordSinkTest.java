package dev.shadowpipeline.fleet.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.fleet.Callers;
import dev.shadowpipeline.fleet.ModelServer;
import dev.shadowpipeline.fleet.TestBroker;
import dev.shadowpipeline.fleet.TestRecords;
import dev.shadowpipeline.fleet.kafka.KafkaAddress;
import dev.shadowpipeline.fleet.kafka.KafkaClients;
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.RecordMessages;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import dev.shadowpipeline.shadow.record.HeaderRedactor;
import dev.shadowpipeline.shadow.record.JsonlRecordSink;
import dev.shadowpipeline.shadow.record.RecordConsumer;
import dev.shadowpipeline.shadow.record.RecordFanout;
import dev.shadowpipeline.shadow.record.RecordFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka sink against a real single-node KRaft broker on loopback: what it sends, a topic that is missing, brokers
 * that are not there at the start, and a broker stopped under a serving proxy.
 */
class KafkaRecordSinkTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final RecordFormat FORMAT =
      new RecordFormat(new HeaderRedactor(List.of()), MAPPER, 1 << 20);

  @TempDir static Path logs;
  static TestBroker broker;
  static Vertx vertx;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start(logs);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void sendsEachRecordAsItsLineOfTheRecordsFileKeyedByItsInput(@TempDir Path dir) throws Exception {
    broker.createTopic("lines", 3);
    KafkaAddress address = broker.address("lines");
    KafkaRecordSink sink =
        KafkaRecordSink.start(address, KafkaSettings.DEFAULTS, KafkaRecordSink.Mode.LIVE);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    sink.bindTo(registry);
    Path file = dir.resolve("records.jsonl");
    List<RecordConsumer> consumers = List.of(JsonlRecordSink.open(file, FORMAT), sink);
    try (RecordFanout fanout = new RecordFanout(FORMAT, consumers)) {
      for (int i = 0; i < 30; i++) {
        fanout.accept(TestRecords.record(i % 10, Instant.now(), 100)); // each input three times
      }
    }
    assertThat(sink.sent()).isEqualTo(30);
    assertThat(sink.droppedTotal()).isZero();
    assertThat(registry.get("shadow.sink.sent").tag("topic", "lines").functionCounter().count())
        .isEqualTo(30.0);

    List<String> lines = Files.readAllLines(file);
    List<ConsumerRecord<byte[], byte[]>> messages = readAll(address, 30);
    List<String> values = new ArrayList<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> m : messages) {
      String value = new String(m.value(), StandardCharsets.UTF_8);
      values.add(value);
      JsonNode record = MAPPER.readTree(value);
      // keyed by the input: the copies of one input land in one partition
      assertThat(new String(m.key(), StandardCharsets.UTF_8))
          .isEqualTo(record.get("input_key").asText());
      Integer before = partitionOfKey.putIfAbsent(record.get("input_key").asText(), m.partition());
      assertThat(before == null ? m.partition() : before).isEqualTo(m.partition());
      assertThat(RecordMessages.version(m.headers())).isEqualTo(RecordMessages.VERSION);
    }
    // byte for byte the lines of records.jsonl, each once
    assertThat(values).containsExactlyInAnyOrderElementsOf(lines);
  }

  @Test
  void aMissingTopicIsOneClearErrorUnlessItMayBeCreated() throws Exception {
    KafkaRecordSink refused =
        KafkaRecordSink.start(
            broker.address("not-there"), KafkaSettings.DEFAULTS, KafkaRecordSink.Mode.LIVE);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> refused.delivery() == KafkaRecordSink.Delivery.TOPIC_MISSING);
      ObjectNode record = TestRecords.record(1, Instant.now(), 10);
      for (int i = 0; i < 5; i++) {
        refused.acceptLine(record, FORMAT.line(record));
      }
      assertThat(refused.dropped(KafkaRecordSink.DropReason.TOPIC_MISSING)).isEqualTo(5);
      ObjectNode state = refused.stateJson();
      assertThat(state.get("state").asText()).isEqualTo("topic_missing");
      assertThat(state.get("problem").asText())
          .contains("topic 'not-there' does not exist on " + broker.bootstrap())
          .contains("create-topic: true");
      assertThat(refused.delivering()).isFalse();
    } finally {
      refused.close();
    }

    KafkaSettings create = KafkaSettings.DEFAULTS.withCreateTopic(true);
    create =
        new KafkaSettings(
            create.securityProtocol(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            4,
            (short) 1,
            create.bufferBytes(),
            "lz4",
            create.deliveryTimeout());
    KafkaRecordSink creating =
        KafkaRecordSink.start(broker.address("made-here"), create, KafkaRecordSink.Mode.LIVE);
    try {
      ObjectNode record = TestRecords.record(2, Instant.now(), 10);
      creating.acceptLine(record, FORMAT.line(record));
      await().atMost(Duration.ofSeconds(30)).until(() -> creating.sent() == 1);
      assertThat(creating.delivering()).isTrue();
    } finally {
      creating.close();
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
      assertThat(
              admin
                  .describeTopics(List.of("made-here"))
                  .allTopicNames()
                  .get()
                  .get("made-here")
                  .partitions())
          .hasSize(4);
    }
  }

  @Test
  void brokersAwayAtTheStartNeverHoldTheWorkerAndTheBufferIsBoundedInBytes() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // nothing listens there once the probe is closed
    }
    KafkaAddress nowhere = KafkaAddress.parse("kafka://127.0.0.1:" + closedPort + "/records");
    long bufferBytes = 16 << 10;
    KafkaRecordSink sink =
        KafkaRecordSink.start(
            nowhere,
            KafkaSettings.DEFAULTS.withBufferBytes(bufferBytes),
            KafkaRecordSink.Mode.LIVE);
    try {
      ObjectNode record = TestRecords.record(3, Instant.now(), 1000);
      byte[] line = FORMAT.line(record);
      for (int i = 0; i < 200; i++) {
        sink.acceptLine(record, line); // returns at once: the broker is not waited for
        assertThat(sink.bufferedBytes()).isLessThanOrEqualTo(bufferBytes);
      }
      long each = line.length + "key-3".length() + KafkaRecordSink.RECORD_OVERHEAD_BYTES;
      long fit = bufferBytes / each;
      assertThat(sink.dropped(KafkaRecordSink.DropReason.BUFFER_FULL)).isEqualTo(200 - fit);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.delivery() == KafkaRecordSink.Delivery.UNREACHABLE);
      ObjectNode state = sink.stateJson();
      assertThat(state.get("state").asText()).isEqualTo("unreachable");
      assertThat(Instant.parse(state.get("unreachable_since").asText()))
          .isBeforeOrEqualTo(Instant.now());
      assertThat(state.get("dropped").get("buffer_full").asLong()).isEqualTo(200 - fit);
      assertThat(state.get("target").asText()).isEqualTo(nowhere.toString());
    } finally {
      sink.close();
    }
    // the records still buffered when the sink closed count as closed: every record is accounted
    // for
    assertThat(sink.sent() + sink.droppedTotal()).isEqualTo(200);
  }

  @Test
  void aBrokerStoppedUnderAServingProxyCostsRecordsNotCallers(@TempDir Path dir) throws Exception {
    broker.createTopic("served", 1);
    KafkaAddress address = broker.address("served");
    KafkaSettings settings =
        KafkaSettings.DEFAULTS.withBufferBytes(64 << 10).withDeliveryTimeout(Duration.ofSeconds(3));
    KafkaRecordSink sink = KafkaRecordSink.start(address, settings, KafkaRecordSink.Mode.LIVE);
    try (ModelServer primary = ModelServer.start(vertx, id -> false);
        ModelServer shadow = ModelServer.start(vertx, id -> id % 5 == 0)) {
      ShadowProxy proxy =
          ShadowProxy.builder(
                  ProxyConfig.builder(primary.url(), shadow.url())
                      .host("127.0.0.1")
                      .port(0)
                      .adminPort(0)
                      .outDir(dir)
                      .eventLoops(2)
                      .build())
              .consumers(List.of(sink))
              .start();
      int calls = 0;
      try {
        for (int i = 0; i < 20; i++) {
          assertThat(Callers.predict(proxy.port(), calls++).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.sent() == 20);
        JsonNode health = MAPPER.readTree(Callers.admin(proxy.adminPort(), "/health"));
        assertThat(health.get("status").asText()).isEqualTo("up");
        assertThat(health.get("sinks").get(0).get("state").asText()).isEqualTo("connected");

        broker.stop();
        // callers are served by the primary as before, every one of them
        for (int i = 0; i < 200; i++) {
          int id = calls++;
          HttpResponse<String> answer = Callers.predict(proxy.port(), id);
          assertThat(answer.statusCode()).isEqualTo(200);
          assertThat(MAPPER.readTree(answer.body()).get("decision").asText())
              .isEqualTo(id % 2 == 0 ? "approve" : "reject");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.droppedTotal() > 0);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    MAPPER
                        .readTree(Callers.admin(proxy.adminPort(), "/health"))
                        .get("sinks")
                        .get(0)
                        .get("state")
                        .asText()
                        .equals("unreachable"));
        JsonNode down = MAPPER.readTree(Callers.admin(proxy.adminPort(), "/health"));
        assertThat(down.get("status").asText()).isEqualTo("degraded");
        JsonNode state = down.get("sinks").get(0);
        assertThat(state.get("target").asText()).isEqualTo(address.toString());
        assertThat(state.hasNonNull("unreachable_since")).isTrue();
        assertThat(state.get("dropped_total").asLong()).isPositive();
        String metrics = Callers.admin(proxy.adminPort(), "/metrics");
        assertThat(metrics).contains("shadow_sink_dropped_total{");
        assertThat(metrics).contains("shadow_sink_connected{sink=\"kafka\",topic=\"served\"} 0.0");

        broker.restart();
        long before = sink.sent();
        // sending resumes when the broker is back
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  Callers.predict(proxy.port(), 1_000_000);
                  return sink.sent() > before && sink.delivering();
                });
      } finally {
        proxy.close(); // closes the sink after the record queue
      }
      // every record written to records.jsonl was either acknowledged by the broker or dropped and
      // counted
      long recorded = Files.readAllLines(dir.resolve("records.jsonl")).size();
      assertThat(sink.sent() + sink.droppedTotal()).isEqualTo(recorded);
      assertThat(recorded).isEqualTo(proxy.summary().requests());
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaAddress address, int expected) {
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.consumer(address, KafkaSettings.DEFAULTS, "test-reader", null)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(address.topic())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return all.size() >= expected;
              });
    }
    return all;
  }
}
