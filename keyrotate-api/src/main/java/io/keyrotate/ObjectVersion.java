package io.keyrotate;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One version of one object as a store lists it: identity, size, time, user-visible metadata, tags,
 * lock state and the raw internal metadata from which {@link #encryption()} is parsed.
 *
 * <p>Immutable and thread-safe. Every component is non-null and so is every key and value of the three
 * maps; the constructor rejects a null with a {@link NullPointerException} naming the component (and the
 * map key), so code that receives a version never meets a null.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param versionId the version id, or {@code null} for an unversioned (or "null"-version) object
 * @param latest whether this is the latest version of the key
 * @param deleteMarker whether this version is a delete marker
 * @param size the stored size in bytes (encrypted size for encrypted objects)
 * @param modTime the modification time (Last-Modified)
 * @param userMetadata user-defined metadata under its full header name ({@code X-Amz-Meta-Owner}, not
 *     {@code Owner}) and the standard content headers ({@code Content-Type}, {@code Cache-Control},
 *     …); keys compare case-insensitively (of two keys differing only in case, the later one wins)
 * @param tags object tags (stored with case-sensitive keys; the {@code tags} filter compares keys
 *     case-insensitively)
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

  /**
   * Validates and copies the maps; user metadata becomes case-insensitive.
   *
   * @throws NullPointerException naming the component when a component, map key or map value is null
   * @throws IllegalArgumentException when {@code size} or {@code partCount} is negative
   */
  public ObjectVersion {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(modTime, "modTime");
    Objects.requireNonNull(lock, "lock");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    if (partCount < 0) {
      throw new IllegalArgumentException("partCount must not be negative: " + partCount);
    }
    userMetadata = copy("userMetadata", userMetadata, String.CASE_INSENSITIVE_ORDER);
    tags = copy("tags", tags, Comparator.naturalOrder());
    internalMetadata = copy("internalMetadata", internalMetadata, Comparator.naturalOrder());
  }

  private static Map<String, String> copy(
      String name, Map<String, String> map, Comparator<String> order) {
    Objects.requireNonNull(map, name);
    TreeMap<String, String> out = new TreeMap<>(order);
    for (Map.Entry<String, String> e : map.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), () -> name + " has a null key");
      String v = Objects.requireNonNull(e.getValue(), () -> name + " has a null value for key " + k);
      out.put(k, v);
    }
    return Collections.unmodifiableMap(out);
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
   * A short identity for messages and reports: {@code bucket/key} plus the version id when present,
   * with control characters escaped so that it stays on one line.
   *
   * @return e.g. {@code photos/cat.png@3f2a...} or {@code photos/cat.png}
   */
  public String describe() {
    return io.keyrotate.internal.Texts.oneLine(
        bucket + "/" + key + (versionId == null ? "" : "@" + versionId));
  }
}
