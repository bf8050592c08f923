/**
 * The statistical tests of the drift engine: each {@link dev.shadowpipeline.drift.stattest.StatTest} compares one
 * column's reference and current values and says whether it drifted.
 *
 * <p>Tests are found by name in {@link dev.shadowpipeline.drift.stattest.StatTests}; the test used when none is
 * configured follows Evidently's rule in {@link dev.shadowpipeline.drift.stattest.DefaultTestRule}. P-value tests match
 * scipy (the version is cited in each test's unit test); distances match Evidently's definitions; where we deliberately
 * differ, the test's Javadoc says so. Numeric work is on primitive arrays, O(n log n) at most; {@code ks} and {@code
 * wasserstein} read each value a few times and sort only the values of the few buckets, of a grid over both samples,
 * where the answer could still change ({@code BucketedKs}, {@code BucketedWasserstein}).
 *
 * <p>Evidently 0.7's own versions, for {@code --compat evidently}, are found in {@link
 * dev.shadowpipeline.drift.stattest.StatTests#findEvidently}; {@code tvd}'s permutations come from numpy's legacy
 * MT19937 stream, reproduced word for word ({@code LegacyRandomState}).
 */
package dev.shadowpipeline.drift.stattest;
