package io.keyrotate.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The resumable progress of one job, as a {@link CheckpointStore} keeps it.
 *
 * @param jobId the job id: 1..256 characters, no control characters, well-formed Unicode
 * @param definitionHash a digest of the job definition (for example hex SHA-256), so that a resume with a
 *     changed definition can be refused; 1..256 printable ASCII characters
 * @param doneThrough every version up to and including this one in listing order is done, or {@code null}
 *     when nothing is done yet; versions after it may or may not be
 * @param counters named non-negative counters (objects by action and reason, bytes, KMS calls, ...)
 * @param status the job's state when the checkpoint was taken
 * @param started when the job first started
 * @param updated when this checkpoint was taken
 */
public record JobCheckpoint(
    String jobId,
    String definitionHash,
    @Nullable ObjectRef doneThrough,
    Map<String, Long> counters,
    Status status,
    Instant started,
    Instant updated) {

  /** The state of a job. */
  public enum Status {
    /** Running, or interrupted without a clean stop (a crash). */
    RUNNING,
    /** Paused by the user; resumable. */
    PAUSED,
    /** Finished; every selected version was handled. */
    COMPLETE,
    /** Stopped by an error. */
    FAILED,
    /** Canceled by the user. */
    CANCELED
  }

  /** Validates the fields and copies the counters (sorted by name). */
  public JobCheckpoint {
    checkJobId(jobId);
    Checks.token(definitionHash, "definition hash");
    TreeMap<String, Long> copy = new TreeMap<>();
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      String name = e.getKey();
      long value = e.getValue();
      Checks.text(name, "counter name", 256);
      if (value < 0) {
        throw new IllegalArgumentException("counter '" + name + "' must not be negative: " + value);
      }
      copy.put(name, value);
    }
    counters = Collections.unmodifiableMap(copy);
    if (updated.isBefore(started)) {
      throw new IllegalArgumentException("updated " + updated + " is before started " + started);
    }
  }

  /**
   * Checks a job id: 1..256 characters, no control characters, well-formed Unicode.
   *
   * @param jobId the id
   * @return {@code jobId}
   * @throws IllegalArgumentException when it is malformed
   */
  public static String checkJobId(String jobId) {
    return Checks.text(jobId, "job id", 256);
  }
}
