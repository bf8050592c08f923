package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.memory.MemoryDefaults;
import dev.shadowpipeline.shadow.record.WorkerPriority;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link ShadowProxy} needs, validated once. Build it with {@link #builder}; the defaults are the
 * {@link Defaults}, the ones documented for {@code shadow proxy}.
 *
 * @param primary the production model; callers get its answers
 * @param shadow the candidate model; it gets copies
 * @param host address the proxy listens on
 * @param port port the proxy listens on (0 picks a free one)
 * @param adminHost address the admin server listens on
 * @param adminPort port of the admin server (0 picks a free one, -1 disables it)
 * @param outDir where records are written
 * @param shadowMode when copies are sent
 * @param shadowTimeout deadline for the shadow's answer head
 * @param maxInFlight most shadow requests waiting at once; further copies are dropped and counted
 * @param sampleRate share of eligible requests mirrored
 * @param sampleKey header whose value decides sampling (same value, same decision), or {@code null} for random
 * @param mirrorMethods methods mirrored (upper case, each a registered HTTP method); empty means all
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param primaryTimeout deadline for the primary's answer head, counted from the end of the request (504 beyond)
 * @param relativeTolerance relative tolerance when comparing JSON numbers
 * @param ignore JSON fields left out of the comparison
 * @param adminToken bearer token for changes through the admin API, or {@code null} for a read-only API
 * @param redactHeaders headers masked in records, besides the credential headers always masked
 * @param drainTimeout on shutdown, how long in-flight shadow copies may still take
 * @param recordQueue capacity of the record queue
 * @param insecure accept any upstream TLS certificate (for test setups only)
 * @param upstreamCa PEM file of extra CA certificates to trust for https upstreams, or {@code null}
 * @param eventLoops event-loop threads serving callers, 1 to {@link #MAX_EVENT_LOOPS}; as many again send the copies to
 *     the shadow and the secondary
 * @param maxConnections most pooled connections per upstream, shared out among the event loops
 * @param primaryIdleTimeout longest gap between two chunks of the primary's answer body before it is cut
 * @param shadowIdleTimeout longest gap between two chunks of the shadow's answer body before it is cut
 * @param shadowMaxDuration longest a shadow copy may take in all, streaming included
 * @param captureMaxBytes what is kept of each body (request and answers) for comparison and records; beyond it a
 *     body is compared by size and SHA-256 and recorded cut
 * @param inFlightBytes most bytes held at once for mirrored requests in flight (request copies and captured
 *     answers); beyond it copies are dropped and counted, and answers are compared by digest only
 * @param recordQueueBytes most bytes of pairs waiting to be compared and written; beyond it pairs are dropped and
 *     counted
 * @param maxRequestLineBytes longest request line accepted from callers (414 beyond)
 * @param maxHeaderBytes largest request header block accepted from callers (431 beyond)
 * @param secondary a second instance of the production model (the noise baseline): it gets the same copy as the
 *     shadow, at the same moment, under the same deadlines; {@code null} for none
 * @param secondarySampleRate share of all requests also sent to the secondary, at most {@code sampleRate} (only
 *     requests mirrored to the shadow go to the secondary); NaN for "every request mirrored to the shadow"
 * @param shedLag event-loop lag above which finished pairs are sampled (one in ten compared and recorded, the rest
 *     shed and counted) instead of all recorded; zero turns shedding off
 * @param recordNice the Linux nice value of the thread that compares and records pairs (0 to 19): above 0, when the
 *     cores are short the event loops serving callers run first, and pairs the worker cannot keep up with are
 *     dropped and counted; 0 (the default) leaves it at the proxy's own priority
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
    int maxConnections,
    Duration primaryIdleTimeout,
    Duration shadowIdleTimeout,
    Duration shadowMaxDuration,
    long captureMaxBytes,
    long inFlightBytes,
    long recordQueueBytes,
    int maxRequestLineBytes,
    int maxHeaderBytes,
    UpstreamAddress secondary,
    double secondarySampleRate,
    Duration shedLag,
    int recordNice) {

  /** Largest accepted value of {@code maxBodyBytes}: copies for the shadow are held in memory, and arrays stop at 2 GiB. */
  public static final long MAX_BODY_LIMIT = 1L << 30;

  /**
   * Most event loops serving callers (as many again send the copies). Far beyond any machine's cores; a typo such as
   * 100000 would otherwise open three descriptors per loop and fail deep in the start.
   */
  public static final int MAX_EVENT_LOOPS = 1024;

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
    requireNotNegative("drain timeout", drainTimeout);
    requireAtLeast("max in-flight", maxInFlight, 1);
    ShadowTarget.requireRate(sampleRate);
    ShadowTarget.requireSampleKey(sampleKey);
    mirrorMethods = ShadowTarget.normalizeMethods(mirrorMethods);
    requireBodyLimit(maxBodyBytes);
    requireTolerance(relativeTolerance);
    ignore = List.copyOf(ignore);
    if (adminToken != null && adminToken.isBlank()) {
      adminToken = null;
    }
    redactHeaders = List.copyOf(redactHeaders);
    requireAtLeast("record queue", recordQueue, 1);
    requireEventLoops(eventLoops);
    requireAtLeast("max connections", maxConnections, 1);
    requirePositive("primary idle timeout", primaryIdleTimeout);
    requirePositive("shadow idle timeout", shadowIdleTimeout);
    requirePositive("shadow max duration", shadowMaxDuration);
    requireBytes("capture max", captureMaxBytes, 1, MAX_BODY_LIMIT);
    requireBytes("max in-flight bytes", inFlightBytes, 1, Long.MAX_VALUE);
    requireBytes("record queue bytes", recordQueueBytes, 1, Long.MAX_VALUE);
    requireBytes("max request line", maxRequestLineBytes, 256, 1 << 20);
    requireBytes("max header size", maxHeaderBytes, 1024, 1 << 20);
    requireSecondaryRate(secondarySampleRate, sampleRate);
    requireNotNegative("shed lag", shedLag);
    requireRecordNice(recordNice);
    if (secondary == null && !Double.isNaN(secondarySampleRate)) {
      throw new IllegalArgumentException(
          "a secondary sample rate needs a secondary: " + secondarySampleRate);
    }
  }

  /** Whether a secondary (a second instance of the primary, the noise baseline) gets copies too. */
  public boolean hasSecondary() {
    return secondary != null;
  }

  // only requests mirrored to the shadow go to the secondary, so its share of all requests cannot
  // be larger than the shadow's; NaN means "as the shadow's"
  private static void requireSecondaryRate(double rate, double sampleRate) {
    if (Double.isNaN(rate)) {
      return;
    }
    ShadowTarget.requireRate(rate);
    if (rate > sampleRate) {
      throw new IllegalArgumentException(
          "the secondary sample rate ("
              + rate
              + ") must not be above the sample rate ("
              + sampleRate
              + "): only requests mirrored to the shadow go to the secondary");
    }
  }

  private static void requireBytes(String what, long bytes, long min, long max) {
    if (bytes < min || bytes > max) {
      throw new IllegalArgumentException(
          what + " must be between " + min + " and " + max + " bytes: " + bytes);
    }
  }

  private static void requireBodyLimit(long bytes) {
    if (bytes < 1 || bytes > MAX_BODY_LIMIT) {
      throw new IllegalArgumentException(
          "max body must be between 1 byte and 1 GiB: " + bytes + " bytes");
    }
  }

  private static void requireTolerance(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0: " + tolerance);
    }
  }

  private static void requireNotNegative(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
  }

  private static void requirePort(String what, int port, boolean mayDisable) {
    if (port < (mayDisable ? -1 : 0) || port > 65535) {
      throw new IllegalArgumentException(
          what
              + " must be between 0 and 65535"
              + (mayDisable ? ", or -1 to turn the admin server off" : "")
              + ": "
              + port);
    }
  }

  private static void requireEventLoops(int loops) {
    if (loops < 1 || loops > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "event loops must be between 1 and " + MAX_EVENT_LOOPS + ": " + loops);
    }
  }

  private static void requirePositive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }

  private static void requireRecordNice(int nice) {
    if (nice < 0 || nice > WorkerPriority.MAX_NICE) {
      throw new IllegalArgumentException(
          "record nice must be 0 to " + WorkerPriority.MAX_NICE + ": " + nice);
    }
  }

  private static void requireAtLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ": " + value);
    }
  }

  /**
   * This configuration pointed at stand-in models for a rehearsal ({@link ProxyWarmUp}): the same comparison, limits
   * and timeouts, but on an ephemeral loopback port, no admin server, every request mirrored whatever its method, no
   * secondary, plain HTTP to the stand-ins, and records in {@code outDir}.
   */
  ProxyConfig standIn(UpstreamAddress primary, UpstreamAddress shadow, Path outDir) {
    return new ProxyConfig(
        primary,
        shadow,
        "127.0.0.1",
        0,
        adminHost,
        -1,
        outDir,
        shadowMode,
        shadowTimeout,
        maxInFlight,
        1.0,
        sampleKey,
        Set.of(),
        maxBodyBytes,
        primaryTimeout,
        relativeTolerance,
        ignore,
        null,
        redactHeaders,
        drainTimeout,
        recordQueue,
        false,
        null,
        eventLoops,
        maxConnections,
        primaryIdleTimeout,
        shadowIdleTimeout,
        shadowMaxDuration,
        captureMaxBytes,
        inFlightBytes,
        recordQueueBytes,
        maxRequestLineBytes,
        maxHeaderBytes,
        null,
        Double.NaN,
        shedLag,
        recordNice);
  }

  /** Whether the admin server runs. */
  public boolean adminEnabled() {
    return adminPort >= 0;
  }

  /**
   * Why the admin server cannot listen beside a proxy on {@code proxyPort}, or null when it can. On the same port of
   * an overlapping address Vert.x shares one socket between the two servers instead of failing to bind, and the admin
   * API would answer some of the callers.
   */
  public String adminPortConflict(int proxyPort) {
    if (!adminEnabled() || proxyPort <= 0 || adminPort != proxyPort || !overlap(host, adminHost)) {
      return null;
    }
    return "the admin server cannot listen on the proxy's own port "
        + proxyPort
        + " (it would answer some of the callers): give it another port, or -1 for none";
  }

  /**
   * Which upstream is this proxy itself ({@code "primary"}, {@code "shadow"} or {@code "secondary"}), or null: one on
   * the proxy's own port at an address it listens on would get every request back into the proxy, which would send
   * it on again, round and round until the deadlines.
   */
  public String upstreamOnItself() {
    if (port <= 0) {
      return null; // "any free port" is no upstream's
    }
    if (reachesProxy(primary)) {
      return "primary";
    }
    if (reachesProxy(shadow)) {
      return "shadow";
    }
    return secondary != null && reachesProxy(secondary) ? "secondary" : null;
  }

  private boolean reachesProxy(UpstreamAddress upstream) {
    return reachesProxyAt(upstream, port);
  }

  /**
   * Whether {@code upstream} is this proxy itself once it listens on {@code proxyPort} (the port it got, when
   * configured with "any free port"): the same port, at the address it listens on. A name counts by every address
   * it resolves to ({@code localhost} is {@code 127.0.0.1} and {@code ::1}); a proxy on the wildcard address
   * ({@code 0.0.0.0}) is reached through any of this machine's addresses, and a URL at the wildcard address reaches a
   * proxy on loopback (connecting to {@code 0.0.0.0} connects to this machine). Another loopback address
   * ({@code 127.0.0.2}) is another socket, not the proxy. Resolves the upstream's host name: not for an event loop.
   */
  public boolean reachesProxyAt(UpstreamAddress upstream, int proxyPort) {
    if (proxyPort <= 0 || upstream.port() != proxyPort) {
      return false;
    }
    try {
      InetAddress listening = InetAddress.getByName(host);
      for (InetAddress target : InetAddress.getAllByName(upstream.host())) {
        if (target.equals(listening)
            || (listening.isLoopbackAddress() && target.isAnyLocalAddress())
            || (listening.isAnyLocalAddress()
                && (target.isAnyLocalAddress()
                    || target.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(target) != null))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false; // not resolvable here: not this machine
    }
  }

  /** Whether two listen addresses overlap: the same address, or either is the wildcard. */
  static boolean overlap(String host, String otherHost) {
    try {
      InetAddress a = InetAddress.getByName(host);
      InetAddress b = InetAddress.getByName(otherHost);
      return a.isAnyLocalAddress() || b.isAnyLocalAddress() || a.equals(b);
    } catch (IOException e) {
      return host.equals(otherHost); // unresolvable: listening fails with its own message
    }
  }

  /**
   * The defaults of every setting, in one place: the {@link Builder} starts from them and {@code shadow proxy --help}
   * shows them. Each is a compile-time constant in the unit its name says, so a help text can be built from it.
   * The byte bounds of the recording side that follow the heap are in {@link MemoryDefaults}.
   */
  public static final class Defaults {
    public static final String HOST = "0.0.0.0";
    public static final int PORT = 8080;
    public static final String ADMIN_HOST = "127.0.0.1";
    public static final int ADMIN_PORT = 9090;
    public static final String OUT_DIR = "shadow-out";
    public static final ShadowMode SHADOW_MODE = ShadowMode.PARALLEL;
    public static final long SHADOW_TIMEOUT_SECONDS = 5;
    public static final long SHADOW_IDLE_TIMEOUT_SECONDS = 60;
    public static final long SHADOW_MAX_DURATION_MINUTES = 10;
    public static final int MAX_IN_FLIGHT = 512;
    public static final double SAMPLE_RATE = 1.0;
    public static final long MAX_BODY_MIB = 10;
    public static final long CAPTURE_MAX_MIB = MemoryDefaults.CAPTURE_MAX >> 20;
    public static final long PRIMARY_TIMEOUT_SECONDS = 30;
    public static final long PRIMARY_IDLE_TIMEOUT_SECONDS = 60;

    /** As text, because that is how it is documented ({@code 1e-6}, not {@code 1.0E-6}). */
    public static final String RELATIVE_TOLERANCE_TEXT = "1e-6";

    public static final double RELATIVE_TOLERANCE = Double.parseDouble(RELATIVE_TOLERANCE_TEXT);
    public static final long DRAIN_TIMEOUT_SECONDS = 10;
    public static final int RECORD_QUEUE = 10_000;
    public static final int MAX_CONNECTIONS = 1000;
    public static final int MAX_REQUEST_LINE_KIB = 16;
    public static final int MAX_HEADER_KIB = 64;
    // off: a shadow test records every pair unless its owner chooses a sample (README: "Shedding
    // when CPU is short")
    public static final long SHED_LAG_MILLIS = 0;

    /**
     * The record worker's nice value: 0, the proxy's own priority, so that every pair is recorded while the worker
     * and the event loops can share the cores. At 10 the callers' p99 at a fixed rate was lower, but under a load as
     * fast as the proxy goes three pairs in four were dropped (bench/results/record-priority.md).
     */
    public static final int RECORD_NICE = 0;

    private Defaults() {}

    /** Event loops serving callers: one per CPU core. */
    public static int eventLoops() {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /** A builder with every default set; only the two upstreams are required. */
  public static Builder builder(String primaryUrl, String shadowUrl) {
    return new Builder().primary(primaryUrl).shadow(shadowUrl);
  }

  /** A builder with every default set and no upstreams yet. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ProxyConfig}; every setter has the documented default. Setters check their value at once and
   * throw {@link IllegalArgumentException} naming the rule and the bad value, so a caller can tell which of its
   * inputs was wrong.
   */
  public static final class Builder {
    private UpstreamAddress primary;
    private UpstreamAddress shadow;
    private String host = Defaults.HOST;
    private int port = Defaults.PORT;
    private String adminHost = Defaults.ADMIN_HOST;
    private int adminPort = Defaults.ADMIN_PORT;
    private Path outDir = Path.of(Defaults.OUT_DIR);
    private ShadowMode shadowMode = Defaults.SHADOW_MODE;
    private Duration shadowTimeout = Duration.ofSeconds(Defaults.SHADOW_TIMEOUT_SECONDS);
    private int maxInFlight = Defaults.MAX_IN_FLIGHT;
    private double sampleRate = Defaults.SAMPLE_RATE;
    private String sampleKey;
    private Set<String> mirrorMethods = Set.of();
    private long maxBodyBytes = Defaults.MAX_BODY_MIB << 20;
    private Duration primaryTimeout = Duration.ofSeconds(Defaults.PRIMARY_TIMEOUT_SECONDS);
    private double relativeTolerance = Defaults.RELATIVE_TOLERANCE;
    private List<JsonPointerPattern> ignore = List.of();
    private String adminToken;
    private List<String> redactHeaders = List.of();
    private Duration drainTimeout = Duration.ofSeconds(Defaults.DRAIN_TIMEOUT_SECONDS);
    private int recordQueue = Defaults.RECORD_QUEUE;
    private boolean insecure;
    private Path upstreamCa;
    private int eventLoops = Defaults.eventLoops();
    private int maxConnections = Defaults.MAX_CONNECTIONS;
    private Duration primaryIdleTimeout = Duration.ofSeconds(Defaults.PRIMARY_IDLE_TIMEOUT_SECONDS);
    private Duration shadowIdleTimeout = Duration.ofSeconds(Defaults.SHADOW_IDLE_TIMEOUT_SECONDS);
    private Duration shadowMaxDuration = Duration.ofMinutes(Defaults.SHADOW_MAX_DURATION_MINUTES);
    private long captureMaxBytes = MemoryDefaults.CAPTURE_MAX;
    private long inFlightBytes = MemoryDefaults.inFlightBytes();
    private long recordQueueBytes = MemoryDefaults.recordQueueBytes();
    private int maxRequestLineBytes = Defaults.MAX_REQUEST_LINE_KIB * 1024;
    private int maxHeaderBytes = Defaults.MAX_HEADER_KIB * 1024;
    private UpstreamAddress secondary;
    private double secondarySampleRate = Double.NaN;
    private Duration shedLag = Duration.ofMillis(Defaults.SHED_LAG_MILLIS);
    private int recordNice = Defaults.RECORD_NICE;

    private Builder() {}

    /** The primary model's URL; a path in it prefixes every forwarded path. */
    public Builder primary(String url) {
      primary = UpstreamAddress.parse(url);
      return this;
    }

    /** The shadow model's URL; a path in it prefixes every mirrored path. */
    public Builder shadow(String url) {
      shadow = UpstreamAddress.parse(url);
      return this;
    }

    /**
     * A second instance of the production model, the noise baseline: it gets the same copy as the shadow. Its
     * credentials ({@code user:password@}) become Basic auth and are masked wherever the URL is shown.
     */
    public Builder secondary(String url) {
      secondary = UpstreamAddress.parse(url);
      return this;
    }

    /**
     * Share of all requests also sent to the secondary (default: every request mirrored to the shadow). Checked
     * against the sample rate when the configuration is built.
     */
    public Builder secondarySampleRate(double v) {
      ShadowTarget.requireRate(v);
      secondarySampleRate = v;
      return this;
    }

    public Builder host(String v) {
      host = Objects.requireNonNull(v, "host");
      return this;
    }

    public Builder port(int v) {
      requirePort("port", v, false);
      port = v;
      return this;
    }

    public Builder adminHost(String v) {
      adminHost = Objects.requireNonNull(v, "adminHost");
      return this;
    }

    public Builder adminPort(int v) {
      requirePort("admin port", v, true);
      adminPort = v;
      return this;
    }

    public Builder outDir(Path v) {
      outDir = Objects.requireNonNull(v, "outDir");
      return this;
    }

    public Builder shadowMode(ShadowMode v) {
      shadowMode = Objects.requireNonNull(v, "shadowMode");
      return this;
    }

    public Builder shadowTimeout(Duration v) {
      requirePositive("shadow timeout", v);
      shadowTimeout = v;
      return this;
    }

    public Builder maxInFlight(int v) {
      requireAtLeast("max in-flight", v, 1);
      maxInFlight = v;
      return this;
    }

    public Builder sampleRate(double v) {
      ShadowTarget.requireRate(v);
      sampleRate = v;
      return this;
    }

    public Builder sampleKey(String v) {
      ShadowTarget.requireSampleKey(v);
      sampleKey = v;
      return this;
    }

    public Builder mirrorMethods(Set<String> v) {
      mirrorMethods = ShadowTarget.normalizeMethods(v);
      return this;
    }

    public Builder maxBodyBytes(long v) {
      requireBodyLimit(v);
      maxBodyBytes = v;
      return this;
    }

    public Builder primaryTimeout(Duration v) {
      requirePositive("primary timeout", v);
      primaryTimeout = v;
      return this;
    }

    public Builder relativeTolerance(double v) {
      requireTolerance(v);
      relativeTolerance = v;
      return this;
    }

    public Builder ignore(List<JsonPointerPattern> v) {
      ignore = List.copyOf(v);
      return this;
    }

    public Builder adminToken(String v) {
      adminToken = v;
      return this;
    }

    public Builder redactHeaders(List<String> v) {
      redactHeaders = List.copyOf(v);
      return this;
    }

    public Builder drainTimeout(Duration v) {
      requireNotNegative("drain timeout", v);
      drainTimeout = v;
      return this;
    }

    public Builder recordQueue(int v) {
      requireAtLeast("record queue", v, 1);
      recordQueue = v;
      return this;
    }

    public Builder insecure(boolean v) {
      insecure = v;
      return this;
    }

    public Builder upstreamCa(Path v) {
      upstreamCa = v;
      return this;
    }

    public Builder eventLoops(int v) {
      requireEventLoops(v);
      eventLoops = v;
      return this;
    }

    public Builder maxConnections(int v) {
      requireAtLeast("max connections", v, 1);
      maxConnections = v;
      return this;
    }

    public Builder primaryIdleTimeout(Duration v) {
      requirePositive("primary idle timeout", v);
      primaryIdleTimeout = v;
      return this;
    }

    public Builder shadowIdleTimeout(Duration v) {
      requirePositive("shadow idle timeout", v);
      shadowIdleTimeout = v;
      return this;
    }

    public Builder shadowMaxDuration(Duration v) {
      requirePositive("shadow max duration", v);
      shadowMaxDuration = v;
      return this;
    }

    public Builder captureMaxBytes(long v) {
      requireBytes("capture max", v, 1, MAX_BODY_LIMIT);
      captureMaxBytes = v;
      return this;
    }

    public Builder inFlightBytes(long v) {
      requireBytes("max in-flight bytes", v, 1, Long.MAX_VALUE);
      inFlightBytes = v;
      return this;
    }

    public Builder recordQueueBytes(long v) {
      requireBytes("record queue bytes", v, 1, Long.MAX_VALUE);
      recordQueueBytes = v;
      return this;
    }

    public Builder maxRequestLineBytes(int v) {
      requireBytes("max request line", v, 256, 1 << 20);
      maxRequestLineBytes = v;
      return this;
    }

    /** Event-loop lag above which finished pairs are sampled rather than all recorded; zero: never. */
    public Builder shedLag(Duration v) {
      requireNotNegative("shed lag", v);
      shedLag = v;
      return this;
    }

    /** The record worker's Linux nice value, 0 (the proxy's own priority) to 19 (the lowest). */
    public Builder recordNice(int v) {
      requireRecordNice(v);
      recordNice = v;
      return this;
    }

    public Builder maxHeaderBytes(int v) {
      requireBytes("max header size", v, 1024, 1 << 20);
      maxHeaderBytes = v;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException when the primary or the shadow URL was not given
     */
    public ProxyConfig build() {
      if (primary == null) {
        throw new IllegalStateException("the primary model's URL is required");
      }
      if (shadow == null) {
        throw new IllegalStateException("the shadow model's URL is required");
      }
      return new ProxyConfig(
          primary,
          shadow,
          host,
          port,
          adminHost,
          adminPort,
          outDir,
          shadowMode,
          shadowTimeout,
          maxInFlight,
          sampleRate,
          sampleKey,
          mirrorMethods,
          maxBodyBytes,
          primaryTimeout,
          relativeTolerance,
          ignore,
          adminToken,
          redactHeaders,
          drainTimeout,
          recordQueue,
          insecure,
          upstreamCa,
          eventLoops,
          maxConnections,
          primaryIdleTimeout,
          shadowIdleTimeout,
          shadowMaxDuration,
          captureMaxBytes,
          inFlightBytes,
          recordQueueBytes,
          maxRequestLineBytes,
          maxHeaderBytes,
          secondary,
          secondarySampleRate,
          shedLag,
          recordNice);
    }
  }
}
