package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.metrics.ProxyStats;
import dev.shadowpipeline.shadow.summary.ComparisonAggregator;
import dev.shadowpipeline.shadow.summary.ComparisonSummary;

/**
 * The summary a running proxy shows ({@code /summary}, and the report it writes when it stops): the aggregates of its
 * records, plus what no record can say — the copies it dropped, the pairs it could not record and the pairs it shed
 * while its event loops lagged (its comparison is then a sample) — in its own row of
 * the per-instance counts.
 */
final class LiveSummary {

  private LiveSummary() {}

  static ComparisonSummary of(ProxyCore core, ComparisonAggregator aggregator) {
    ComparisonSummary summary = aggregator.summary();
    ProxyStats stats = core.metrics.stats();
    return summary.withInstanceDrops(
        core.instanceId,
        new ComparisonSummary.Drops(
            stats.dropped(), stats.recordDrops(), core.shedding.shedCount()));
  }
}
