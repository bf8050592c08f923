package dev.shadowpipeline.app.monitor;

import dev.shadowpipeline.report.site.RunSchedule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The monitor's jobs and their cron schedules, as the dashboard asks for them to show runs that never happened. */
final class JobSchedules implements RunSchedule {

  private final Map<String, CronSchedule> byJob = new LinkedHashMap<>();

  JobSchedules(List<MonitorConfig.Job> jobs) {
    for (MonitorConfig.Job job : jobs) {
      byJob.put(job.name(), job.schedule());
    }
  }

  @Override
  public Set<String> jobs() {
    return Set.copyOf(byJob.keySet());
  }

  @Override
  public Optional<Instant> next(String job, Instant after) {
    CronSchedule schedule = byJob.get(job);
    return schedule == null ? Optional.empty() : schedule.next(after);
  }

  @Override
  public String describe(String job) {
    CronSchedule schedule = byJob.get(job);
    return schedule == null ? "" : "'" + schedule.expression() + "' UTC";
  }
}
