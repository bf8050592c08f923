package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.shadow.metrics.ProxyMetrics.SkipReason;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MirrorPolicyTest {

  private static final ShadowTarget TARGET =
      ShadowTarget.initial(
          ProxyConfig.builder("http://p:1", "http://s:1")
              .sampleKey("X-User")
              .mirrorMethods(Set.of("POST"))
              .build());

  @Test
  void theHashIsStableAndSpreadsSimilarKeys() {
    // a fixed value, so a change of the hash (which would reshuffle every user) fails here first
    assertThat(MirrorPolicy.unitHash("user-1")).isEqualTo(MirrorPolicy.unitHash("user-1"));
    int below = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double h = MirrorPolicy.unitHash("user-" + i);
      assertThat(h).isBetween(0.0, 1.0).isLessThan(1.0);
      if (h < 0.25) {
        below++;
      }
    }
    // binomial(20000, 0.25): mean 5000, sd 61; 5 sd either side
    assertThat(below).isBetween(4694, 5306);
  }

  @Test
  void raisingTheRateOnlyAddsKeys() {
    MultiMap headers = HttpHeaders.headers();
    MirrorPolicy policy = new MirrorPolicy(() -> 0.0);
    for (int i = 0; i < 1000; i++) {
      headers.set("X-User", "u" + i);
      boolean atLow = policy.skipReason("POST", headers, target(0.2)) == null;
      boolean atHigh = policy.skipReason("POST", headers, target(0.6)) == null;
      assertThat(!atLow || atHigh).isTrue();
    }
  }

  @Test
  void pausedAndMethodComeBeforeSampling() {
    MirrorPolicy policy = new MirrorPolicy(() -> 0.0);
    MultiMap none = HttpHeaders.headers();
    assertThat(policy.skipReason("POST", none, target(1).withPaused(true)))
        .isEqualTo(SkipReason.PAUSED);
    assertThat(policy.skipReason("GET", none, target(1))).isEqualTo(SkipReason.METHOD);
    assertThat(policy.skipReason("POST", none, target(0))).isEqualTo(SkipReason.SAMPLING);
    // without the key header the draw is random: the injected source decides
    assertThat(new MirrorPolicy(() -> 0.49).skipReason("POST", none, target(0.5))).isNull();
    assertThat(new MirrorPolicy(() -> 0.51).skipReason("POST", none, target(0.5)))
        .isEqualTo(SkipReason.SAMPLING);
  }

  @Test
  void theTargetAloneDecides() {
    // one policy, two targets: what is mirrored follows the target in hand, the configuration is
    // not consulted
    MirrorPolicy policy = new MirrorPolicy(() -> 0.0);
    MultiMap none = HttpHeaders.headers();
    ShadowTarget everyMethod = new ShadowTarget(TARGET.address(), 1, null, Set.of(), false);
    assertThat(policy.skipReason("GET", none, TARGET)).isEqualTo(SkipReason.METHOD);
    assertThat(policy.skipReason("GET", none, everyMethod)).isNull();
    MultiMap user = HttpHeaders.headers().set("X-User", "u-out");
    double hash = MirrorPolicy.unitHash("u-out");
    // at a rate equal to the key's hash this user is out when the key decides, and the draw of 0
    // lets it in when
    // there is no key
    assertThat(policy.skipReason("POST", user, target(hash))).isEqualTo(SkipReason.SAMPLING);
    assertThat(
            policy.skipReason(
                "POST", user, new ShadowTarget(TARGET.address(), hash, null, Set.of(), false)))
        .isNull();
  }

  @Test
  void anOperatorsChangeKeepsTheSampleKeyAndMethods() {
    ShadowControl control = new ShadowControl(TARGET);
    control.update("http://other:2", 0.3, true);
    ShadowTarget now = control.current();
    assertThat(now.address().host()).isEqualTo("other");
    assertThat(now.sampleRate()).isEqualTo(0.3);
    assertThat(now.paused()).isTrue();
    assertThat(now.sampleKey()).isEqualTo("X-User");
    assertThat(now.mirrorMethods()).containsExactly("POST");
  }

  private static ShadowTarget target(double rate) {
    return TARGET.withSampleRate(rate);
  }
}
