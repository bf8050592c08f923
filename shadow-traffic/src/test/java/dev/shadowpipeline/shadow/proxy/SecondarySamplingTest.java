package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Which mirrored requests also go to the secondary: {@code --secondary-sample-rate} is a share of all requests, so
 * the draw among mirrored ones is conditional, and with a sample key it is nested in the shadow's.
 */
class SecondarySamplingTest {

  private static ShadowTarget target(double rate, String sampleKey) {
    ProxyConfig.Builder b = ProxyConfig.builder("http://p:1", "http://s:1").sampleRate(rate);
    if (sampleKey != null) {
      b.sampleKey(sampleKey);
    }
    return ShadowTarget.initial(b.build());
  }

  @Test
  void withoutARateEveryMirroredRequestGoesToTheSecondary() {
    MirrorPolicy policy = new MirrorPolicy(() -> 0.999);
    assertThat(policy.secondarySelected(HttpHeaders.headers(), target(0.3, null), Double.NaN))
        .isTrue();
  }

  @Test
  void aRandomDrawIsConditionalOnBeingMirrored() {
    AtomicReference<Double> draw = new AtomicReference<>(0.0);
    MirrorPolicy policy = new MirrorPolicy(draw::get);
    ShadowTarget half = target(0.5, null);
    // a share of 0.1 of all requests among the half that is mirrored: 0.1 / 0.5 = 0.2 of them
    draw.set(0.1999);
    assertThat(policy.secondarySelected(HttpHeaders.headers(), half, 0.1)).isTrue();
    draw.set(0.2001);
    assertThat(policy.secondarySelected(HttpHeaders.headers(), half, 0.1)).isFalse();
    // at the shadow's own rate, every mirrored request; at 0, none
    assertThat(policy.secondarySelected(HttpHeaders.headers(), half, 0.5)).isTrue();
    draw.set(0.0);
    assertThat(policy.secondarySelected(HttpHeaders.headers(), half, 0.0)).isFalse();
  }

  @Test
  void withASampleKeyTheSecondarysUsersAreAmongTheShadows() {
    MirrorPolicy policy = new MirrorPolicy(() -> 0.0);
    ShadowTarget target = target(0.5, "X-User");
    int mirrored = 0;
    int secondary = 0;
    for (int i = 0; i < 20_000; i++) {
      MultiMap headers = HttpHeaders.headers().add("X-User", "user-" + i);
      boolean toShadow = policy.skipReason("POST", headers, target) == null;
      boolean toSecondary = policy.secondarySelected(headers, target, 0.2);
      // the same user, the same decision on every request
      assertThat(policy.secondarySelected(headers, target, 0.2)).isEqualTo(toSecondary);
      if (toShadow) {
        mirrored++;
        if (toSecondary) {
          secondary++;
        }
      } else {
        // only ever asked for mirrored requests; were it asked, the hash would still say no
        assertThat(toSecondary).isFalse();
      }
    }
    // binomial(20000, 0.5) and (20000, 0.2): means 10000 and 4000, sd 71 and 57; 5 sd either side
    assertThat(mirrored).isBetween(9645, 10355);
    assertThat(secondary).isBetween(3717, 4283);
  }

  @Test
  void theConfigRefusesASecondaryRateAboveTheSampleRate() {
    assertThatThrownBy(
            () ->
                ProxyConfig.builder("http://p:1", "http://s:1")
                    .sampleRate(0.2)
                    .secondary("http://p2:1")
                    .secondarySampleRate(0.5)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0.5) must not be above the sample rate (0.2)");
    assertThatThrownBy(
            () -> ProxyConfig.builder("http://p:1", "http://s:1").secondarySampleRate(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a secondary");
    assertThatThrownBy(
            () -> ProxyConfig.builder("http://p:1", "http://s:1").secondarySampleRate(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
