package dev.shadowpipeline.drift.stattest;

/**
 * Energy distance, {@code scipy.stats.energy_distance(ref, cur)} = sqrt(2 &int; (F<sub>ref</sub> -
 * F<sub>cur</sub>)&sup2;), Evidently's {@code ed} (here named {@code energy_distance}). Not normalised, so the
 * threshold is in the column's units. Drift when the distance is &gt; threshold (Evidently's strict rule; default
 * 0.1).
 */
final class EnergyDistanceTest extends AbstractStatTest {

  EnergyDistanceTest() {
    super("energy_distance", TestKind.DISTANCE, 0.1, Decision.ABOVE, ColumnType.NUMERIC);
  }

  @Override
  StatTestResult compute(ColumnPair data, double threshold) {
    NumericPair pair = KsTest.requireNumeric(data);
    double distance =
        CdfDistance.energy(
            Samples.sortedCopy(pair.reference()), Samples.sortedCopy(pair.current()));
    return result(distance, distance, threshold);
  }
}
