package io.keyrotate.runner;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A started job: watch it, pause and resume it, cancel it, and wait for its report.
 *
 * <p>Thread-safe: every method may be called from any thread, any number of times.
 */
public interface JobHandle {
  /**
   * The job id: unique per job, and the same when the job is resumed after a crash.
   *
   * @return the id
   */
  String jobId();

  /**
   * A snapshot of the progress.
   *
   * @return counters, rates, state and checkpoint position
   */
  JobStatus status();

  /**
   * Pauses the job: no new version is started (versions in flight finish), and once nothing is in flight
   * a checkpoint with state {@code PAUSED} is saved, so a paused job can also be resumed by a new process
   * with {@link KeyRotation#resume}. No effect on a finished job.
   *
   * @return {@code true} when the job was running and is now paused
   */
  boolean pause();

  /**
   * Resumes a paused job.
   *
   * @return {@code true} when the job was paused
   */
  boolean resume();

  /**
   * Cancels the job: no new version is started, versions in flight finish their current attempt, and the
   * job ends {@code canceled} (a final checkpoint records it; a canceled job cannot be resumed). Idempotent;
   * no effect on a finished job.
   */
  void cancel();

  /**
   * Whether the job has ended and its report is available.
   *
   * @return {@code true} once {@link #await()} returns without waiting
   */
  boolean isDone();

  /**
   * Waits for the job to end.
   *
   * @return the final report
   * @throws InterruptedException when the waiting thread is interrupted (the job goes on)
   * @throws io.keyrotate.KeyRotateException when the runner itself broke down (a bug); the job's own
   *     failures are reported in the report, not thrown
   */
  JobReport await() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the job to end.
   *
   * @param timeout the longest wait
   * @return the final report
   * @throws InterruptedException when the waiting thread is interrupted (the job goes on)
   * @throws TimeoutException when the job has not ended in time (the job goes on)
   */
  JobReport await(Duration timeout) throws InterruptedException, TimeoutException;
}
