package io.keyrotate.runner;

/**
 * Receives a job's events: the per-object audit trail and progress. All methods have empty defaults.
 *
 * <p>{@link #objectFinished} is called from worker threads, concurrently; implementations must be
 * thread-safe and fast (they run on the job's critical path). An exception thrown by a listener is
 * caught, counted in {@link JobReport#warnings()} and does not stop the job. An outcome is always
 * delivered before the checkpoint can move past its version.
 *
 * <p>Lives in the runner package (not with the SPIs in keyrotate-api) because its events are runner
 * types.
 */
public interface JobListener {
  /**
   * The job started (or resumed) and passed validation; no object has been touched yet.
   *
   * @param status the initial status
   */
  default void jobStarted(JobStatus status) {}

  /**
   * One visited version is finished. Called exactly once per visited version.
   *
   * @param outcome what happened
   */
  default void objectFinished(ObjectOutcome outcome) {}

  /**
   * Periodic progress, at each checkpoint interval.
   *
   * @param status the current status
   */
  default void progress(JobStatus status) {}

  /**
   * The job ended; no further event follows.
   *
   * @param report the final report
   */
  default void jobFinished(JobReport report) {}
}
