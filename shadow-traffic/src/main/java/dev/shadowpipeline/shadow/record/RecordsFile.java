package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads {@code records.jsonl} back, one record at a time. A line that is not a JSON object (say, the half line a
 * crash left), or an object that cannot be a record ({@link RecordCheck}: a verdict of {@code null}, a match beside
 * critical differences, a negative latency), is skipped and reported with its number; reading goes on.
 */
public final class RecordsFile {

  /** Bad lines listed in the result; more are counted. */
  public static final int MAX_LISTED = 20;

  /**
   * What reading found.
   *
   * @param records records handed on
   * @param badLines lines skipped
   * @param problems the first few skipped lines, as "line N: why"
   * @param duplicates records skipped because an earlier record has their {@code id} (not in {@code records})
   * @param firstDuplicate the first such id, or null
   * @param duplicatesPartial whether the ids grew past their memory bound, so that later repeats went unseen
   */
  public record ReadStats(
      long records,
      long badLines,
      List<String> problems,
      long duplicates,
      String firstDuplicate,
      boolean duplicatesPartial) {
    public ReadStats {
      problems = List.copyOf(problems);
    }

    /** What reading found in a file without repeated ids. */
    public ReadStats(long records, long badLines, List<String> problems) {
      this(records, badLines, problems, 0, null, false);
    }

    /**
     * What a warning says of the records skipped as repeats, or empty when there were none: {@code 60 records repeat
     * the id of an earlier record (first: 01a2...) and were counted once}.
     */
    public Optional<String> duplicatesWarning() {
      if (duplicates == 0 && !duplicatesPartial) {
        return Optional.empty();
      }
      String partial =
          duplicatesPartial
              ? "repeats were looked for among the ids of the first records only: their memory is"
                  + " bounded"
              : "";
      if (duplicates == 0) {
        return Optional.of(partial);
      }
      return Optional.of(
          (duplicates == 1 ? "1 record repeats" : duplicates + " records repeat")
              + " the id of an earlier record and "
              + (duplicates == 1 ? "was" : "were")
              + " skipped, so each pair counts once (first: "
              + firstDuplicate
              + ")"
              + (partial.isEmpty() ? "" : "; " + partial));
    }

    /**
     * Why no record could be read from {@code file} when every line was skipped, in the words every command uses
     * ({@code no record could be read from F: all 477 of its lines are unreadable (line 1: not JSON: ...)}); empty
     * when a record was read or the file had no line to skip.
     */
    public Optional<String> unreadableThroughout(Path file) {
      if (records > 0 || badLines == 0) {
        return Optional.empty();
      }
      return Optional.of(unreadable(file, badLines, problems));
    }
  }

  /**
   * Why a records file of no readable line gives nothing to read: {@code no record could be read from FILE: all 13 of
   * its lines are unreadable (line 1: ...)}, with the first problem found.
   */
  public static String unreadable(Path file, long badLines, List<String> problems) {
    if (gzipped(file)) {
      // its lines are compressed bytes: "not JSON: Illegal character (CTRL-CHAR, code 31)" says
      // nothing of why
      return "no record could be read from "
          + file
          + ": it is gzip-compressed; decompress it first (gunzip -k "
          + file
          + "): a records file is read in place, on all cores";
    }
    return "no record could be read from "
        + file
        + (badLines == 1
            ? ": its one line is unreadable ("
            : ": all " + badLines + " of its lines are unreadable (")
        + (problems.isEmpty() ? "" : problems.get(0))
        + ")";
  }

  private RecordsFile() {}

  private static boolean gzipped(Path file) {
    try {
      return Gzipped.is(file);
    } catch (IOException e) {
      return false; // the message says what the lines were
    }
  }

  /** Bytes parsed per task: large enough to amortize the hand-off, small enough to keep memory bounded. */
  static final int CHUNK = 4 << 20;

  /**
   * Streams every record of the file to {@code consumer}, in file order; a record whose {@code id} repeats an earlier
   * record's is skipped and counted ({@link ReadStats#duplicates()}), so that each pair counts once. Lines are parsed on all cores, in batches
   * of {@value #CHUNK} bytes with a few chunks ahead at most, so memory stays bounded whatever the file's size; the
   * consumer is called from this thread only.
   *
   * @throws IOException when the file cannot be read or a consumer fails
   */
  public static ReadStats read(Path file, ObjectMapper mapper, RecordConsumer consumer)
      throws IOException {
    return readOncePerId(file, mapper, consumer, Reading.WHOLE);
  }

  /**
   * Like {@link #read}, but the records of pairs that agreed come without their bodies and headers (the request,
   * and the {@code body} and {@code headers} of both sides): enough for aggregates and the regression suite, which
   * read bodies of diverging pairs only, and about half the parsing work. Diverging records are read whole.
   *
   * <p>Chunks are read by {@link RecordScanner} straight from their bytes, which builds the same records as Jackson
   * and hands Jackson whatever it is not sure of; {@code -Dshadow.records.scanner=false} reads them with Jackson
   * alone (for benchmarks and tests that compare the two; the results are the same).
   */
  public static ReadStats readForSummary(Path file, ObjectMapper mapper, RecordConsumer consumer)
      throws IOException {
    boolean jacksonOnly =
        "false".equals(System.getProperty(SCANNER_PROPERTY)) || !RecordScanner.readsAs(mapper);
    return readOncePerId(file, mapper, consumer, jacksonOnly ? Reading.LEAN : Reading.SCANNED);
  }

  /** The system property that, set to {@code false}, turns the byte scanner off. */
  static final String SCANNER_PROPERTY = "shadow.records.scanner";

  /**
   * How records are read: whole; lean (see {@link #readForSummary}) by Jackson; or lean by the byte scanner
   * ({@link RecordScanner}), which hands what it is not sure of to Jackson.
   */
  enum Reading {
    WHOLE,
    LEAN,
    SCANNED
  }

  /**
   * Reads every record, a repeat of an earlier record's id included: the parsing alone, which tests of the readers
   * compare.
   */
  static ReadStats read(Path file, ObjectMapper mapper, RecordConsumer consumer, Reading reading)
      throws IOException {
    return readStaged(file, mapper, staged(consumer), effective(reading, mapper));
  }

  /** Reads as {@link #read(Path, ObjectMapper, RecordConsumer, Reading)}, handing on the first record of each id. */
  static ReadStats readOncePerId(
      Path file, ObjectMapper mapper, RecordConsumer consumer, Reading reading) throws IOException {
    return readOncePerId(file, mapper, staged(consumer), effective(reading, mapper));
  }

  private static Reading effective(Reading reading, ObjectMapper mapper) {
    return reading == Reading.SCANNED && !RecordScanner.readsAs(mapper) ? Reading.LEAN : reading;
  }

  private static StagedRecordConsumer<?> staged(RecordConsumer consumer) {
    if (consumer instanceof StagedRecordConsumer<?> staged) {
      return staged;
    }
    return new StagedRecordConsumer<ObjectNode>() {
      @Override
      public ObjectNode prepare(ObjectNode record) {
        return record;
      }

      @Override
      public void acceptPrepared(ObjectNode record) throws IOException {
        consumer.accept(record);
      }
    };
  }

  private static <T> ReadStats readOncePerId(
      Path file, ObjectMapper mapper, StagedRecordConsumer<T> consumer, Reading reading)
      throws IOException {
    FirstOfEachId<T> once =
        new FirstOfEachId<>(consumer, new RecordIdSet(RecordIdSet.DEFAULT_BUDGET_BYTES));
    ReadStats read = readStaged(file, mapper, once, reading);
    return new ReadStats(
        read.records() - once.duplicates,
        read.badLines(),
        read.problems(),
        once.duplicates,
        once.firstDuplicate,
        once.ids.partial());
  }

  private record Keyed<T>(String id, RecordIdSet.Key key, T prepared) {}

  /**
   * Hands on the first record of each id and skips the rest: a pair whose line appears twice (two copies of a file
   * concatenated) would otherwise be counted twice in every aggregate and in the gate's bounds.
   */
  private static final class FirstOfEachId<T> implements StagedRecordConsumer<Keyed<T>> {
    private final StagedRecordConsumer<T> inner;
    private final RecordIdSet ids;
    private long duplicates;
    private String firstDuplicate;

    FirstOfEachId(StagedRecordConsumer<T> inner, RecordIdSet ids) {
      this.inner = inner;
      this.ids = ids;
    }

    @Override
    public Keyed<T> prepare(ObjectNode record) {
      // the key is hashed here, on the parser threads; only the look-up runs in record order
      JsonNode node = record.get("id");
      String id = node != null && node.isTextual() ? node.textValue() : null;
      return new Keyed<>(id, RecordIdSet.key(id), inner.prepare(record));
    }

    @Override
    public void acceptPrepared(Keyed<T> record) throws IOException {
      if (ids.add(record.key())) {
        inner.acceptPrepared(record.prepared());
      } else {
        duplicates++;
        if (firstDuplicate == null) {
          firstDuplicate = record.id();
        }
      }
    }
  }

  private static <T> ReadStats readStaged(
      Path file, ObjectMapper mapper, StagedRecordConsumer<T> consumer, Reading reading)
      throws IOException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService parsers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "records-parser");
              t.setDaemon(true);
              return t;
            });
    Deque<Pending<T>> ahead = new ArrayDeque<>();
    // chunk buffers go back here once their records are folded: a gigabyte read reuses a few
    // buffers, which
    // the collector neither zeroes nor copies again and again
    Deque<byte[]> free = new ArrayDeque<>();
    long records = 0;
    long bad = 0;
    List<String> problems = new ArrayList<>();
    // this thread only cuts the file into chunks of whole lines; decoding and parsing happen on the
    // parser threads
    try (InputStream in = Files.newInputStream(file)) {
      byte[] carry = new byte[0];
      long nextLine = 1;
      boolean eof = false;
      while (!eof || !ahead.isEmpty()) {
        while (!eof && ahead.size() < threads * 2) {
          // exactly carry + CHUNK bytes are read whatever the buffer's size, so chunks end where
          // they always did
          int capacity = carry.length + CHUNK;
          byte[] buffer = free.isEmpty() ? null : free.poll();
          byte[] chunk = buffer != null && buffer.length >= capacity ? buffer : new byte[capacity];
          System.arraycopy(carry, 0, chunk, 0, carry.length);
          int filled = carry.length;
          int n;
          while (filled < capacity && (n = in.read(chunk, filled, capacity - filled)) > 0) {
            filled += n;
          }
          eof = filled < capacity;
          int end = eof ? filled : lastNewline(chunk, filled) + 1;
          if (end == 0) { // one line longer than a chunk: keep reading until it ends
            carry = java.util.Arrays.copyOf(chunk, filled);
            continue;
          }
          carry = java.util.Arrays.copyOfRange(chunk, end, filled);
          int length = end;
          ahead.add(
              new Pending<>(
                  parsers.submit(() -> parse(chunk, length, mapper, consumer, reading)), chunk));
        }
        if (ahead.isEmpty()) {
          break;
        }
        Pending<T> next = ahead.poll();
        Parsed<T> batch = await(next.parsed());
        free.add(next.chunk()); // parsing is done with its bytes: records hold copies
        for (T record : batch.records()) {
          consumer.acceptPrepared(record);
          records++;
        }
        bad += batch.bad();
        for (Problem p : batch.problems()) {
          if (problems.size() < MAX_LISTED) {
            problems.add("line " + (nextLine + p.line()) + ": " + p.message());
          }
        }
        nextLine += batch.lines();
      }
    } finally {
      parsers.shutdownNow();
    }
    return new ReadStats(records, bad, problems);
  }

  private record Pending<T>(Future<Parsed<T>> parsed, byte[] chunk) {}

  private static int lastNewline(byte[] chunk, int filled) {
    for (int i = filled - 1; i >= 0; i--) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  // eight bytes at a time: a byte of x ^ NEWLINES is zero exactly where a newline is, and the "has
  // zero byte" bit
  // trick marks each such byte with its high bit, without carries between bytes
  static long countLines(byte[] chunk, int end) {
    long lines = 0;
    int i = 0;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(chunk, i) ^ NEWLINES;
      long zeroes = ~(((x & LOW7) + LOW7) | x | LOW7);
      lines += Long.bitCount(zeroes);
    }
    for (; i < end; i++) {
      if (chunk[i] == '\n') {
        lines++;
      }
    }
    // a last line without its newline (end of file) is a line too
    return end > 0 && chunk[end - 1] != '\n' ? lines + 1 : lines;
  }

  private record Problem(long line, String message) {}

  /** A parsed chunk: what the consumer prepared, the bad lines (numbered from 0 in the chunk), the chunk's lines. */
  private record Parsed<T>(List<T> records, long bad, List<Problem> problems, long lines) {}

  // parsing and the consumer's pure part run here, on the parser threads, while the record is hot
  // in this core's cache
  private static <T> Parsed<T> parse(
      byte[] chunk,
      int length,
      ObjectMapper mapper,
      StagedRecordConsumer<T> consumer,
      Reading reading) {
    // numbers are most of a record's text; the fast double parser reads them exactly, several times
    // faster
    ObjectReader reader =
        mapper.reader().with(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    List<T> records = new ArrayList<>();
    if (reading == Reading.SCANNED) {
      RecordScanner scanner = new RecordScanner(chunk, length, reader);
      if (scanner.scan(consumer::prepare, records)) {
        return new Parsed<>(records, 0, List.of(), scanner.lines());
      }
      records.clear(); // not sure of the chunk: read the usual way, below
    }
    long lines = countLines(chunk, length);
    if (reading != Reading.WHOLE) {
      try (JsonParser p = reader.createParser(chunk, 0, length)) {
        JsonToken token;
        while ((token = p.nextToken()) != null) {
          if (token != JsonToken.START_OBJECT) {
            return parseLineByLine(chunk, length, reader, consumer, lines);
          }
          int start = (int) p.currentTokenLocation().getByteOffset();
          ObjectNode record = leanRecord(p);
          if (RecordCheck.problem(record) != null) {
            return parseLineByLine(chunk, length, reader, consumer, lines);
          }
          if (!record.path("verdict").path("match").asBoolean(false)) {
            int end = (int) p.currentLocation().getByteOffset();
            record =
                (ObjectNode) reader.readTree(chunk, start, end - start); // diverging: read whole
          }
          records.add(consumer.prepare(record));
        }
        return new Parsed<>(records, 0, List.of(), lines);
      } catch (IOException | RuntimeException e) {
        return parseLineByLine(chunk, length, reader, consumer, lines);
      }
    }
    // the usual case, every line a record: one parser reads them all as a sequence of root values
    try (MappingIterator<JsonNode> values =
        reader.forType(JsonNode.class).readValues(chunk, 0, length)) {
      while (values.hasNextValue()) {
        JsonNode node = values.nextValue();
        if (!(node instanceof ObjectNode object) || RecordCheck.problem(object) != null) {
          return parseLineByLine(chunk, length, reader, consumer, lines);
        }
        records.add(consumer.prepare(object));
      }
      return new Parsed<>(records, 0, List.of(), lines);
    } catch (IOException | RuntimeException e) {
      // a bad line somewhere: read the chunk again line by line, so each good line is kept and each
      // bad one named
      return parseLineByLine(chunk, length, reader, consumer, lines);
    }
  }

  private static <T> Parsed<T> parseLineByLine(
      byte[] chunk, int length, ObjectReader reader, StagedRecordConsumer<T> consumer, long lines) {
    List<T> records = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    long bad = 0;
    long line = 0;
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && chunk[end] != '\n') {
        end++;
      }
      int stop = end > start && chunk[end - 1] == '\r' ? end - 1 : end;
      if (!blank(chunk, start, stop)) {
        String problem;
        try {
          JsonNode node = reader.readTree(chunk, start, stop - start);
          if (node instanceof ObjectNode object) {
            problem = RecordCheck.problem(object);
            if (problem == null) {
              records.add(consumer.prepare(object));
            }
          } else {
            problem = "not a record (no verdict)";
          }
        } catch (JsonProcessingException e) {
          problem = "not JSON: " + JsonErrorText.of(e);
        } catch (IOException | RuntimeException e) {
          problem = "not a readable record: " + e.getMessage();
        }
        if (problem != null) {
          bad++;
          if (problems.size() < MAX_LISTED) {
            problems.add(new Problem(line, problem));
          }
        }
      }
      line++;
      start = end + 1;
    }
    return new Parsed<>(records, bad, problems, lines);
  }

  // a record without the parts only diverging pairs need: skipped token by token, never built as
  // nodes
  static ObjectNode leanRecord(JsonParser p) throws IOException {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("request")) {
        p.skipChildren();
      } else if ((name.equals("primary") || name.equals("shadow"))
          && value == JsonToken.START_OBJECT) {
        ObjectNode side = record.putObject(name);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("body") || field.equals("headers")) {
            p.skipChildren();
          } else {
            side.set(field, node(p));
          }
        }
      } else {
        record.set(name, node(p));
      }
    }
    return record;
  }

  // the value at the current token, built directly: ObjectReader.readTree sets up a deserialization
  // context per call,
  // which costs more than the values it reads here
  private static JsonNode node(JsonParser p) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = f.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          o.set(name, node(p));
        }
        yield o;
      }
      case START_ARRAY -> {
        com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(node(p));
        }
        yield a;
      }
      case VALUE_STRING -> f.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> f.numberNode(p.getIntValue());
            case LONG -> f.numberNode(p.getLongValue());
            default -> f.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> f.booleanNode(true);
      case VALUE_FALSE -> f.booleanNode(false);
      case VALUE_NULL -> f.nullNode();
      default ->
          throw new IOException("unexpected " + p.currentToken() + " at " + p.currentLocation());
    };
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private static <T> Parsed<T> await(Future<Parsed<T>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading records");
    } catch (ExecutionException e) {
      throw new IOException("could not parse records: " + e.getCause(), e.getCause());
    }
  }
}
