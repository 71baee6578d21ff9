package io.keyrotate.runner;

import io.keyrotate.spi.ObjectRef;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one object version the job's listing visited. Every visited version produces exactly
 * one outcome, which goes to every {@link JobListener} and, when configured, to one line of the JSON-lines
 * report.
 *
 * <p>{@link #action()} is the final classification: {@code ENCRYPT}, {@code CONVERT} or {@code REWRAP} for
 * a version that was (or in a dry run would be) changed, {@code SKIP} or {@code NOT_SELECTED} for one left
 * alone, and {@code FAIL} for one that was not (or would not be) changed because of an error — a failed
 * attempt to rewrap is a {@code FAIL} whose {@link #detail()} names the attempted action. {@link
 * #reason()} is a stable code: the name of the policy's reason enum constant (e.g. {@code PLAINTEXT},
 * {@code LOCKED}, {@code INVALID_ENCRYPTION_METADATA}), of a {@link RunnerReason}, or for {@code
 * NOT_SELECTED} the job-file name of the filter that rejected the version (e.g. {@code kmskey}).
 *
 * <p>Immutable and thread-safe. Contains no secret: bucket, key, version id, codes, a human detail and
 * sizes only.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param versionId the version id, or {@code null} for the unversioned version
 * @param action the final classification
 * @param reason the stable reason code
 * @param result done, planned (dry run) or failed
 * @param detail a one-line human explanation; not a stable format
 * @param size the version's stored size in bytes, as listed
 * @param attempts how many times the job tried to change the version (0 when it did not try)
 */
public record ObjectOutcome(
    String bucket,
    String key,
    @Nullable String versionId,
    Action action,
    String reason,
    Result result,
    String detail,
    long size,
    int attempts) {

  /** The final classification of a version (the {@code action} of a JSON line). */
  public enum Action {
    /** A plaintext version encrypted as SSE-KMS under the target key (data rewritten). */
    ENCRYPT,
    /** An SSE-S3 version converted to SSE-KMS under the target key (object key resealed). */
    CONVERT,
    /** An SSE-KMS version whose object key was resealed under a fresh data key of the target key. */
    REWRAP,
    /** A selected version deliberately left unchanged (locked, SSE-C, already current, ...). */
    SKIP,
    /** A version outside the job's filters. */
    NOT_SELECTED,
    /** A selected version that could not be changed. */
    FAIL;

    /**
     * Whether this action changes the stored version.
     *
     * @return {@code true} for {@link #ENCRYPT}, {@link #CONVERT} and {@link #REWRAP}
     */
    public boolean changesObject() {
      return this == ENCRYPT || this == CONVERT || this == REWRAP;
    }
  }

  /** Whether the outcome happened, is planned, or failed (the {@code outcome} of a JSON line). */
  public enum Result {
    /** Done: the version was changed, or left alone on purpose. */
    DONE,
    /** Dry run: this is what a run would do; nothing was written. */
    PLANNED,
    /** The version could not be changed; it is unchanged. */
    FAILED;

    /**
     * The JSON-lines spelling.
     *
     * @return {@code done}, {@code planned} or {@code failed}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The four answers of a dry run, per version. */
  public enum Plan {
    /** The version would be encrypted, converted or rewrapped. */
    WOULD_CHANGE,
    /** The version is already wrapped by the target key's current version. */
    ALREADY_CURRENT,
    /** The version would be skipped by a rule or is not selected by the filters. */
    WOULD_SKIP,
    /** The version would fail, with the reason given. */
    WOULD_FAIL
  }

  /** Checks the components. */
  public ObjectOutcome {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(detail, "detail");
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("reason must not be empty");
    }
    if (size < 0 || attempts < 0) {
      throw new IllegalArgumentException("size and attempts must not be negative");
    }
    if ((action == Action.FAIL) != (result == Result.FAILED) && result != Result.PLANNED) {
      throw new IllegalArgumentException(
          "action FAIL goes with result FAILED (or PLANNED in a dry run), got " + action + "/" + result);
    }
  }

  /**
   * The version's identity.
   *
   * @return bucket, key and version id
   */
  public ObjectRef ref() {
    return new ObjectRef(bucket, key, versionId);
  }

  /**
   * The dry-run category of this outcome.
   *
   * @return would change, already current, would skip, or would fail
   */
  public Plan plan() {
    if (action.changesObject()) {
      return Plan.WOULD_CHANGE;
    }
    if (action == Action.FAIL) {
      return Plan.WOULD_FAIL;
    }
    return action == Action.SKIP && reason.equals("ALREADY_CURRENT")
        ? Plan.ALREADY_CURRENT
        : Plan.WOULD_SKIP;
  }

  /**
   * A short identity for messages: {@code bucket/key} plus {@code @versionId} when present.
   *
   * @return the description
   */
  public String describe() {
    return bucket + "/" + key + (versionId == null ? "" : "@" + versionId);
  }

  /**
   * This outcome as one JSON object on one line (no trailing newline): {@code bucket}, {@code key},
   * {@code versionId}, {@code action}, {@code reason}, {@code outcome}, {@code size}, {@code attempts},
   * {@code detail}, and in a dry run {@code plan}.
   *
   * @return the JSON text
   */
  public String toJson() {
    Json j =
        new Json()
            .beginObject()
            .field("bucket", bucket)
            .field("key", key)
            .field("versionId", versionId)
            .field("action", action.name())
            .field("reason", reason)
            .field("outcome", result.wireName());
    if (result == Result.PLANNED) {
      j.field("plan", plan().name());
    }
    return j.field("size", size).field("attempts", attempts).field("detail", detail).endObject().toString();
  }
}
