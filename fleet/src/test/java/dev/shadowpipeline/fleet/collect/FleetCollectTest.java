package dev.shadowpipeline.fleet.collect;

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
import dev.shadowpipeline.fleet.kafka.KafkaSettings;
import dev.shadowpipeline.fleet.kafka.RecordMessages;
import dev.shadowpipeline.fleet.read.TopicReader;
import dev.shadowpipeline.fleet.sink.KafkaRecordSink;
import dev.shadowpipeline.shadow.capture.CaptureSettings;
import dev.shadowpipeline.shadow.proxy.ProxyConfig;
import dev.shadowpipeline.shadow.proxy.ShadowProxy;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.store.ComparisonWindow;
import dev.shadowpipeline.store.Store;
import dev.shadowpipeline.store.StoreOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two proxies send their records to one topic of a real KRaft broker; one collector builds one suite, summary and set
 * of history windows whose counts are the sum of both — also when it crashes mid-stream and is started again, and
 * with messages on the topic that are not records.
 */
class FleetCollectTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path logs;
  static TestBroker broker;
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start(logs);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void oneCollectorKeepsTheSumOfTwoProxiesThroughACrash(@TempDir Path dir) throws Exception {
    broker.createTopic("fleet", 3);
    KafkaAddress topic = broker.address("fleet");
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (ModelServer primary = ModelServer.start(vertx, id -> false);
        // the shadow turns every fifth decision around: those inputs go to the suite
        ModelServer shadow = ModelServer.start(vertx, id -> id % 5 == 0)) {
      KafkaRecordSink sinkA =
          KafkaRecordSink.start(topic, KafkaSettings.DEFAULTS, KafkaRecordSink.Mode.LIVE);
      KafkaRecordSink sinkB =
          KafkaRecordSink.start(topic, KafkaSettings.DEFAULTS, KafkaRecordSink.Mode.LIVE);
      ShadowProxy a = proxy(primary, shadow, dir.resolve("a"), sinkA);
      ShadowProxy b = proxy(primary, shadow, dir.resolve("b"), sinkB);
      Path out = dir.resolve("collected");
      CollectorOptions options =
          new CollectorOptions(
              topic,
              KafkaSettings.DEFAULTS,
              "fleet-test",
              out,
              CaptureSettings.defaults(1e-6, List.of(), List.of()),
              Duration.ofHours(1), // the report on stop only
              Duration.ofHours(1), // checkpoints when the test asks
              CollectorOptions.DEFAULT_WINDOW_GRACE,
              dir.resolve("history.db").toString(),
              "fleet",
              Map.of(),
              Clock.systemUTC());
      try {
        call(a, 0, 30);
        call(b, 100, 120);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sinkA.sent() == 30 && sinkB.sent() == 20);
        List<String> garbage = putGarbage(topic);

        Collector first = Collector.open(options);
        Future<?> running = runner.submit(() -> runQuietly(first));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> first.stats().collected() == 50 && first.stats().skipped() == 4);
        // each message that is not a record is named by where it is
        assertThat(first.stats().skippedListed()).hasSize(4);
        for (int i = 0; i < 4; i++) {
          assertThat(first.stats().skippedListed())
              .anySatisfy(line -> assertThat(line).startsWith("fleet/"));
        }
        assertThat(String.join("\n", first.stats().skippedListed()))
            .contains("not JSON")
            .contains("no verdict")
            .contains("newer format (version 99");
        first.requestCheckpoint();
        await().atMost(Duration.ofSeconds(30)).until(() -> first.stats().checkpoints() >= 1);

        // more records after the checkpoint, and one record put on the topic a second time
        call(a, 30, 45);
        call(b, 120, 130);
        resend(topic, firstLine(a));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> first.stats().collected() == 75 && first.stats().duplicates() == 1);
        first.halt(); // a crash: no checkpoint, no suite, no report
        running.get(30, TimeUnit.SECONDS);
        assertThat(Files.readAllLines(out.resolve(Collector.RECORDS_FILE))).hasSize(75);

        // the fleet goes on while the collector is down
        call(a, 45, 60);
        call(b, 130, 140);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sinkA.sent() == 60 && sinkB.sent() == 40);

        Collector second = Collector.open(options);
        // the log is cut back to the checkpoint: the 25 records after it come again from the topic
        assertThat(second.stats().rebuilt()).isEqualTo(50);
        running = runner.submit(() -> runQuietly(second));
        await().atMost(Duration.ofSeconds(60)).until(() -> second.summary().requests() == 100);
        second.stop();
        running.get(60, TimeUnit.SECONDS);
        // the record put on the topic twice came after the checkpoint: known again by its id
        assertThat(second.stats().duplicates()).isEqualTo(1);
        assertThat(second.stats().collected()).isEqualTo(50);
        assertThat(second.stats().skipped()).isZero(); // the garbage came before the checkpoint
        assertThat(garbage).hasSize(4);
      } finally {
        a.close();
        b.close();
      }

      // the collection is the union of both proxies' records, each once
      List<String> collected = Files.readAllLines(out.resolve(Collector.RECORDS_FILE));
      Set<String> ids = new HashSet<>();
      for (String line : collected) {
        ids.add(MAPPER.readTree(line).get("id").asText());
      }
      Set<String> expected = new HashSet<>(ids(dir.resolve("a")));
      expected.addAll(ids(dir.resolve("b")));
      assertThat(collected).hasSize(100);
      assertThat(ids).isEqualTo(expected);

      // one summary: the sum of both proxies' own
      JsonNode summary = MAPPER.readTree(out.resolve("summary.json").toFile());
      var sumA = a.summary();
      var sumB = b.summary();
      assertThat(sumA.requests() + sumB.requests()).isEqualTo(100);
      assertThat(summary.get("requests").asLong()).isEqualTo(100);
      assertThat(summary.get("matches").asLong()).isEqualTo(sumA.matches() + sumB.matches());
      assertThat(sumA.matches() + sumB.matches())
          .isEqualTo(80); // 20 of the 100 ids are multiples of 5
      assertThat(Files.exists(out.resolve("report.html"))).isTrue();
      // what was skipped, over the whole collection: the garbage came before the crash's
      // checkpoint, the duplicate after it (read again, counted once)
      JsonNode collect = summary.get("collect");
      assertThat(collect.get("skipped").asLong()).as(collect.toString()).isEqualTo(4);
      assertThat(collect.get("duplicates").asLong()).as(collect.toString()).isEqualTo(1);
      assertThat(collect.get("topic").asText()).isEqualTo(topic.toString());

      // one suite: every diverging input of both proxies
      Set<String> diverging = new HashSet<>(divergingKeys(dir.resolve("a")));
      diverging.addAll(divergingKeys(dir.resolve("b")));
      RegressionSuite suite =
          RegressionSuite.read(out.resolve(RegressionSuite.FILE), Integer.MAX_VALUE, MAPPER);
      assertThat(diverging).hasSize(20);
      assertThat(suite.size()).isEqualTo(diverging.size());

      // the history windows add up to the same 100 pairs
      try (Store store =
          Store.open(
              dir.resolve("history.db").toString(), StoreOptions.fromEnvironment(Map.of()))) {
        List<ComparisonWindow> windows =
            store.windows(Instant.EPOCH, Instant.now().plus(Duration.ofHours(1)));
        assertThat(windows.stream().mapToLong(ComparisonWindow::requests).sum()).isEqualTo(100);
        assertThat(windows.stream().mapToLong(ComparisonWindow::matches).sum()).isEqualTo(80);
      }

      // a one-off read of the topic finds the same 100 records, skipping the garbage and the
      // duplicate
      ComparisonAggregator once = new ComparisonAggregator();
      TopicReader.Result read =
          new TopicReader(topic, KafkaSettings.DEFAULTS, Duration.ofSeconds(30))
              .read(null, null, once);
      assertThat(read.records()).isEqualTo(100);
      assertThat(read.skipped()).isEqualTo(4);
      assertThat(read.duplicates()).isEqualTo(1);
      assertThat(once.summary().matches()).isEqualTo(80);
      // a range after every record holds none of them
      TopicReader.Result none =
          new TopicReader(topic, KafkaSettings.DEFAULTS, Duration.ofSeconds(30))
              .read(Instant.now().plus(Duration.ofHours(1)), null, new ComparisonAggregator());
      assertThat(none.records()).isZero();
    } finally {
      runner.shutdownNow();
    }
  }

  @Test
  void aRecordFromTheFutureClosesNoWindowEarly(@TempDir Path dir) throws Exception {
    broker.createTopic("skewed", 1);
    KafkaAddress topic = broker.address("skewed");
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    // one producer's clock a day ahead, its record first; then an hour of records, more than one
    // poll takes, so that the partition is still catching up when the first batch is done
    List<ObjectNode> records = new ArrayList<>();
    records.add(TestRecords.record(0, now.plus(Duration.ofDays(1)), 10));
    Instant start = now.minus(Duration.ofHours(1));
    for (int i = 1; i <= 1200; i++) {
      records.add(TestRecords.record(i, start.plusSeconds(3L * (i - 1)), 10));
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", topic.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (ObjectNode record : records) {
        ProducerRecord<byte[], byte[]> message =
            new ProducerRecord<>(topic.topic(), MAPPER.writeValueAsBytes(record));
        RecordMessages.mark(message.headers());
        acks.add(producer.send(message));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
    CollectorOptions options =
        new CollectorOptions(
            topic,
            KafkaSettings.DEFAULTS,
            "skewed-test",
            dir.resolve("collected"),
            CaptureSettings.defaults(1e-6, List.of(), List.of()),
            Duration.ofHours(1),
            Duration.ofHours(1),
            CollectorOptions.DEFAULT_WINDOW_GRACE,
            dir.resolve("history.db").toString(),
            "fleet",
            Map.of(),
            Clock.fixed(now, ZoneOffset.UTC));
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Collector collector = Collector.open(options);
      Future<?> running = runner.submit(() -> runQuietly(collector));
      await().atMost(Duration.ofSeconds(60)).until(() -> collector.stats().collected() == 1201);
      collector.stop();
      running.get(60, TimeUnit.SECONDS);
      // the hour of records came in time for its windows: the future record moved no watermark
      assertThat(collector.stats().lateForWindows()).isZero();
    } finally {
      runner.shutdownNow();
    }
    try (Store store =
        Store.open(dir.resolve("history.db").toString(), StoreOptions.fromEnvironment(Map.of()))) {
      List<ComparisonWindow> windows = store.windows(Instant.EPOCH, now.plus(Duration.ofDays(2)));
      assertThat(windows.stream().mapToLong(ComparisonWindow::requests).sum()).isEqualTo(1201);
    }
  }

  @Test
  void theSummaryAndTheReportAreReplacedTogether(@TempDir Path dir) throws Exception {
    broker.createTopic("together", 1);
    KafkaAddress topic = broker.address("together");
    resend(topic, MAPPER.writeValueAsString(TestRecords.record(1, Instant.now(), 10)));
    Path out = dir.resolve("collected");
    CollectorOptions options =
        new CollectorOptions(
            topic,
            KafkaSettings.DEFAULTS,
            "together-test",
            out,
            CaptureSettings.defaults(1e-6, List.of(), List.of()),
            Duration.ofHours(1),
            Duration.ofHours(1),
            CollectorOptions.DEFAULT_WINDOW_GRACE,
            null,
            "fleet",
            Map.of(),
            Clock.systemUTC());
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Collector collector = Collector.open(options);
      Future<?> running = runner.submit(() -> runQuietly(collector));
      await().atMost(Duration.ofSeconds(60)).until(() -> collector.stats().collected() == 1);
      // report.html's place taken while running: the report on stop cannot be put in place, and
      // then neither is summary.json, rather than a summary newer than its report
      Files.createDirectories(out.resolve("report.html"));
      collector.stop();
      running.get(60, TimeUnit.SECONDS);
    } finally {
      runner.shutdownNow();
    }
    assertThat(out.resolve("summary.json")).doesNotExist();
    assertThat(Files.readAllLines(out.resolve(Collector.RECORDS_FILE))).hasSize(1);
  }

  private static ShadowProxy proxy(
      ModelServer primary, ModelServer shadow, Path out, KafkaRecordSink sink) throws Exception {
    return ShadowProxy.builder(
            ProxyConfig.builder(primary.url(), shadow.url())
                .host("127.0.0.1")
                .port(0)
                .adminPort(-1)
                .outDir(out)
                .eventLoops(1)
                .build())
        .consumers(List.of(sink))
        .start();
  }

  private static void call(ShadowProxy proxy, int from, int to) throws Exception {
    for (int id = from; id < to; id++) {
      assertThat(Callers.predict(proxy.port(), id).statusCode()).isEqualTo(200);
    }
    // every pair is recorded before the test goes on
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.summary().requests() >= to - from);
  }

  private static void runQuietly(Collector collector) {
    try {
      collector.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // what other producers might put on the topic: no JSON, JSON cut short, JSON that is not a
  // record, a record of a newer format
  private static List<String> putGarbage(KafkaAddress topic) throws Exception {
    List<String> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", topic.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (String value :
          List.of(
              "plain text, not JSON", "{\"id\": \"x\", \"verdict\": {\"mat", "{\"hello\": 1}")) {
        producer
            .send(new ProducerRecord<>(topic.topic(), value.getBytes(StandardCharsets.UTF_8)))
            .get();
        sent.add(value);
      }
      String future = "{\"id\": \"from-the-future\", \"verdict\": {\"match\": true}}";
      ProducerRecord<byte[], byte[]> newer =
          new ProducerRecord<>(topic.topic(), future.getBytes(StandardCharsets.UTF_8));
      newer.headers().add(RecordMessages.VERSION_HEADER, "99".getBytes(StandardCharsets.US_ASCII));
      producer.send(newer).get();
      sent.add(future);
    }
    return sent;
  }

  private static void resend(KafkaAddress topic, String line) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", topic.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      ProducerRecord<byte[], byte[]> again =
          new ProducerRecord<>(topic.topic(), line.getBytes(StandardCharsets.UTF_8));
      RecordMessages.mark(again.headers());
      producer.send(again).get();
    }
  }

  private static String firstLine(ShadowProxy proxy) throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(proxy.recordsFile()) > 0);
    return Files.readAllLines(proxy.recordsFile()).get(0);
  }

  private static List<String> ids(Path proxyOut) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(proxyOut.resolve("records.jsonl"))) {
      ids.add(MAPPER.readTree(line).get("id").asText());
    }
    return ids;
  }

  private static List<String> divergingKeys(Path proxyOut) throws Exception {
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(proxyOut.resolve("records.jsonl"))) {
      JsonNode r = MAPPER.readTree(line);
      if (!r.get("verdict").get("match").asBoolean()) {
        keys.add(r.get("input_key").asText());
      }
    }
    return keys;
  }
}
