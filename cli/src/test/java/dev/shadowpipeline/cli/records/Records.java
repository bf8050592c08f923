package dev.shadowpipeline.cli.records;

/** Records as the proxy writes them, small enough to write by hand in a test. */
final class Records {

  static final String AGREED =
      "{\"comparator\":\"json\",\"match\":true,\"difference_count\":0,\"differences\":[]}";
  // as the errors comparator grades a primary that gave no answer by default: info
  static final String PRIMARY_FAILED =
      "{\"comparator\":\"errors\",\"match\":false,\"severity\":\"info\",\"difference_count\":1,"
          + "\"differences\":[{\"kind\":\"primary_error\",\"path\":\"\",\"severity\":\"info\"}]}";
  // as the errors comparator grades a shadow that did not answer in time by default: warning
  static final String SHADOW_TIMED_OUT =
      "{\"comparator\":\"errors\",\"match\":false,\"severity\":\"warning\",\"difference_count\":1,"
          + "\"differences\":[{\"kind\":\"shadow_timeout\",\"path\":\"\",\"severity\":\"warning\"}]}";
  static final String FLIPPED =
      "{\"comparator\":\"label\",\"match\":false,\"severity\":\"warning\",\"difference_count\":1,"
          + "\"differences\":[{\"kind\":\"label_flip\",\"path\":\"/decision\",\"primary\":\"approve\","
          + "\"shadow\":\"reject\",\"severity\":\"warning\"}]}";

  private Records() {}

  /** A pair where both answered in the given milliseconds. */
  static String answered(String id, String primaryMs, String shadowMs, String verdict) {
    return "{\"id\":\""
        + id
        + "\",\"time\":\"2026-11-23T09:00:00.000001Z\",\"method\":\"POST\",\"path\":\"/predict\","
        + "\"request\":{\"headers\":{},\"body_bytes\":7,\"body_format\":\"json\",\"body\":{\"i\":1}},"
        + "\"input_key\":\"k-"
        + id
        + "\",\"primary\":"
        + side(primaryMs)
        + ",\"shadow\":"
        + side(shadowMs)
        + ",\"verdict\":"
        + verdict
        + "}";
  }

  /** A pair where the primary gave no answer (connection refused) and the shadow answered. */
  static String primaryFailed(String id) {
    return "{\"id\":\""
        + id
        + "\",\"time\":\"2026-11-23T09:00:00.000001Z\",\"method\":\"POST\",\"path\":\"/predict\","
        + "\"request\":{\"headers\":{},\"body_bytes\":7,\"body_format\":\"json\",\"body\":{\"i\":2}},"
        + "\"input_key\":\"k-"
        + id
        + "\",\"primary\":{\"latency_ms\":1.0,\"error\":{\"kind\":\"connection_refused\",\"message\":\"refused\"}},"
        + "\"shadow\":"
        + side("12.0")
        + ",\"verdict\":"
        + PRIMARY_FAILED
        + "}";
  }

  /** A pair where the primary answered and the shadow did not (timed out), graded as the errors comparator does. */
  static String shadowTimedOut(String id) {
    return "{\"id\":\""
        + id
        + "\",\"time\":\"2026-11-23T09:00:00.000001Z\",\"method\":\"POST\",\"path\":\"/predict\","
        + "\"request\":{\"headers\":{},\"body_bytes\":7,\"body_format\":\"json\",\"body\":{\"i\":3}},"
        + "\"input_key\":\"k-"
        + id
        + "\",\"primary\":"
        + side("10.0")
        + ",\"shadow\":{\"latency_ms\":500.0,\"error\":{\"kind\":\"timeout\",\"message\":\"no answer in 500 ms\"}},"
        + "\"verdict\":"
        + SHADOW_TIMED_OUT
        + "}";
  }

  /** The same record at another time. */
  static String at(String line, java.time.Instant time) {
    return line.replace("2026-11-23T09:00:00.000001Z", time.toString());
  }

  private static String side(String ms) {
    return "{\"status\":200,\"latency_ms\":"
        + ms
        + ",\"headers\":{},\"body_bytes\":9,\"body_format\":\"json\",\"body\":{\"d\":1}}";
  }
}
