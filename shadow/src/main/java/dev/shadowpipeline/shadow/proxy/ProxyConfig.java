package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything {@link ShadowProxy} needs, validated once. Build it with {@link #builder}; the defaults are the ones
 * documented for {@code shadow proxy}.
 *
 * @param primary the production model; callers get its answers
 * @param shadow the candidate model; it gets copies
 * @param host address the proxy listens on
 * @param port port the proxy listens on (0 picks a free one)
 * @param adminHost address the admin server listens on
 * @param adminPort port of the admin server (0 picks a free one, -1 disables it)
 * @param outDir where records are written
 * @param shadowMode when copies are sent
 * @param shadowTimeout deadline for the shadow's complete answer
 * @param maxInFlight most shadow requests waiting at once; further copies are dropped and counted
 * @param sampleRate share of eligible requests mirrored
 * @param sampleKey header whose value decides sampling (same value, same decision), or {@code null} for random
 * @param mirrorMethods methods mirrored (upper case); empty means all
 * @param maxBodyBytes largest request body accepted (413 beyond), and largest answer body captured for comparison
 * @param primaryTimeout deadline for the primary's complete answer (504 beyond)
 * @param relativeTolerance relative tolerance when comparing JSON numbers
 * @param ignore JSON fields left out of the comparison
 * @param adminToken bearer token for changes through the admin API, or {@code null} for a read-only API
 * @param redactHeaders headers masked in records, besides the credential headers always masked
 * @param drainTimeout on shutdown, how long in-flight shadow copies may still take
 * @param recordQueue capacity of the record queue
 * @param insecure accept any upstream TLS certificate (for test setups only)
 * @param upstreamCa PEM file of extra CA certificates to trust for https upstreams, or {@code null}
 * @param eventLoops event-loop threads serving callers
 * @param maxConnections most pooled connections per upstream
 */
public record ProxyConfig(
    UpstreamAddress primary,
    UpstreamAddress shadow,
    String host,
    int port,
    String adminHost,
    int adminPort,
    Path outDir,
    ShadowMode shadowMode,
    Duration shadowTimeout,
    int maxInFlight,
    double sampleRate,
    String sampleKey,
    Set<String> mirrorMethods,
    long maxBodyBytes,
    Duration primaryTimeout,
    double relativeTolerance,
    List<JsonPointerPattern> ignore,
    String adminToken,
    List<String> redactHeaders,
    Duration drainTimeout,
    int recordQueue,
    boolean insecure,
    Path upstreamCa,
    int eventLoops,
    int maxConnections) {

  /** Largest accepted value of {@code maxBodyBytes}: bodies are held in memory, and Java arrays stop at 2 GiB. */
  public static final long MAX_BODY_LIMIT = 1L << 30;

  public ProxyConfig {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(adminHost, "adminHost");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(shadowMode, "shadowMode");
    requirePort("port", port, false);
    requirePort("admin port", adminPort, true);
    requirePositive("shadow timeout", shadowTimeout);
    requirePositive("primary timeout", primaryTimeout);
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drain timeout must not be negative: " + drainTimeout);
    }
    requireAtLeast("max in-flight", maxInFlight, 1);
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sample rate must be between 0 and 1: " + sampleRate);
    }
    if (sampleKey != null && sampleKey.isBlank()) {
      throw new IllegalArgumentException("sample key must name a header: '" + sampleKey + "'");
    }
    TreeSet<String> methods = new TreeSet<>();
    for (String m : mirrorMethods) {
      String method = m.trim().toUpperCase(Locale.ROOT);
      if (!method.matches("[A-Z]+")) {
        throw new IllegalArgumentException("not an HTTP method: '" + m + "'");
      }
      methods.add(method);
    }
    mirrorMethods = Set.copyOf(methods);
    if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
      throw new IllegalArgumentException("max body must be between 1 byte and 1 GiB: " + maxBodyBytes + " bytes");
    }
    if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0: " + relativeTolerance);
    }
    ignore = List.copyOf(ignore);
    if (adminToken != null && adminToken.isBlank()) {
      adminToken = null;
    }
    redactHeaders = List.copyOf(redactHeaders);
    requireAtLeast("record queue", recordQueue, 1);
    requireAtLeast("event loops", eventLoops, 1);
    requireAtLeast("max connections", maxConnections, 1);
  }

  private static void requirePort(String what, int port, boolean mayDisable) {
    if (port < (mayDisable ? -1 : 0) || port > 65535) {
      throw new IllegalArgumentException(what + " must be between 0 and 65535: " + port);
    }
  }

  private static void requirePositive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  private static void requireAtLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ": " + value);
    }
  }

  /** Whether this method is mirrored. */
  public boolean mirrors(String method) {
    return mirrorMethods.isEmpty() || mirrorMethods.contains(method);
  }

  /** Whether the admin server runs. */
  public boolean adminEnabled() {
    return adminPort >= 0;
  }

  /** A builder with every default set; only the two upstreams are required. */
  public static Builder builder(String primaryUrl, String shadowUrl) {
    return new Builder(UpstreamAddress.parse(primaryUrl), UpstreamAddress.parse(shadowUrl));
  }

  /** Builds a {@link ProxyConfig}; every setter has the documented default. */
  public static final class Builder {
    private final UpstreamAddress primary;
    private final UpstreamAddress shadow;
    private String host = "0.0.0.0";
    private int port = 8080;
    private String adminHost = "127.0.0.1";
    private int adminPort = 9090;
    private Path outDir = Path.of("shadow-out");
    private ShadowMode shadowMode = ShadowMode.PARALLEL;
    private Duration shadowTimeout = Duration.ofSeconds(5);
    private int maxInFlight = 512;
    private double sampleRate = 1.0;
    private String sampleKey;
    private Set<String> mirrorMethods = Set.of();
    private long maxBodyBytes = 10L << 20;
    private Duration primaryTimeout = Duration.ofSeconds(30);
    private double relativeTolerance = 1e-6;
    private List<JsonPointerPattern> ignore = List.of();
    private String adminToken;
    private List<String> redactHeaders = List.of();
    private Duration drainTimeout = Duration.ofSeconds(10);
    private int recordQueue = 10_000;
    private boolean insecure;
    private Path upstreamCa;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private int maxConnections = 1000;

    private Builder(UpstreamAddress primary, UpstreamAddress shadow) {
      this.primary = primary;
      this.shadow = shadow;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder adminHost(String v) { adminHost = v; return this; }
    public Builder adminPort(int v) { adminPort = v; return this; }
    public Builder outDir(Path v) { outDir = v; return this; }
    public Builder shadowMode(ShadowMode v) { shadowMode = v; return this; }
    public Builder shadowTimeout(Duration v) { shadowTimeout = v; return this; }
    public Builder maxInFlight(int v) { maxInFlight = v; return this; }
    public Builder sampleRate(double v) { sampleRate = v; return this; }
    public Builder sampleKey(String v) { sampleKey = v; return this; }
    public Builder mirrorMethods(Set<String> v) { mirrorMethods = v; return this; }
    public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
    public Builder primaryTimeout(Duration v) { primaryTimeout = v; return this; }
    public Builder relativeTolerance(double v) { relativeTolerance = v; return this; }
    public Builder ignore(List<JsonPointerPattern> v) { ignore = v; return this; }
    public Builder adminToken(String v) { adminToken = v; return this; }
    public Builder redactHeaders(List<String> v) { redactHeaders = v; return this; }
    public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
    public Builder recordQueue(int v) { recordQueue = v; return this; }
    public Builder insecure(boolean v) { insecure = v; return this; }
    public Builder upstreamCa(Path v) { upstreamCa = v; return this; }
    public Builder eventLoops(int v) { eventLoops = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }

    public ProxyConfig build() {
      return new ProxyConfig(primary, shadow, host, port, adminHost, adminPort, outDir, shadowMode, shadowTimeout,
          maxInFlight, sampleRate, sampleKey, mirrorMethods, maxBodyBytes, primaryTimeout, relativeTolerance, ignore,
          adminToken, redactHeaders, drainTimeout, recordQueue, insecure, upstreamCa, eventLoops, maxConnections);
    }
  }
}
