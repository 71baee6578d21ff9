package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;
import org.jspecify.annotations.Nullable;

/**
 * The identity of one object version: bucket, key and version id. Used as the listing continuation
 * marker ({@link ListRequest#startAfter()}) and as the contiguous-done marker of a {@link JobCheckpoint}.
 *
 * @param bucket the bucket
 * @param key the object key (not empty)
 * @param versionId the version id, or {@code null} for the unversioned ("null") version of the key
 */
public record ObjectRef(String bucket, String key, @Nullable String versionId) {
  /** Validates that bucket and key are not empty. */
  public ObjectRef {
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  /**
   * The identity of a listed version.
   *
   * @param version a version as a store listed it
   * @return its bucket, key and version id
   */
  public static ObjectRef of(ObjectVersion version) {
    return new ObjectRef(version.bucket(), version.key(), version.versionId());
  }

  /**
   * A short identity for messages: {@code bucket/key} plus {@code @versionId} when present, with
   * control characters escaped so that it stays on one line.
   *
   * @return the description
   */
  public String describe() {
    return io.keyrotate.internal.Texts.oneLine(
        bucket + "/" + key + (versionId == null ? "" : "@" + versionId));
  }
}
