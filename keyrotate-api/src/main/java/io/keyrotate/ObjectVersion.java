package io.keyrotate;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One version of one object as a store lists it: identity, size, time, user-visible metadata, tags,
 * lock state and the raw internal metadata from which {@link #encryption()} is parsed.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param versionId the version id, or {@code null} for an unversioned (or "null"-version) object
 * @param latest whether this is the latest version of the key
 * @param deleteMarker whether this version is a delete marker
 * @param size the stored size in bytes (encrypted size for encrypted objects)
 * @param modTime the modification time (Last-Modified)
 * @param userMetadata user metadata and content headers; keys compare case-insensitively
 * @param tags object tags (S3 tag keys are case-sensitive)
 * @param lock retention and legal hold
 * @param partCount number of multipart parts, 0 for a single-part object
 * @param internalMetadata the server's internal metadata, including the {@code
 *     X-Minio-Internal-Server-Side-Encryption-*} entries (exact key spelling)
 */
public record ObjectVersion(
    String bucket,
    String key,
    @Nullable String versionId,
    boolean latest,
    boolean deleteMarker,
    long size,
    Instant modTime,
    Map<String, String> userMetadata,
    Map<String, String> tags,
    ObjectLock lock,
    int partCount,
    Map<String, String> internalMetadata) {

  /** Copies the maps; user metadata becomes case-insensitive. */
  public ObjectVersion {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    if (partCount < 0) {
      throw new IllegalArgumentException("partCount must not be negative: " + partCount);
    }
    TreeMap<String, String> meta = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    meta.putAll(userMetadata);
    userMetadata = Collections.unmodifiableMap(meta);
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    internalMetadata = Collections.unmodifiableMap(new TreeMap<>(internalMetadata));
  }

  /**
   * Parses the encryption state from {@link #internalMetadata()}.
   *
   * @return the state; never throws
   */
  public EncryptionState encryption() {
    return EncryptionState.parse(internalMetadata);
  }

  /**
   * A short identity for messages and reports: {@code bucket/key} plus the version id when present.
   *
   * @return e.g. {@code photos/cat.png@3f2a...} or {@code photos/cat.png}
   */
  public String describe() {
    return bucket + "/" + key + (versionId == null ? "" : "@" + versionId);
  }
}
