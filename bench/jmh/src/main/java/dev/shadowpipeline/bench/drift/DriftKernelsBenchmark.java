package dev.shadowpipeline.bench.drift;

import dev.shadowpipeline.drift.stattest.Binning;
import dev.shadowpipeline.drift.stattest.NumericPair;
import dev.shadowpipeline.drift.stattest.StatTest;
import dev.shadowpipeline.drift.stattest.StatTests;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot kernels of a numeric column's drift check, per column, for n reference and n current values: sorting one
 * side, and the full {@code ks}, {@code wasserstein} and binned {@code psi} tests ({@code psi} sorts copies of both
 * sides; {@code ks} and {@code wasserstein} count both over a grid of buckets and sort only a few buckets), plus
 * {@link Binning#shares}.
 *
 * <p>Run: {@code bench/jmh-drift.sh} (builds, runs with short settings, writes {@code bench/results/jmh-drift.md}), or
 * {@code java -jar bench/jmh/target/benchmarks.jar DriftKernels} after building as that script does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DriftKernelsBenchmark {

  @Param({"10000", "1000000"})
  public int n;

  private double[] reference;
  private double[] current;
  private NumericPair pair;
  private final StatTest ks = StatTests.byName("ks");
  private final StatTest wasserstein = StatTests.byName("wasserstein");
  private final StatTest psi = StatTests.byName("psi");

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    reference = new double[n];
    current = new double[n];
    for (int i = 0; i < n; i++) {
      reference[i] = 50_000 + 10_000 * gaussian(random);
      current[i] = 52_000 + 10_000 * gaussian(random);
    }
    pair = new NumericPair(reference, current);
  }

  private static double gaussian(SplittableRandom random) {
    double t = 0;
    for (int i = 0; i < 12; i++) {
      t += random.nextDouble();
    }
    return t - 6;
  }

  /** Arrays.sort of a copy of one side: the floor under every rank-based test. */
  @Benchmark
  public double[] sortOneSide() {
    double[] copy = reference.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** Two-sample KS, scipy's method='auto' (asymptotic p above 10000 per side). */
  @Benchmark
  public double ks() {
    return ks.test(pair, 0.05).score();
  }

  /** Normed Wasserstein distance. */
  @Benchmark
  public double wasserstein() {
    return wasserstein.test(pair, 0.1).score();
  }

  /** Evidently's binning: Sturges bins over the combined range, shares per side. */
  @Benchmark
  public Binning.Shares binning() {
    return Binning.shares(pair, true);
  }

  /** PSI on the binned shares. */
  @Benchmark
  public double psi() {
    return psi.test(pair, 0.1).score();
  }
}
