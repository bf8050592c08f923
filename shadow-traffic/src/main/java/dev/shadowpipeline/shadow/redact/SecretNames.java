package dev.shadowpipeline.shadow.redact;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides whether a header or query parameter name looks like it carries a credential. A name is a secret when it is
 * one of the {@linkplain #exact() exact names}, or when it contains one of the {@linkplain #fragments() fragments}
 * (e.g. {@code token}, {@code secret}, {@code auth}) and is not {@linkplain #kept() kept}. The allow-list only lifts
 * fragment matches: an exact name is always a secret, so no setting can put an {@code Authorization} value on disk.
 *
 * <p>Names compare case-insensitively and ignore every character that is not a letter or digit, so {@code API_KEY},
 * {@code Api-Key} and {@code apikey} are one name. This errs on the side of masking: a name that merely resembles a
 * credential is masked too, and the allow-list is there to keep it visible.
 *
 * <p>Immutable; {@link #redacting} and {@link #keeping} return new instances.
 */
public final class SecretNames {

  /**
   * Fragments shared by the default header and query deny-lists: a name containing one of them (after
   * {@linkplain #normalize normalizing}) is masked unless kept.
   */
  public static final List<String> DEFAULT_FRAGMENTS =
      List.of(
          "apikey",
          "token",
          "secret",
          "password",
          "passwd",
          "pwd",
          "credential",
          "signature",
          "session",
          "auth",
          "cookie",
          "privatekey",
          "accesskey",
          "jwt",
          "bearer");

  private final Set<String> exact;
  private final List<String> fragments;
  private final Set<String> kept;

  private SecretNames(Set<String> exact, List<String> fragments, Set<String> kept) {
    this.exact = sorted(exact);
    this.fragments = List.copyOf(fragments);
    this.kept = sorted(kept);
  }

  // sorted so that printing the lists (help, logs) is the same on every run
  private static SortedSet<String> sorted(Set<String> names) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(names));
  }

  /**
   * A deny-list of exact names and fragments.
   *
   * @throws IllegalArgumentException when a name or fragment has no letter or digit
   */
  public static SecretNames of(Collection<String> exactNames, Collection<String> fragments) {
    List<String> f = List.copyOf(normalizeAll(fragments));
    return new SecretNames(normalizeAll(exactNames), f, Set.of());
  }

  /**
   * These names too are always secrets.
   *
   * @throws IllegalArgumentException when a name has no letter or digit, or is on the allow-list
   */
  public SecretNames redacting(Collection<String> names) {
    TreeSet<String> more = new TreeSet<>(exact);
    for (String name : names) {
      String n = checked(name);
      if (kept.contains(n)) {
        throw new IllegalArgumentException(
            "'" + name + "' is both redacted and kept; remove it from one list");
      }
      more.add(n);
    }
    return new SecretNames(more, fragments, kept);
  }

  /**
   * Keeps these names visible although a fragment matches them (e.g. {@code X-Session-Sampled}).
   *
   * @throws IllegalArgumentException when a name has no letter or digit, or is an exact secret name: those are
   *     always masked
   */
  public SecretNames keeping(Collection<String> names) {
    TreeSet<String> more = new TreeSet<>(kept);
    for (String name : names) {
      String n = checked(name);
      if (exact.contains(n)) {
        throw new IllegalArgumentException(
            "'" + name + "' is on the list of names always masked; it cannot be kept");
      }
      more.add(n);
    }
    return new SecretNames(exact, fragments, more);
  }

  /** Whether values under this name are masked. */
  public boolean isSecret(String name) {
    String n = normalize(name);
    if (exact.contains(n)) {
      return true;
    }
    if (kept.contains(n)) {
      return false;
    }
    for (String f : fragments) {
      if (n.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** The names always masked, normalized (lower case, letters and digits only). */
  public Set<String> exact() {
    return exact;
  }

  /** The fragments that make a name a secret, normalized. */
  public List<String> fragments() {
    return fragments;
  }

  /** The names kept visible despite a fragment, normalized. */
  public Set<String> kept() {
    return kept;
  }

  /** Lower case, letters and digits only: {@code X-Api_Key} becomes {@code xapikey}. */
  static String normalize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static SortedSet<String> normalizeAll(Collection<String> names) {
    SortedSet<String> out = new TreeSet<>();
    for (String name : names) {
      out.add(checked(name));
    }
    return out;
  }

  private static String checked(String name) {
    String n = normalize(name);
    if (n.isEmpty()) {
      throw new IllegalArgumentException("not a name: '" + name + "' (needs a letter or digit)");
    }
    return n;
  }

  @Override
  public String toString() {
    return "SecretNames[exact=" + exact + ", fragments=" + fragments + ", kept=" + kept + "]";
  }
}
