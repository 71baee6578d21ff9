package io.keyrotate.runner;

import io.keyrotate.spi.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a running job. Counts include what a resumed job's checkpoint carried over; rates are
 * averages over this run's time so far.
 *
 * @param jobId the job id
 * @param state the state
 * @param startTime when this run started
 * @param elapsed time since this run started
 * @param listed versions the lister has handed to the workers in this run
 * @param inFlight versions listed but not finished (queued or being worked on)
 * @param finished versions finished (all outcomes)
 * @param changed versions encrypted, converted or rewrapped (planned, in a dry run)
 * @param skipped versions skipped by rule
 * @param notSelected versions rejected by the filters
 * @param failed versions that failed
 * @param bytes stored bytes of the changed versions
 * @param kmsCalls KMS calls made
 * @param objectsPerSecond finished versions per second in this run
 * @param bytesPerSecond changed bytes per second in this run
 * @param kmsCallsPerSecond KMS calls per second in this run
 * @param checkpoint the checkpoint position: every version up to it is finished, or {@code null}
 */
public record JobStatus(
    String jobId,
    JobState state,
    Instant startTime,
    Duration elapsed,
    long listed,
    long inFlight,
    long finished,
    long changed,
    long skipped,
    long notSelected,
    long failed,
    long bytes,
    long kmsCalls,
    double objectsPerSecond,
    double bytesPerSecond,
    double kmsCallsPerSecond,
    @Nullable ObjectRef checkpoint) {
  /** Checks the required components. */
  public JobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
