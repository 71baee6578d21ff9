package io.keyrotate.runner;

import java.util.Locale;

/** The state of a job run. */
public enum JobState {
  /** Listing and processing versions. */
  RUNNING,
  /** Paused by {@link JobHandle#pause()}: no new version is started; in-flight ones finish. */
  PAUSED,
  /** Finished: every selected version was changed or skipped by rule. */
  COMPLETE,
  /**
   * Finished with failures: some selected version failed, the listing failed, or the failure threshold
   * aborted the job.
   */
  FAILED,
  /** Canceled by {@link JobHandle#cancel()}. */
  CANCELED;

  /**
   * Whether the run is over.
   *
   * @return {@code true} for {@link #COMPLETE}, {@link #FAILED} and {@link #CANCELED}
   */
  public boolean isTerminal() {
    return this == COMPLETE || this == FAILED || this == CANCELED;
  }

  /**
   * The webhook and report spelling.
   *
   * @return e.g. {@code complete}
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
