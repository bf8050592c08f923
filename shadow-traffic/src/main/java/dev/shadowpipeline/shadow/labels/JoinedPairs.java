package dev.shadowpipeline.shadow.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The labelled pairs of a join, held compactly (about {@value #ROW_BYTES} bytes each, in growable arrays bounded in
 * bytes): the truth, both models' labels as indexes into a small dictionary, both scores. Label texts are kept for the
 * first {@value #MAX_DISTINCT} distinct values; a binary task needs two. Also keeps a bounded set of examples per
 * (truth, primary label, shadow label) combination, and for a regression the inputs where one model was closest to
 * the truth — whichever the task turns out to be.
 *
 * <p>Not thread-safe.
 */
final class JoinedPairs {

  /** Distinct truths and distinct predicted labels kept as text. */
  static final int MAX_DISTINCT = 64;

  /** Label index of an answer without a label. */
  static final int NONE = -2;

  /** Label index of a label beyond the first {@value #MAX_DISTINCT}. */
  static final int OTHER = -1;

  /** Examples kept per group, and shown per category. */
  static final int EXAMPLES = 10;

  /** (truth, primary, shadow) combinations that keep examples. */
  static final int MAX_EXAMPLE_GROUPS = 32;

  /** Bytes of one pair in the arrays. */
  static final long ROW_BYTES = 4 + 8 + 8 + 4 + 4 + 8 + 8;

  /** Makes the example of the pair being added, only when it is kept. */
  @FunctionalInterface
  interface ExampleSource {
    Example make(String truth, String primary, String shadow);
  }

  /** An example and the pair it belongs to; {@code gap} orders a regression's (|primary error| − |shadow error|). */
  record Kept(int row, double gap, Example example) {}

  /** Texts by index, the first {@value #MAX_DISTINCT} distinct ones, with the line each first came from. */
  static final class Dictionary {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private final List<Long> firstLines = new ArrayList<>();
    private boolean overflowed;

    Dictionary copy() {
      Dictionary c = new Dictionary();
      c.ids.putAll(ids);
      c.values.addAll(values);
      c.firstLines.addAll(firstLines);
      c.overflowed = overflowed;
      return c;
    }

    int id(String text, long line) {
      if (text == null) {
        return NONE;
      }
      Integer id = ids.get(text);
      if (id != null) {
        return id;
      }
      if (values.size() >= MAX_DISTINCT) {
        overflowed = true;
        return OTHER;
      }
      ids.put(text, values.size());
      values.add(text);
      firstLines.add(line);
      return values.size() - 1;
    }

    String text(int id) {
      return id == NONE ? null : id == OTHER ? "(other)" : values.get(id);
    }

    Integer find(String text) {
      return ids.get(text);
    }

    long firstLine(int id) {
      return firstLines.get(id);
    }

    int size() {
      return values.size();
    }

    boolean overflowed() {
      return overflowed;
    }
  }

  private final long maxBytes;
  final Dictionary truths;
  final Dictionary labels;
  private int size;
  private int[] truthIds = new int[0];
  private double[] truthValues = new double[0];
  private long[] lines = new long[0];
  private int[] primaryLabels = new int[0];
  private int[] shadowLabels = new int[0];
  private double[] primaryScores = new double[0];
  private double[] shadowScores = new double[0];
  private long firstNonNumericLine = -1;
  private String firstNonNumericTruth;

  private final Map<Long, List<Kept>> groups = new LinkedHashMap<>();
  // regression: the inputs where the shadow was most closer (largest gap) and the primary most
  // closer (smallest)
  private final PriorityQueue<Kept> shadowCloser =
      new PriorityQueue<>(
          Comparator.comparingDouble(Kept::gap)
              .thenComparing(Comparator.comparingInt(Kept::row).reversed()));
  private final PriorityQueue<Kept> primaryCloser =
      new PriorityQueue<>(
          Comparator.comparingDouble(Kept::gap)
              .reversed()
              .thenComparing(Comparator.comparingInt(Kept::row).reversed()));

  /**
   * @param maxBytes the most bytes the arrays may take
   * @param reserved texts that must keep their own index (the positive class) however many labels come first
   */
  JoinedPairs(long maxBytes, String... reserved) {
    this.maxBytes = maxBytes;
    this.truths = new Dictionary();
    this.labels = new Dictionary();
    for (String r : reserved) {
      if (r != null) {
        truths.id(r, 0);
        labels.id(r, 0);
      }
    }
  }

  // a copy of what is held so far, for computing quality while more pairs are added
  private JoinedPairs(JoinedPairs from) {
    this.maxBytes = from.maxBytes;
    this.truths = from.truths.copy();
    this.labels = from.labels.copy();
    this.size = from.size;
    this.truthIds = Arrays.copyOf(from.truthIds, size);
    this.truthValues = Arrays.copyOf(from.truthValues, size);
    this.lines = Arrays.copyOf(from.lines, size);
    this.primaryLabels = Arrays.copyOf(from.primaryLabels, size);
    this.shadowLabels = Arrays.copyOf(from.shadowLabels, size);
    this.primaryScores = Arrays.copyOf(from.primaryScores, size);
    this.shadowScores = Arrays.copyOf(from.shadowScores, size);
    this.firstNonNumericLine = from.firstNonNumericLine;
    this.firstNonNumericTruth = from.firstNonNumericTruth;
    from.groups.forEach((group, kept) -> groups.put(group, new ArrayList<>(kept)));
    shadowCloser.addAll(from.shadowCloser);
    primaryCloser.addAll(from.primaryCloser);
  }

  /**
   * A copy of the pairs held so far (the arrays cut to their size): read-only use, e.g. computing the quality on
   * another thread while this one takes more pairs. Costs about {@value #ROW_BYTES} bytes a pair.
   */
  JoinedPairs snapshot() {
    return new JoinedPairs(this);
  }

  /**
   * Adds a labelled pair.
   *
   * @return false if it did not fit under the byte bound (nothing was added)
   */
  boolean add(
      String truth, long line, Prediction primary, Prediction shadow, ExampleSource source) {
    if (size == truthIds.length && !grow()) {
      return false;
    }
    int t = truths.id(truth, line);
    double value = number(truth);
    if (Double.isNaN(value) && firstNonNumericLine < 0) {
      firstNonNumericLine = line;
      firstNonNumericTruth = truth;
    }
    int p = labels.id(primary.label(), line);
    int s = labels.id(shadow.label(), line);
    int row = size++;
    truthIds[row] = t;
    truthValues[row] = value;
    lines[row] = line;
    primaryLabels[row] = p;
    shadowLabels[row] = s;
    primaryScores[row] = primary.score();
    shadowScores[row] = shadow.score();
    keepClassificationExample(row, t, p, s, truth, primary, shadow, source);
    keepRegressionExample(row, value, truth, primary, shadow, source);
    return true;
  }

  private void keepClassificationExample(
      int row,
      int t,
      int p,
      int s,
      String truth,
      Prediction primary,
      Prediction shadow,
      ExampleSource source) {
    if (p == NONE || s == NONE) {
      return;
    }
    long group = ((long) (t + 2) * 100 + (p + 2)) * 100 + (s + 2);
    List<Kept> kept = groups.get(group);
    if (kept == null) {
      if (groups.size() >= MAX_EXAMPLE_GROUPS) {
        return;
      }
      kept = new ArrayList<>(2);
      groups.put(group, kept);
    }
    if (kept.size() < EXAMPLES) {
      kept.add(new Kept(row, 0, source.make(truth, primary.label(), shadow.label())));
    }
  }

  private void keepRegressionExample(
      int row,
      double truth,
      String truthText,
      Prediction primary,
      Prediction shadow,
      ExampleSource source) {
    double ps = primary.score();
    double ss = shadow.score();
    if (!Double.isFinite(truth) || !Double.isFinite(ps) || !Double.isFinite(ss)) {
      return;
    }
    double gap = Math.abs(truth - ps) - Math.abs(truth - ss);
    if (gap > 0) {
      offer(shadowCloser, row, gap, truthText, ps, ss, source);
    } else if (gap < 0) {
      offer(primaryCloser, row, gap, truthText, ps, ss, source);
    }
  }

  private static void offer(
      PriorityQueue<Kept> heap,
      int row,
      double gap,
      String truth,
      double ps,
      double ss,
      ExampleSource source) {
    Kept candidate = new Kept(row, gap, null);
    if (heap.size() >= EXAMPLES) {
      if (heap.comparator().compare(candidate, heap.peek()) <= 0) {
        return;
      }
      heap.poll();
    }
    heap.add(new Kept(row, gap, source.make(truth, Double.toString(ps), Double.toString(ss))));
  }

  private boolean grow() {
    int capacity = truthIds.length == 0 ? 1024 : truthIds.length + (truthIds.length >> 1);
    if (capacity < 0 || (long) capacity * ROW_BYTES > maxBytes) {
      capacity = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes / ROW_BYTES);
      if (capacity <= size) {
        return false;
      }
    }
    truthIds = Arrays.copyOf(truthIds, capacity);
    truthValues = Arrays.copyOf(truthValues, capacity);
    lines = Arrays.copyOf(lines, capacity);
    primaryLabels = Arrays.copyOf(primaryLabels, capacity);
    shadowLabels = Arrays.copyOf(shadowLabels, capacity);
    primaryScores = Arrays.copyOf(primaryScores, capacity);
    shadowScores = Arrays.copyOf(shadowScores, capacity);
    return true;
  }

  /** The number a truth text is, or NaN. */
  private static double number(String text) {
    char c = text.isEmpty() ? ' ' : text.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return Double.NaN; // not a number: skip the exception
    }
    try {
      double v = Double.parseDouble(text);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  int size() {
    return size;
  }

  long bytes() {
    return (long) truthIds.length * ROW_BYTES;
  }

  int truth(int row) {
    return truthIds[row];
  }

  double truthValue(int row) {
    return truthValues[row];
  }

  long line(int row) {
    return lines[row];
  }

  int primaryLabel(int row) {
    return primaryLabels[row];
  }

  int shadowLabel(int row) {
    return shadowLabels[row];
  }

  double primaryScore(int row) {
    return primaryScores[row];
  }

  double shadowScore(int row) {
    return shadowScores[row];
  }

  /** The line and text of the first truth that is not a number, or {@code null}. */
  String firstNonNumeric() {
    return firstNonNumericLine < 0
        ? null
        : "line " + firstNonNumericLine + ": '" + firstNonNumericTruth + "'";
  }

  /** The kept classification examples, by group in the order the groups were first seen. */
  List<List<Kept>> classificationExamples() {
    return new ArrayList<>(groups.values());
  }

  /** The kept regression examples where the shadow (true) or the primary (false) was closer, closest first. */
  List<Kept> closer(boolean shadow) {
    List<Kept> kept = new ArrayList<>(shadow ? shadowCloser : primaryCloser);
    kept.sort((shadow ? shadowCloser : primaryCloser).comparator().reversed());
    return kept;
  }
}
