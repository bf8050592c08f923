package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON object per line to a file ({@code records.jsonl}). Existing records are kept: the file is only
 * ever appended to, and a line a crashed run left half-written is closed off so the next record starts clean.
 */
public final class JsonlRecordSink implements ExchangeSink, RecordLineConsumer {

  private final Path file;
  private final FileChannel channel;
  private final OutputStream out;
  private final RecordFormat format;

  private JsonlRecordSink(Path file, FileChannel channel, RecordFormat format) {
    this.file = file;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    this.format = format;
  }

  /** Opens (creating if needed) the file for appending; records are written as {@code format} serializes them. */
  public static JsonlRecordSink open(Path file, RecordFormat format) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean unterminated = endsMidLine(file);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      if (unterminated) {
        channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new JsonlRecordSink(file, channel, format);
  }

  private static boolean endsMidLine(Path file) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = read.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      read.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  @Override
  public void accept(ComparedExchange exchange) throws IOException {
    accept(format.toJson(exchange));
  }

  @Override
  public void accept(ObjectNode record) throws IOException {
    // serialized whole before writing, so a failure mid-serialization never leaves half a line
    // behind
    acceptLine(record, format.line(record));
  }

  @Override
  public void acceptLine(ObjectNode record, byte[] line) throws IOException {
    out.write(line);
    out.write('\n');
  }

  /**
   * Makes every line accepted so far durable on disk (written and fsynced), not only handed to the OS as
   * {@link #flush()} does: for a reader of a log that may acknowledge its position only once the lines are safe.
   */
  public void sync() throws IOException {
    out.flush();
    channel.force(false);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try (channel) {
      out.flush();
      channel.force(false);
    }
  }

  /** The file written to. */
  public Path file() {
    return file;
  }

  @Override
  public String toString() {
    return "records file " + file;
  }
}
