package dev.shadowpipeline.report.site;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When each job was meant to run, where a schedule says so. With it the dashboard shows a scheduled run that left no
 * trace in the history (the scheduler was down, the machine asleep) as a gap with a marker on the trend axes, and a
 * configured job that never ran as a card of its own; without it ({@link #NONE}), only recorded runs are known.
 */
public interface RunSchedule {

  /** No schedule known: nothing is expected. */
  RunSchedule NONE =
      new RunSchedule() {
        @Override
        public Set<String> jobs() {
          return Set.of();
        }

        @Override
        public Optional<Instant> next(String job, Instant after) {
          return Optional.empty();
        }

        @Override
        public String describe(String job) {
          return "";
        }
      };

  /** The jobs that are configured to run. */
  Set<String> jobs();

  /** The job's first scheduled time strictly after {@code after}; empty when the job has no schedule known here. */
  Optional<Instant> next(String job, Instant after);

  /** How the job's schedule reads in a marker's text, e.g. {@code '0 9 * * *' UTC}. */
  String describe(String job);
}
