package dev.shadowpipeline.shadow.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.shadow.exchange.BodyDigest;
import dev.shadowpipeline.shadow.memory.ByteBudget;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * However a body arrives in chunks, the capture keeps exactly its first bytes up to the limit, and its digest is the
 * SHA-256 of the whole body (checked against the JDK's {@link MessageDigest} over the body in one piece), with every
 * reserved byte given back on release.
 */
class BodyCaptureProperties {

  record Chunked(byte[] body, List<Integer> cuts) {}

  @Provide
  Arbitrary<Chunked> chunkedBodies() {
    Arbitrary<byte[]> bodies =
        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(5_000);
    Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(1, 700).list().ofMaxSize(40);
    return Combinators.combine(bodies, cuts).as(Chunked::new);
  }

  private static BodyCapture feed(BodyCapture capture, Chunked c) {
    int at = 0;
    for (int cut : c.cuts()) {
      if (at >= c.body().length) {
        break;
      }
      int end = Math.min(c.body().length, at + cut);
      capture.add(Buffer.buffer(Arrays.copyOfRange(c.body(), at, end)));
      at = end;
    }
    if (at < c.body().length) {
      capture.add(Buffer.buffer(Arrays.copyOfRange(c.body(), at, c.body().length)));
    }
    return capture;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Property
  void keepsThePrefixAndDigestsTheWhole(
      @ForAll("chunkedBodies") Chunked c, @ForAll @IntRange(min = 1, max = 3_000) int limit)
      throws Exception {
    ByteBudget budget = new ByteBudget("test", 1L << 20);
    BodyCapture capture = feed(BodyCapture.upTo(limit, budget), c);

    byte[] body = c.body();
    assertThat(capture.total()).isEqualTo(body.length);
    assertThat(capture.bytes()).isEqualTo(Arrays.copyOf(body, Math.min(limit, body.length)));
    assertThat(capture.truncated()).isEqualTo(body.length > limit);
    BodyDigest digest = capture.digest();
    if (body.length > limit) {
      assertThat(digest).isEqualTo(new BodyDigest(body.length, sha256(body)));
    } else {
      assertThat(digest).isNull();
    }
    assertThat(budget.used()).isEqualTo(Math.min(limit, body.length));
    capture.release();
    assertThat(budget.used()).isZero();
  }

  @Property
  void aRequestCopyKeepsAllAndDigestsPastTheRecordLimit(
      @ForAll("chunkedBodies") Chunked c, @ForAll @IntRange(min = 1, max = 3_000) int recordLimit)
      throws Exception {
    ByteBudget budget = new ByteBudget("test", 1L << 20);
    BodyCapture copy = feed(new BodyCapture(10_000, recordLimit, budget), c);

    assertThat(copy.bytes()).isEqualTo(c.body());
    assertThat(copy.prefix(recordLimit))
        .isEqualTo(Arrays.copyOf(c.body(), Math.min(recordLimit, c.body().length)));
    if (c.body().length > recordLimit) {
      assertThat(copy.digest()).isEqualTo(new BodyDigest(c.body().length, sha256(c.body())));
    }
  }

  @Property
  void aRefusingBudgetStopsKeepingButTheDigestStaysExact(
      @ForAll("chunkedBodies") Chunked c, @ForAll @IntRange(min = 1, max = 2_000) int budgetBytes)
      throws Exception {
    ByteBudget budget = new ByteBudget("test", budgetBytes);
    BodyCapture capture = feed(BodyCapture.upTo(10_000, budget), c);

    byte[] kept = capture.bytes();
    assertThat(kept.length).isLessThanOrEqualTo(budgetBytes);
    assertThat(kept).isEqualTo(Arrays.copyOf(c.body(), kept.length)); // always a prefix
    if (capture.truncated()) {
      assertThat(capture.refused()).isTrue();
      assertThat(capture.digest()).isEqualTo(new BodyDigest(c.body().length, sha256(c.body())));
    }
    capture.release();
    assertThat(budget.used()).isZero();
  }
}
