package dev.shadowpipeline.shadow.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends judgements to {@code judgements.jsonl} on its own thread: {@link #offer} never blocks (the judge's event loop
 * calls it) and drops, counting, when the queue holds its most lines or bytes. A write that fails is logged once and
 * counted; the judge goes on.
 */
final class JudgementWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JudgementWriter.class);
  private static final int QUEUE_LINES = 1_024;
  private static final long QUEUE_BYTES = 8L * 1024 * 1024;

  private record Line(String json, long bytes) {}

  private final Path file;
  private final ObjectMapper mapper;
  private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
  private final ByteBudget bytes = new ByteBudget("judgements-queue-bytes", QUEUE_BYTES);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private final Writer out;
  private volatile boolean stopping;

  /**
   * Opens the file for appending (creating it) and starts the writer thread. A file that ends in the middle of a
   * line gets a newline first.
   */
  JudgementWriter(Path file, ObjectMapper mapper) throws IOException {
    this.file = file;
    this.mapper = mapper;
    boolean midLine = endsMidLine(file);
    this.out =
        new BufferedWriter(
            Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE));
    if (midLine) {
      // a run cut short can leave half a line: glued to it, the first new line would be lost with
      // it; on a line of its own, the half line stays one unreadable line, skipped as such
      out.write('\n');
    }
    this.thread = new Thread(this::run, "shadow-judgements");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private static boolean endsMidLine(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      return channel.read(last, size - 1) == 1 && last.get(0) != '\n';
    }
  }

  /** Queues a line; {@code false} (counted) when the queue is full. */
  boolean offer(Judgement j) {
    return offer(j.toJson());
  }

  private boolean offer(ObjectNode node) {
    String json = node.toString();
    long size = 2L * json.length() + 64;
    if (stopping || !bytes.tryReserve(size)) {
      dropped.incrementAndGet();
      return false;
    }
    if (!queue.offer(new Line(json, size))) {
      bytes.release(size);
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Lines dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Lines that could not be written. */
  long failed() {
    return failed.get();
  }

  private void run() {
    while (true) {
      Line next;
      try {
        next = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        next = queue.poll();
      }
      if (next == null) {
        if (stopping) {
          break;
        }
        flush();
        continue;
      }
      try {
        out.write(next.json());
        out.write('\n');
      } catch (IOException e) {
        if (failed.getAndIncrement() == 0) {
          log.error("cannot write {}: {}", file, e.toString());
        }
      } finally {
        bytes.release(next.bytes());
      }
    }
    flush();
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      if (failed.getAndIncrement() == 0) {
        log.error("cannot write {}: {}", file, e.toString());
      }
    }
  }

  /**
   * Writes what is queued and the run's skipped counts, then closes the file.
   *
   * @param skipped the pairs this run did not send to the judge, by reason
   */
  void close(Map<String, Long> skipped, Duration timeout) {
    ObjectNode line = mapper.createObjectNode();
    ObjectNode counts = line.putObject("skipped");
    skipped.forEach(counts::put);
    offer(line);
    stopping = true;
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("{} lines of {} were not written in time", queue.size(), file);
      thread.interrupt();
    }
    try {
      out.close();
    } catch (IOException e) {
      log.error("cannot close {}: {}", file, e.toString());
    }
  }

  @Override
  public void close() {
    close(Map.of(), Duration.ofSeconds(10));
  }
}
