package dev.shadowpipeline.shadow.record;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Replaces the values of sensitive headers before anything is written, so credentials never reach a record. */
public final class HeaderRedactor {

  /** What a redacted value is replaced with. */
  public static final String MASK = "[REDACTED]";

  /** Always redacted: credentials and session state, in both directions. */
  public static final Set<String> ALWAYS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key");

  private final Set<String> names;

  /** Redacts {@link #ALWAYS} and the given header names (case-insensitive). */
  public HeaderRedactor(Collection<String> extraNames) {
    TreeSet<String> all = new TreeSet<>(ALWAYS);
    for (String n : extraNames) {
      all.add(n.trim().toLowerCase(Locale.ROOT));
    }
    this.names = Set.copyOf(all);
  }

  /** Whether the named header's value is redacted. */
  public boolean redacts(String headerName) {
    return names.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** The value to record for this header. */
  public String valueFor(String headerName, String value) {
    return redacts(headerName) ? MASK : value;
  }

  /** The redacted names, lower case. */
  public Set<String> names() {
    return names;
  }
}
