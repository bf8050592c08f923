package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.record.AtomicFile;
import dev.shadowpipeline.shadow.record.JsonErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The diverging inputs, one entry per distinct request, capped in entries and in bytes. When full, a new entry
 * replaces the least severe, least recently seen ones — or is not kept when it is less severe than everything already
 * kept, so a flood of minor divergences can never push out a critical one. Entries hold their bodies as JSON text, so
 * the byte cap bounds both the memory and the file; the file is written and read entry by entry, never built whole.
 *
 * <p>Not thread-safe: fed from one thread (the record worker, or a command's main loop).
 */
public final class RegressionSuite {

  /** The suite's file name in an output folder. */
  public static final String FILE = "regression_suite.json";

  /** The {@code format} a suite file's head names. */
  static final String FORMAT = "shadow-pipeline/regression-suite";

  /** The version of the suite file this code writes, and the only one it reads. */
  static final int VERSION = 1;

  /** Reasons kept per entry. */
  static final int MAX_REASONS = 5;

  private static final Comparator<SuiteEntry> EVICTION_ORDER =
      Comparator.comparing(SuiteEntry::severity)
          .thenComparing(SuiteEntry::lastSeen)
          .thenComparing(SuiteEntry::key);

  private final int maxEntries;
  private final long maxBytes;
  private final AtomicLong bytes =
      new AtomicLong(); // written by the one feeding thread, read by metrics scrapes
  private final Map<String, SuiteEntry> byKey = new HashMap<>();
  private final TreeSet<SuiteEntry> byEviction = new TreeSet<>(EVICTION_ORDER);
  private long evicted;
  private long rejected;

  /** An empty suite holding at most {@code maxEntries} entries, with no byte cap. */
  public RegressionSuite(int maxEntries) {
    this(maxEntries, Long.MAX_VALUE);
  }

  /** An empty suite holding at most {@code maxEntries} entries and {@code maxBytes} bytes of them. */
  public RegressionSuite(int maxEntries, long maxBytes) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the suite must hold at least 1 entry: " + maxEntries);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the suite must hold at least 1 byte: " + maxBytes);
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * Adds a diverging input, or counts it again when it is already in the suite.
   *
   * @return whether the suite changed
   */
  public boolean add(SuiteEntry incoming) {
    SuiteEntry existing = byKey.get(incoming.key());
    if (existing != null) {
      List<String> reasons = new ArrayList<>(incoming.reasons());
      for (String r : existing.reasons()) {
        if (reasons.size() >= MAX_REASONS) {
          break;
        }
        if (!reasons.contains(r)) {
          reasons.add(r);
        }
      }
      SuiteEntry merged =
          new SuiteEntry(
              existing.key(),
              existing.method(),
              existing.path(),
              existing.query(),
              incoming.requestJson(),
              incoming.primaryJson(),
              incoming.shadowJson(),
              Severity.max(existing.severity(), incoming.severity()),
              reasons,
              min(existing.firstSeen(), incoming.firstSeen()),
              max(existing.lastSeen(), incoming.lastSeen()),
              existing.count() + incoming.count(),
              incoming.recordId(),
              SuiteEntry.unionKeys(existing.differenceKeys(), incoming.differenceKeys()));
      remove(existing);
      insert(merged);
      return true; // changed either way: merged, or (when its larger answers no longer fit) given
      // up
    }
    return insert(incoming);
  }

  // makes room by evicting entries weaker than the newcomer; refuses it when the room would have to
  // come from
  // entries at least as strong, or when it is larger than the whole byte cap
  private boolean insert(SuiteEntry incoming) {
    long size = incoming.sizeBytes();
    if (size > maxBytes) {
      rejected++;
      return false;
    }
    while (byKey.size() >= maxEntries || bytes.get() + size > maxBytes) {
      SuiteEntry weakest = byEviction.first();
      if (EVICTION_ORDER.compare(incoming, weakest) < 0) {
        rejected++;
        return false;
      }
      remove(weakest);
      evicted++;
    }
    byKey.put(incoming.key(), incoming);
    byEviction.add(incoming);
    bytes.addAndGet(size);
    return true;
  }

  private void remove(SuiteEntry entry) {
    byEviction.remove(entry);
    byKey.remove(entry.key());
    bytes.addAndGet(-entry.sizeBytes());
  }

  /** Bytes of the entries kept (about their size in the file). */
  public long bytes() {
    return bytes.get();
  }

  /** The most bytes of entries kept. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Number of entries. */
  public int size() {
    return byKey.size();
  }

  /** Entries removed to make room for more severe or more recent ones. */
  public long evicted() {
    return evicted;
  }

  /** Entries not kept because the suite was full of more severe ones. */
  public long rejected() {
    return rejected;
  }

  /** The entries, most severe first, then most recently seen. */
  public List<SuiteEntry> entries() {
    List<SuiteEntry> list = new ArrayList<>(byEviction.descendingSet());
    return list;
  }

  /**
   * Writes the suite to {@code file} atomically, one entry per line, each copied from its stored JSON text: writing
   * needs no more memory than the largest entry.
   */
  public void write(Path file, ObjectMapper mapper) throws IOException {
    write(file, mapper, e -> true);
  }

  /**
   * Writes the entries {@code keep} accepts, as {@link #write(Path, ObjectMapper)} does; the others stay in the suite
   * (a later write may keep them). The noise baseline uses this: whether an entry's differences are noise is known
   * for sure only once every record is in.
   *
   * @return the number of entries written
   */
  public int write(Path file, ObjectMapper mapper, java.util.function.Predicate<SuiteEntry> keep)
      throws IOException {
    List<SuiteEntry> ordered = new ArrayList<>();
    for (SuiteEntry e : entries()) {
      if (keep.test(e)) {
        ordered.add(e);
      }
    }
    int left = size() - ordered.size();
    AtomicFile.write(
        file,
        out -> {
          ObjectNode head = mapper.createObjectNode();
          head.put("format", FORMAT);
          head.put("version", VERSION);
          head.put("entries_count", ordered.size());
          if (left > 0) {
            head.put("left_out_as_noise", left);
          }
          byte[] headBytes = mapper.writeValueAsBytes(head);
          out.write(
              headBytes, 0, headBytes.length - 1); // without its closing brace: the entries follow
          out.write(",\"entries\":[".getBytes(StandardCharsets.UTF_8));
          for (int i = 0; i < ordered.size(); i++) {
            out.write(i == 0 ? '\n' : ',');
            if (i > 0) {
              out.write('\n');
            }
            SuiteJson.writeEntry(ordered.get(i), mapper, out);
          }
          out.write("\n]}\n".getBytes(StandardCharsets.UTF_8));
        });
    return ordered.size();
  }

  /**
   * Reads a suite file, entry by entry (a large file never becomes one tree in memory), keeping at most
   * {@code maxEntries} entries, with no byte cap.
   *
   * @throws IOException when it cannot be read or is not a suite file (the message names the file and what is wrong)
   */
  public static RegressionSuite read(Path file, int maxEntries, ObjectMapper mapper)
      throws IOException {
    return read(file, maxEntries, Long.MAX_VALUE, mapper);
  }

  /**
   * Reads a suite file entry by entry, keeping what fits in {@code maxEntries} and {@code maxBytes} (the most severe
   * and most recent, as when the entries were first added).
   *
   * @throws IOException when it cannot be read or is not a suite file (the message names the file and what is wrong)
   */
  public static RegressionSuite read(Path file, int maxEntries, long maxBytes, ObjectMapper mapper)
      throws IOException {
    RegressionSuite suite = new RegressionSuite(maxEntries, maxBytes);
    boolean sawEntries = false;
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = mapper.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file + " is not a regression suite: it is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("format".equals(field) || "version".equals(field)) {
          checkHead(file, field, parser.getText());
        }
        if (!"entries".equals(field) || value != JsonToken.START_ARRAY) {
          parser.skipChildren();
          continue;
        }
        sawEntries = true;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          JsonNode node = mapper.readTree(parser);
          try {
            suite.add(SuiteJson.fromJson(node));
          } catch (RuntimeException e) {
            throw new IOException(
                file + ": entry " + index + " is malformed: " + e.getMessage(), e);
          }
          index++;
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + JsonErrorText.of(e), e);
    }
    if (!sawEntries) {
      throw new IOException(file + " is not a regression suite: it has no \"entries\" array");
    }
    return suite;
  }

  /**
   * Refuses a file of another format, or of a later version whose entries this reader may misread (a field it does not
   * know could carry what decides a run). Files without a head, written by hand, are read as version 1.
   */
  private static void checkHead(Path file, String field, String value) throws IOException {
    if ("format".equals(field) && !FORMAT.equals(value)) {
      throw new IOException(
          file + " is not a regression suite: its \"format\" is \"" + value + "\", not " + FORMAT);
    }
    if ("version".equals(field) && !String.valueOf(VERSION).equals(value)) {
      throw new IOException(
          file
              + " is a regression suite of version "
              + value
              + ", which this Shadow Pipeline cannot read (it reads version "
              + VERSION
              + ")");
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
