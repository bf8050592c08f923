package dev.shadowpipeline.app.drift;

import dev.shadowpipeline.app.config.Suggestions;
import dev.shadowpipeline.drift.data.SkippedColumn;
import dev.shadowpipeline.drift.data.SourceColumns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The columns a user names, checked against both sources once their columns are known and before anything is
 * compared: the columns to compare ({@code columns}), and those given their own test or type ({@code column-test},
 * {@code column-type}). A name no source has would otherwise compare nothing, or leave the column on its default test
 * or type, without a word; a name a source has but that was not read (a nested Parquet column, say) is told apart
 * from a typo, with the reader's reason. Excluded names ({@code exclude}) are checked too: a typo there would leave
 * the column meant compared. The local engine and the Spark job check alike, with the same words.
 *
 * <pre>{@code
 * NamedColumns.check(SourceColumns.of(ref), SourceColumns.of(cur), Set.of("age", "salry"), Set.of(), Map.of());
 * // UnknownColumnException: no column 'salry' in ref.csv or cur.csv (did you mean 'salary'?)
 * }</pre>
 */
public final class NamedColumns {

  /** Columns shown by name when none is close to a name that matches nothing. */
  static final int MAX_COLUMNS_LISTED = 20;

  private NamedColumns() {}

  /**
   * Refuses names that no side read, for the first option that has any, naming all of that option's such names in
   * one message; then excluded names that no side has, and exclusions that leave nothing to compare. A name given a
   * test or type that {@code include}/{@code exclude} leave out is not checked: a config file's setting for a column
   * then simply does not apply.
   *
   * @param include the columns to compare ({@code --columns}), in the order given; empty compares all
   * @param exclude the columns left out ({@code --exclude})
   * @param byColumn the names each per-column option gives, by its config key ({@code column-test}, {@code
   *     column-type}), in the order to name them
   * @throws UnknownColumnException naming the option, each name that is in neither source (with the name meant when
   *     one is close) and each that a source has but that was not read (with why); or naming {@code exclude} when it
   *     leaves no column in both sources
   */
  public static void check(
      SourceColumns reference,
      SourceColumns current,
      Collection<String> include,
      Set<String> exclude,
      Map<String, ? extends Collection<String>> byColumn) {
    String columns = problem(reference, current, include, exclude);
    if (columns != null) {
      throw new UnknownColumnException("columns", firstOf(include), columns);
    }
    checkExclude(reference, current, include, exclude);
    Map<String, Collection<String>> named = new LinkedHashMap<>();
    byColumn.forEach(
        (setting, names) ->
            named.put(
                setting,
                names.stream()
                    .filter(n -> (include.isEmpty() || include.contains(n)) && !exclude.contains(n))
                    .toList()));
    for (Map.Entry<String, Collection<String>> e : named.entrySet()) {
      String problem = problem(reference, current, e.getValue(), exclude);
      if (problem != null) {
        throw new UnknownColumnException(e.getKey(), firstOf(e.getValue()), problem);
      }
    }
  }

  /**
   * Refuses an excluded name that neither source has (a typo would leave the column meant compared without a word),
   * and exclusions that leave no column in both sources to compare, which would otherwise be reported as if the two
   * sources had no column in common. A name a source has but does not read (a nested column) may be excluded.
   */
  private static void checkExclude(
      SourceColumns reference,
      SourceColumns current,
      Collection<String> include,
      Set<String> exclude) {
    // sorted: the set's own order is not the order given
    List<String> unknown =
        new TreeSet<>(exclude)
            .stream()
                .filter(n -> !reference.inSource().contains(n) && !current.inSource().contains(n))
                .toList();
    if (!unknown.isEmpty()) {
      throw new UnknownColumnException(
          "exclude", unknown.get(0), unknown(reference, current, unknown));
    }
    // with --columns, a column both named and excluded is refused above, naming it
    if (!include.isEmpty() || exclude.isEmpty()) {
      return;
    }
    List<String> common = new ArrayList<>(reference.inSource());
    common.retainAll(new LinkedHashSet<>(current.inSource()));
    // no column in common at all is the sources' doing, not the exclusions': said as such later
    if (!common.isEmpty() && exclude.containsAll(common)) {
      throw new UnknownColumnException(
          "exclude",
          common.get(0),
          "left no column to compare: "
              + (common.size() == 1
                  ? "it excludes the one column in both "
                  : "it excludes all " + common.size() + " columns in both ")
              + reference.source()
              + " and "
              + current.source()
              + (common.size() <= MAX_COLUMNS_LISTED
                  ? " (" + String.join(", ", common) + ")"
                  : ""));
    }
  }

  private static SkippedColumn skipped(SourceColumns side, String name) {
    return side.skipped().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  private static String firstOf(Collection<String> names) {
    return names.iterator().next();
  }

  /** What is wrong with these names, in one line, or null when every one was read on a side. */
  private static String problem(
      SourceColumns reference,
      SourceColumns current,
      Collection<String> names,
      Set<String> exclude) {
    List<String> unknown = new ArrayList<>();
    List<String> notRead = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      if (reference.read().contains(name) || current.read().contains(name)) {
        continue;
      }
      List<String> holders = new ArrayList<>();
      SkippedColumn why = null;
      for (SourceColumns side : List.of(reference, current)) {
        if (side.inSource().contains(name)) {
          holders.add(side.source());
          why = why != null ? why : skipped(side, name);
        }
      }
      if (holders.isEmpty()) {
        unknown.add(name);
      } else {
        notRead.add(
            "column '"
                + name
                + "' is in "
                + String.join(" and ", new LinkedHashSet<>(holders))
                + " but was not read: "
                + (why != null
                    ? why.type() + ", " + why.reason()
                    : exclude.contains(name) ? "it is also excluded (--exclude)" : "left out"));
      }
    }
    List<String> parts = new ArrayList<>();
    if (!unknown.isEmpty()) {
      parts.add(unknown(reference, current, unknown));
    }
    parts.addAll(notRead);
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  /**
   * "no column 'x' in A or B (did you mean 'y'?)"; for several, each name with the one meant when one is close, and
   * the columns there are when some name has none close and they are few.
   */
  private static String unknown(
      SourceColumns reference, SourceColumns current, List<String> names) {
    // what can be offered: the columns a side can read (a skipped one would only fail again)
    Set<String> readable = new LinkedHashSet<>();
    for (SourceColumns side : List.of(reference, current)) {
      for (String c : side.inSource()) {
        if (skipped(side, c) == null) {
          readable.add(c);
        }
      }
    }
    String where = " in " + reference.source() + " or " + current.source();
    if (names.size() == 1) {
      String name = names.get(0);
      return "no column '"
          + name
          + "'"
          + where
          + Suggestions.didYouMean(name, readable, MAX_COLUMNS_LISTED);
    }
    StringBuilder line = new StringBuilder("no columns ");
    boolean anyWithoutMatch = false;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      line.append(i == 0 ? "" : i == names.size() - 1 ? " or " : ", ").append('\'').append(name);
      line.append('\'');
      var close = Suggestions.closest(name, readable);
      close.ifPresent(c -> line.append(Suggestions.meant(c)));
      anyWithoutMatch |= close.isEmpty();
    }
    line.append(where);
    if (anyWithoutMatch) {
      line.append(Suggestions.known(readable, MAX_COLUMNS_LISTED));
    }
    return line.toString();
  }
}
