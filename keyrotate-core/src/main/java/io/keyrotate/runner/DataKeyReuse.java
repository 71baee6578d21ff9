package io.keyrotate.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * Opt-in reuse of one KMS data key for several objects (the trade-off of S3 Bucket Keys): fewer KMS calls,
 * at the price that one data key protects up to {@code maxObjects} objects, and that their KMS context
 * binds the bucket rather than each object.
 *
 * <p>Every object still has its own object key and its own sealing (the sealing key is derived from the
 * data key, a fresh random IV and the object's path), so objects stay independently rotatable; only the
 * KMS ciphertext is shared. MinIO reads such objects because the context (bucket → bucket, plus the job's
 * context) is stored in the object's {@code …-Context} entry.
 *
 * @param maxObjects the most objects one data key is used for, at least 1
 * @param maxAge how long one data key is used, positive
 */
public record DataKeyReuse(int maxObjects, Duration maxAge) {
  /** Validates the bounds. */
  public DataKeyReuse {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxObjects < 1) {
      throw new IllegalArgumentException("maxObjects must be at least 1, got " + maxObjects);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
  }
}
