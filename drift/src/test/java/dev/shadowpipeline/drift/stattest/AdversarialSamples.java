package dev.shadowpipeline.drift.stattest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Samples that make bucketing hard, for the property tests of {@link KeyGrid}, {@link BucketedKs} and {@link
 * BucketedWasserstein}: ties, constant columns, signed zeros, subnormals, heavy tails, magnitudes from 1e-300 to
 * 1e300, values packed into one bucket, values on and around binade edges (where bucket edges fall), rounded normals
 * crossing zero (the benchmark's data), and mixtures of all of these; from one value up to a few hundred.
 */
final class AdversarialSamples {

  private AdversarialSamples() {}

  /** Finite values of one kind, or of every kind mixed, or one value repeated (a constant column). */
  static Arbitrary<double[]> finite() {
    List<Arbitrary<double[]>> shapes = new ArrayList<>();
    for (Arbitrary<Double> kind : kinds()) {
      shapes.add(kind.array(double[].class).ofMinSize(1).ofMaxSize(300));
    }
    shapes.add(
        Combinators.combine(anyValue(), Arbitraries.integers().between(1, 200))
            .as(
                (v, n) -> {
                  double[] constant = new double[n];
                  Arrays.fill(constant, v);
                  return constant;
                }));
    return Arbitraries.oneOf(shapes);
  }

  /** One finite value of any kind. */
  static Arbitrary<Double> anyValue() {
    return Arbitraries.oneOf(kinds());
  }

  private static List<Arbitrary<Double>> kinds() {
    Arbitrary<Double> ties = Arbitraries.integers().between(-3, 3).map(i -> (double) i);
    Arbitrary<Double> constant = Arbitraries.of(0.0, -0.0, 1.0, -2.5, 1e300, Double.MIN_VALUE);
    Arbitrary<Double> zeros =
        Arbitraries.of(0.0, -0.0, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1.0, -1.0);
    Arbitrary<Double> subnormal =
        Arbitraries.longs()
            .between(-2000, 2000)
            .map(k -> k * Double.MIN_VALUE)
            .injectDuplicates(0.2);
    Arbitrary<Double> heavyTail =
        Arbitraries.doubles()
            .between(-0.499, 0.499)
            .ofScale(6)
            .map(u -> Math.tan(Math.PI * u) * (u > 0.45 ? 1e6 : 1.0));
    Arbitrary<Double> logNormal =
        Arbitraries.doubles()
            .between(-8, 8)
            .ofScale(6)
            .map(z -> Math.exp(5 * z))
            .injectDuplicates(0.05);
    Arbitrary<Double> extremes =
        Arbitraries.of(
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            1e300,
            -1e300,
            1e-300,
            -1e-300,
            Double.MIN_NORMAL,
            -Double.MIN_NORMAL,
            Double.MIN_VALUE,
            0.0);
    Arbitrary<Double> oneBucket =
        Arbitraries.integers().between(0, 40).map(i -> 1.0 + i * Math.ulp(1.0));
    Arbitrary<Double> binadeEdges =
        Arbitraries.integers()
            .between(-8, 8)
            .flatMap(
                e ->
                    Arbitraries.of(
                        Math.scalb(1.0, e),
                        Math.nextDown(Math.scalb(1.0, e)),
                        Math.nextUp(Math.scalb(1.0, e)),
                        -Math.scalb(1.0, e),
                        -Math.nextDown(Math.scalb(1.0, e))));
    Arbitrary<Double> roundedNormal =
        Arbitraries.doubles()
            .between(-4, 4)
            .ofScale(9)
            .map(z -> Math.rint((0.5 + z) * 1e6) / 1e6)
            .injectDuplicates(0.02);
    return List.of(
        ties,
        constant,
        zeros,
        subnormal,
        heavyTail,
        logNormal,
        extremes,
        oneBucket,
        binadeEdges,
        roundedNormal,
        Arbitraries.lazy(AdversarialSamples::mixed));
  }

  private static Arbitrary<Double> mixed() {
    return Arbitraries.oneOf(kinds().subList(0, 10));
  }
}
