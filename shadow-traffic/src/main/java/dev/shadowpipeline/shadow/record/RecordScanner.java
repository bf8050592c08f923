package dev.shadowpipeline.shadow.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a chunk of {@code records.jsonl} into the lean records of {@link RecordsFile#readForSummary} straight from
 * the bytes, without Jackson's tokenizer: the request, bodies and headers of agreeing pairs are checked and skipped
 * byte by byte, and the few fields the summary reads are built as the same nodes Jackson would build; a diverging
 * pair's record is then read again whole, as the tree Jackson's {@code readTree} builds.
 *
 * <p>It accepts only what it is sure of: one strict JSON object per line, ASCII or well-formed UTF-8, integers of up
 * to 18 digits. A line it is not sure of is read by Jackson alone; when Jackson cannot read it either, or the chunk
 * holds anything else than one record per line, the scanner gives the chunk up and {@link RecordsFile} reads it the
 * way it always has, so bad lines are counted and named exactly as before. Results are the same by construction.
 *
 * <p>One instance per chunk and thread: it reuses its buffers and field names across the chunk's records.
 */
final class RecordScanner {

  /** Something the scanner is not sure of: the line goes to Jackson. Thrown without a stack trace, and rarely. */
  private static final class Unsure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsure() {
      super(null, null, false, false); // no stack trace: cheap to throw
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  // far below Jackson's own limits (nesting 1000, number 1000 chars, string 20M chars): past these
  // the scanner
  // hands the line to Jackson, which then applies its limits itself
  private static final int MAX_DEPTH = 100;
  private static final int MAX_NUMBER_CHARS = 64;
  private static final int MAX_STRING_BYTES = 1 << 20;
  private static final int MAX_NAME_BYTES = 1_000;
  private static final int NAME_BITS = 9;
  private static final int NAME_SLOTS = 1 << NAME_BITS;
  // Fibonacci hashing's multiplier: 2^64 / the golden ratio, odd
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int MAX_NAMES = NAME_SLOTS / 2;

  private final byte[] b;
  private final int length;
  private final ObjectReader reader;
  private int pos;
  private int limit;
  private int objectEnd;
  private int depth;
  private final char[] number = new char[MAX_NUMBER_CHARS];
  private final StringBuilder text = new StringBuilder();
  // field names seen in this chunk, by a hash of their bytes: records repeat the same few dozen
  // names, and a
  // name found here is neither decoded nor allocated again
  private final String[] names = new String[NAME_SLOTS];
  private final int[] nameLengths = new int[NAME_SLOTS];
  private final long[] nameWords = new long[2 * NAME_SLOTS];
  // the bytes of names longer than two words, which the words alone do not tell apart
  private final byte[][] nameBytes = new byte[NAME_SLOTS][];
  private final byte[] nameRoles = new byte[NAME_SLOTS];
  private int nameCount;
  // set by a backslash-u escape of a surrogate, so that a name holding one is checked for pairs
  private boolean surrogateEscaped;
  // what the last name read is to the lean record: known when the name was read, so that the hot
  // path compares
  // no strings
  private byte role;
  private static final byte OTHER = 0;
  private static final byte REQUEST = 1;
  private static final byte SIDE = 2; // primary, shadow
  private static final byte SKIPPED_IN_SIDE = 3; // body, headers
  private long newlines;
  // set while a diverging record is read again whole: nothing is skipped
  private boolean whole;

  /** Lines handed to Jackson because the scanner was not sure of them (for tests). */
  private int jacksonLines;

  /** Diverging records read whole by Jackson because the scanner was not sure of them (for tests). */
  private int jacksonTrees;

  /**
   * Whether the scanner reads as {@code mapper} would: it checks JSON as strictly as Jackson's defaults and hands
   * Jackson anything past its own limits, so a mapper that is stricter (duplicate names rejected, lower limits) or
   * reads another format keeps Jackson for every chunk.
   */
  static boolean readsAs(ObjectMapper mapper) {
    JsonFactory factory = mapper.getFactory();
    StreamReadConstraints limits = factory.streamReadConstraints();
    return "JSON".equals(factory.getFormatName())
        && !mapper.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        && limits.getMaxNestingDepth() >= MAX_DEPTH
        && limits.getMaxNumberLength() >= MAX_NUMBER_CHARS
        && limits.getMaxStringLength() >= MAX_STRING_BYTES
        && limits.getMaxNameLength() >= MAX_NAME_BYTES
        && limits.getMaxDocumentLength() <= 0
        && limits.getMaxTokenCount() <= 0
        && treesAsScanned(mapper);
  }

  /**
   * Whether the mapper's readTree builds the nodes the scanner builds for diverging records: numbers typed by their
   * size (no big decimals or big or long integers forced by a feature), a repeated name's last value in its first
   * place, null members kept. Found by reading a probe, so that any feature that changes this turns the scanner off.
   */
  private static boolean treesAsScanned(ObjectMapper mapper) {
    ObjectNode expected = NODES.objectNode();
    expected.put("i", 3);
    expected.put("l", 12_345_678_901L);
    expected.put("d", 2.5);
    expected.putNull("n");
    try {
      JsonNode probe = mapper.readTree("{\"i\":1,\"l\":12345678901,\"d\":2.5,\"n\":null,\"i\":3}");
      if (probe == null || !probe.toString().equals(expected.toString())) {
        return false;
      }
      for (String name : List.of("i", "l", "d", "n")) {
        if (probe.get(name).getClass() != expected.get(name).getClass()) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  RecordScanner(byte[] chunk, int length, ObjectReader reader) {
    this.b = chunk;
    this.length = length;
    this.reader = reader;
  }

  int jacksonLines() {
    return jacksonLines;
  }

  int jacksonTrees() {
    return jacksonTrees;
  }

  /** The chunk's lines, counted as RecordsFile counts them; valid after a scan that returned true. */
  long lines() {
    return length > 0 && b[length - 1] != '\n' ? newlines + 1 : newlines;
  }

  private static byte roleOf(String name) {
    return switch (name) {
      case "request" -> REQUEST;
      case "primary", "shadow" -> SIDE;
      case "body", "headers" -> SKIPPED_IN_SIDE;
      default -> OTHER;
    };
  }

  /**
   * Reads every line of the chunk and adds what {@code prepare} makes of each record to {@code out}, in order.
   *
   * @return false when the chunk must be read the usual way instead (then {@code out} holds some records already:
   *     the caller discards them)
   */
  <T> boolean scan(Function<ObjectNode, T> prepare, List<T> out) {
    int start = 0;
    while (start < length) {
      int first = start;
      while (first < length && (b[first] == ' ' || b[first] == '\t' || b[first] == '\r')) {
        first++;
      }
      if (first == length) {
        break;
      }
      if (b[first] == '\n') { // a blank line
        newlines++;
        start = first + 1;
        continue;
      }
      if (b[first] != '{') {
        return false; // not an object: not a record, or not one per line
      }
      try {
        int jacksonBefore = jacksonLines;
        ObjectNode record = lean(first);
        int end;
        int objectEnd;
        if (record != null) {
          end = pos;
          objectEnd = this.objectEnd;
        } else {
          jacksonLines++;
          end = newline(first);
          objectEnd = end;
          record = jacksonLean(first, end);
          if (record == null) {
            return false;
          }
        }
        if (RecordCheck.problem(record) != null) {
          return false; // named with its line by the usual way
        }
        if (!record.path("verdict").path("match").asBoolean(false)) {
          // diverging: read whole, the same tree as Jackson's readTree (by the scanner again when
          // it read the lean record itself: it is sure of the line)
          ObjectNode whole = jacksonLines == jacksonBefore ? whole(first) : null;
          if (whole == null) {
            jacksonTrees++;
            whole = (ObjectNode) reader.readTree(b, first, objectEnd - first);
          }
          record = whole;
        }
        out.add(prepare.apply(record));
        if (end < length) {
          newlines++;
        }
        start = end + 1;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  private int newline(int from) {
    for (int i = from; i < length; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return length;
  }

  // the line read by Jackson, exactly as RecordsFile's streaming read does, and only when the
  // object is all the line
  // holds; null when Jackson cannot read it so (the chunk then goes the usual way)
  private ObjectNode jacksonLean(int first, int end) throws IOException {
    // Jackson guesses UTF-16 or UTF-32 from zero bytes at the start of what it is given: a line is
    // never given
    // to it alone when that could happen, as the streaming read would see the same bytes as UTF-8
    for (int i = first + 1; i < Math.min(end, first + 4); i++) {
      if (b[i] == 0) {
        return null;
      }
    }
    try (JsonParser p = reader.createParser(b, first, end - first)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ObjectNode record = RecordsFile.leanRecord(p);
      return p.nextToken() == null ? record : null;
    }
  }

  // the whole record of a line the scanner read lean: the request, bodies and headers built too
  private ObjectNode whole(int first) {
    whole = true;
    try {
      return lean(first);
    } finally {
      whole = false;
    }
  }

  // the lean record of the line starting at first, as RecordsFile.leanRecord builds it, or null
  // when not sure of
  // the line; on success, objectEnd is just past the object and pos at the line's end. The scanner
  // never reads past
  // a newline without giving up: no token may contain or span one, and it is not whitespace here
  private ObjectNode lean(int first) {
    pos = first + 1;
    limit = length;
    depth = 1;
    ObjectNode record = NODES.objectNode();
    try {
      int c = skipSpace();
      if (c != '}') {
        while (true) {
          String name = name();
          byte nameRole = role;
          colon();
          if (nameRole == REQUEST && !whole) {
            skipValue();
          } else if (nameRole == SIDE && skipSpace() == '{') {
            side(record.putObject(name));
          } else {
            record.set(name, value());
          }
          if (!nextMember()) {
            break;
          }
        }
      } else {
        pos++;
      }
      objectEnd = pos;
      // only whitespace may follow the object on its line
      while (pos < limit && b[pos] != '\n') {
        byte t = b[pos++];
        if (t != ' ' && t != '\t' && t != '\r') {
          return null;
        }
      }
      return record;
    } catch (Unsure e) {
      return null;
    }
  }

  // a side's fields without its body and headers; pos is at the side's '{'
  private void side(ObjectNode side) {
    pos++;
    enter();
    if (skipSpace() == '}') {
      pos++;
      depth--;
      return;
    }
    while (true) {
      String name = name();
      byte nameRole = role;
      colon();
      if (nameRole == SKIPPED_IN_SIDE && !whole) {
        skipValue();
      } else {
        side.set(name, value());
      }
      if (!nextMember()) {
        break;
      }
    }
    depth--;
  }

  // after a member's value: true at a ',' (and then at the next name's quote), false at the closing
  // '}'
  private boolean nextMember() {
    int c = skipSpace();
    pos++;
    if (c == ',') {
      if (skipSpace() != '"') {
        throw new Unsure();
      }
      return true;
    }
    if (c == '}') {
      return false;
    }
    throw new Unsure();
  }

  private boolean nextElement() {
    int c = skipSpace();
    pos++;
    if (c == ',') {
      skipSpace();
      return true;
    }
    if (c == ']') {
      return false;
    }
    throw new Unsure();
  }

  private void colon() {
    if (skipSpace() != ':') {
      throw new Unsure();
    }
    pos++;
    skipSpace();
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw new Unsure();
    }
  }

  // the next byte that is not whitespace, without consuming it
  private int skipSpace() {
    while (pos < limit) {
      byte c = b[pos];
      if (c != ' ' && c != '\t' && c != '\r') {
        return c;
      }
      pos++;
    }
    throw new Unsure(); // the line ended inside the object
  }

  // the value at pos as the node RecordsFile.node builds for it
  private JsonNode value() {
    return switch (b[pos]) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> NODES.textNode(string());
      case 't' -> {
        literal("true");
        yield NODES.booleanNode(true);
      }
      case 'f' -> {
        literal("false");
        yield NODES.booleanNode(false);
      }
      case 'n' -> {
        literal("null");
        yield NODES.nullNode();
      }
      default -> numberNode();
    };
  }

  private ObjectNode object() {
    pos++;
    enter();
    ObjectNode o = NODES.objectNode();
    if (skipSpace() == '}') {
      pos++;
    } else {
      do {
        String name = name();
        colon();
        o.set(name, value());
      } while (nextMember());
    }
    depth--;
    return o;
  }

  private ArrayNode array() {
    pos++;
    enter();
    ArrayNode a = NODES.arrayNode();
    if (skipSpace() == ']') {
      pos++;
    } else {
      do {
        a.add(value());
      } while (nextElement());
    }
    depth--;
    return a;
  }

  // checks and passes the value at pos without building it; as strict as Jackson's skipChildren,
  // which tokenizes
  private void skipValue() {
    switch (b[pos]) {
      case '{' -> {
        pos++;
        enter();
        if (skipSpace() == '}') {
          pos++;
        } else {
          do {
            skipName();
            colon();
            skipValue();
          } while (nextMember());
        }
        depth--;
      }
      case '[' -> {
        pos++;
        enter();
        if (skipSpace() == ']') {
          pos++;
        } else {
          do {
            skipValue();
          } while (nextElement());
        }
        depth--;
      }
      case '"' -> skipString();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void literal(String word) {
    int n = word.length();
    if (pos + n > limit) {
      throw new Unsure();
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != word.charAt(i)) {
        throw new Unsure();
      }
    }
    pos += n;
    delimiter();
  }

  // a value ends at whitespace, ',', '}' or ']'; anything else glued to it (say "truex", "1x") is
  // for Jackson to judge
  private void delimiter() {
    if (pos >= limit) {
      throw new Unsure();
    }
    byte c = b[pos];
    if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r') {
      throw new Unsure();
    }
  }

  // a strict JSON number at pos: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; returns whether it
  // is an integer
  private boolean number() {
    int start = pos;
    int i = pos;
    if (at(i) == '-') {
      i++;
    }
    if (at(i) == '0') {
      i++;
    } else if (at(i) >= '1' && at(i) <= '9') {
      i = digits(i);
    } else {
      throw new Unsure();
    }
    boolean integer = true;
    if (at(i) == '.') {
      integer = false;
      int from = i + 1;
      i = digits(from);
      if (i == from) {
        throw new Unsure();
      }
    }
    if (at(i) == 'e' || at(i) == 'E') {
      integer = false;
      i++;
      if (at(i) == '+' || at(i) == '-') {
        i++;
      }
      int from = i;
      i = digits(from);
      if (i == from) {
        throw new Unsure();
      }
    }
    if (i - start > MAX_NUMBER_CHARS) {
      throw new Unsure();
    }
    pos = i;
    delimiter();
    return integer;
  }

  // the byte at i, or 0 past the end of the line
  private byte at(int i) {
    return i < limit ? b[i] : 0;
  }

  // the end of the run of digits starting at i
  private int digits(int i) {
    while (i < limit && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  // Jackson's number types: an int when it fits, else a long; a double for anything with a fraction
  // or exponent,
  // parsed by the same parser Jackson uses (its fast double parser)
  private JsonNode numberNode() {
    int start = pos;
    boolean integer = number();
    int n = pos - start;
    if (integer) {
      boolean negative = b[start] == '-';
      int digits = negative ? n - 1 : n;
      if (digits > 18) {
        throw new Unsure(); // could be a long or a BigInteger: Jackson's call
      }
      long v = 0;
      for (int i = negative ? start + 1 : start; i < pos; i++) {
        v = v * 10 + (b[i] - '0');
      }
      v = negative ? -v : v;
      return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }
    for (int i = 0; i < n; i++) {
      number[i] = (char) b[start + i];
    }
    return NODES.numberNode(NumberInput.parseDouble(number, 0, n, true));
  }

  // a field name; pos is at its opening quote
  private String name() {
    if (b[pos] != '"') {
      throw new Unsure();
    }
    int start = pos + 1;
    int i = PlainBytes.end(b, start, limit);
    if (i < limit && b[i] != '"') {
      // an escape, a control character, or a non-ASCII byte: decoded in full
      surrogateEscaped = false;
      String name = string();
      if (pos - 1 - start > MAX_NAME_BYTES) {
        throw new Unsure(); // past its name limit: Jackson's to judge, as for a plain name
      }
      if (surrogateEscaped && !wellFormed(name)) {
        // Jackson pairs surrogate escapes in names and rejects a lone one (in values it keeps
        // it): its judgement, its message
        throw new Unsure();
      }
      // its role is the decoded name's (one that decodes to "body" is the body), never the
      // previous name's
      role = roleOf(name);
      return name;
    }
    if (i >= limit || i - start > MAX_NAME_BYTES) {
      throw new Unsure();
    }
    pos = i + 1;
    int n = i - start;
    // a name's first sixteen bytes, as two words, and its length: equal to a known name's exactly
    // when the names are equal, for the short names records are made of
    long w0 = PlainBytes.word(b, start, n, limit);
    long w1 = PlainBytes.word(b, start + Long.BYTES, n - Long.BYTES, limit);
    long hash = ((w0 * GOLDEN + w1) * GOLDEN + n) * GOLDEN;
    // open addressing, linear probing, never evicting: a table at most half full always has a free
    // slot
    for (int slot = (int) (hash >>> (Long.SIZE - NAME_BITS));
        ;
        slot = (slot + 1) & (NAME_SLOTS - 1)) {
      String known = names[slot];
      if (known == null) {
        String name = new String(b, start, n, StandardCharsets.ISO_8859_1);
        role = roleOf(name);
        if (nameCount < MAX_NAMES) {
          nameCount++;
          names[slot] = name;
          nameLengths[slot] = n;
          nameWords[2 * slot] = w0;
          nameWords[2 * slot + 1] = w1;
          nameBytes[slot] = n > 2 * Long.BYTES ? Arrays.copyOfRange(b, start, i) : null;
          nameRoles[slot] = role;
        }
        return name;
      }
      if (nameLengths[slot] == n
          && nameWords[2 * slot] == w0
          && nameWords[2 * slot + 1] == w1
          && (n <= 2 * Long.BYTES || Arrays.equals(nameBytes[slot], 0, n, b, start, i))) {
        role = nameRoles[slot];
        return known;
      }
    }
  }

  // every high surrogate followed by a low one, and no low one without it
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  // a string value, decoded; pos is at its opening quote
  private String string() {
    int start = pos + 1;
    int i = PlainBytes.end(b, start, limit);
    if (i < limit && b[i] == '"') {
      if (i - start > MAX_STRING_BYTES) {
        throw new Unsure();
      }
      pos = i + 1;
      // ASCII only: its bytes are its characters
      return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    }
    StringBuilder s = text;
    s.setLength(0);
    s.append(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    pos = i;
    while (true) {
      if (pos >= limit) {
        throw new Unsure();
      }
      int c = b[pos];
      if (c == '"') {
        if (pos - start > MAX_STRING_BYTES) {
          throw new Unsure();
        }
        pos++;
        return s.toString();
      }
      if (c == '\\') {
        s.append(escape());
      } else if (c >= 0x20) {
        s.append((char) c);
        pos++;
      } else if (c >= 0) {
        throw new Unsure(); // a raw control character
      } else {
        s.appendCodePoint(utf8());
      }
    }
  }

  // checks and passes a field name, judged as name() judges one: its length, its surrogate escapes
  private void skipName() {
    int start = pos;
    surrogateEscaped = false;
    skipString();
    if (pos - start - 2 > MAX_NAME_BYTES) {
      throw new Unsure();
    }
    if (surrogateEscaped) {
      pos = start;
      name();
    }
  }

  // checks and passes a string; pos is at its opening quote
  private void skipString() {
    if (b[pos] != '"') {
      throw new Unsure();
    }
    int start = pos + 1;
    int i = start;
    while (true) {
      i = PlainBytes.end(b, i, limit);
      if (i >= limit) {
        throw new Unsure();
      }
      byte c = b[i];
      if (c == '"') {
        if (i - start > MAX_STRING_BYTES) {
          throw new Unsure();
        }
        pos = i + 1;
        return;
      }
      pos = i;
      if (c == '\\') {
        escape();
      } else if (c >= 0) {
        throw new Unsure();
      } else {
        utf8();
      }
      i = pos;
    }
  }

  // a backslash escape at pos, as its character
  private char escape() {
    if (pos + 1 >= limit) {
      throw new Unsure();
    }
    byte c = b[pos + 1];
    pos += 2;
    return switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> unicodeEscape();
      default -> throw new Unsure();
    };
  }

  // the four hex digits of a backslash-u escape at pos, as their character (a lone surrogate too,
  // as Jackson reads it)
  private char unicodeEscape() {
    if (pos + 4 > limit) {
      throw new Unsure();
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(b[pos + k], 16);
      if (d < 0) {
        throw new Unsure();
      }
      v = (v << 4) | d;
    }
    pos += 4;
    if (v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE) {
      surrogateEscaped = true;
    }
    return (char) v;
  }

  // one well-formed UTF-8 sequence at pos (RFC 3629: shortest form, no surrogates, at most
  // U+10FFFF), as its code
  // point; anything else is for Jackson to judge
  private int utf8() {
    int lead = b[pos] & 0xFF;
    int n;
    int cp;
    int min2 = 0x80;
    int max2 = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 1;
      cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 2;
      cp = lead & 0x0F;
      if (lead == 0xE0) {
        min2 = 0xA0;
      } else if (lead == 0xED) {
        max2 = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 3;
      cp = lead & 0x07;
      if (lead == 0xF0) {
        min2 = 0x90;
      } else if (lead == 0xF4) {
        max2 = 0x8F;
      }
    } else {
      throw new Unsure();
    }
    if (pos + n >= limit) {
      throw new Unsure();
    }
    for (int k = 1; k <= n; k++) {
      int c = b[pos + k] & 0xFF;
      if (k == 1 ? c < min2 || c > max2 : c < 0x80 || c > 0xBF) {
        throw new Unsure();
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    pos += n + 1;
    return cp;
  }
}
