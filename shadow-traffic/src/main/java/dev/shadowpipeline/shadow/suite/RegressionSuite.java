package dev.shadowpipeline.shadow.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shadowpipeline.shadow.compare.Severity;
import dev.shadowpipeline.shadow.record.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The diverging inputs, one entry per distinct request, capped at a maximum size. When full, a new entry replaces the
 * least severe, least recently seen one — or is not kept when it is less severe than everything already kept, so a
 * flood of minor divergences can never push out a critical one.
 *
 * <p>Not thread-safe: fed from one thread (the record worker, or a command's main loop).
 */
public final class RegressionSuite {

  /** The suite's file name in an output folder. */
  public static final String FILE = "regression_suite.json";

  /** Reasons kept per entry. */
  static final int MAX_REASONS = 5;

  private static final Comparator<SuiteEntry> EVICTION_ORDER = Comparator
      .comparing(SuiteEntry::severity)
      .thenComparing(SuiteEntry::lastSeen)
      .thenComparing(SuiteEntry::key);

  private final int maxEntries;
  private final Map<String, SuiteEntry> byKey = new HashMap<>();
  private final TreeSet<SuiteEntry> byEviction = new TreeSet<>(EVICTION_ORDER);
  private long evicted;
  private long rejected;

  /** An empty suite holding at most {@code maxEntries} entries. */
  public RegressionSuite(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the suite must hold at least 1 entry: " + maxEntries);
    }
    this.maxEntries = maxEntries;
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
      SuiteEntry merged = new SuiteEntry(existing.key(), existing.method(), existing.path(), existing.query(),
          incoming.request(), incoming.primary(), incoming.shadow(),
          Severity.max(existing.severity(), incoming.severity()), reasons,
          min(existing.firstSeen(), incoming.firstSeen()), max(existing.lastSeen(), incoming.lastSeen()),
          existing.count() + incoming.count(), incoming.recordId());
      replace(existing, merged);
      return true;
    }
    if (byKey.size() >= maxEntries) {
      SuiteEntry weakest = byEviction.first();
      if (EVICTION_ORDER.compare(incoming, weakest) < 0) {
        rejected++;
        return false;
      }
      byEviction.remove(weakest);
      byKey.remove(weakest.key());
      evicted++;
    }
    byKey.put(incoming.key(), incoming);
    byEviction.add(incoming);
    return true;
  }

  private void replace(SuiteEntry old, SuiteEntry updated) {
    byEviction.remove(old);
    byKey.put(updated.key(), updated);
    byEviction.add(updated);
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

  /** Writes the suite to {@code file} atomically. */
  public void write(Path file, ObjectMapper mapper) throws IOException {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", "shadow-pipeline/regression-suite");
    root.put("version", 1);
    root.put("entries_count", size());
    ArrayNode entries = root.putArray("entries");
    for (SuiteEntry e : entries()) {
      entries.add(SuiteJson.toJson(e, mapper));
    }
    byte[] bytes = mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    AtomicFile.write(file, bytes);
  }

  /**
   * Reads a suite file.
   *
   * @throws IOException when it cannot be read or is not a suite file (the message names the file and what is wrong)
   */
  public static RegressionSuite read(Path file, int maxEntries, ObjectMapper mapper) throws IOException {
    JsonNode root;
    try {
      root = mapper.readTree(Files.newInputStream(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("entries").isArray()) {
      throw new IOException(file + " is not a regression suite: it has no \"entries\" array");
    }
    RegressionSuite suite = new RegressionSuite(maxEntries);
    int index = 0;
    for (JsonNode node : root.get("entries")) {
      try {
        suite.add(SuiteJson.fromJson(node));
      } catch (RuntimeException e) {
        throw new IOException(file + ": entry " + index + " is malformed: " + e.getMessage(), e);
      }
      index++;
    }
    return suite;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
