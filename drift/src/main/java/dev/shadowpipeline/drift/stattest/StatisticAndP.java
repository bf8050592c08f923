package dev.shadowpipeline.drift.stattest;

/**
 * A test statistic and its p-value, as the p-value tests compute them before the drift decision.
 *
 * <p>Either may be NaN: a test that cannot run on degenerate data says so with NaN rather than an exception (each
 * test's Javadoc says when).
 *
 * @param statistic the test statistic
 * @param pValue the p-value
 */
record StatisticAndP(double statistic, double pValue) {}
