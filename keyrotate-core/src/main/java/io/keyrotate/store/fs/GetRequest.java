package io.keyrotate.store.fs;

import io.keyrotate.SecretBytes;
import org.jspecify.annotations.Nullable;

/**
 * A request to read an object's plaintext from a {@link FileObjectStore}.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param versionId the version, or {@code null} for the latest
 * @param offset the first plaintext byte
 * @param length the number of plaintext bytes, or {@code -1} for the rest of the object
 * @param customerKey the SSE-C key when the object is SSE-C encrypted, else {@code null} (not copied;
 *     the caller closes it)
 */
public record GetRequest(
    String bucket,
    String key,
    @Nullable String versionId,
    long offset,
    long length,
    @Nullable SecretBytes customerKey) {
  /** Validates the range. */
  public GetRequest {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("offset must be >= 0 and length >= -1");
    }
  }

  /**
   * The whole latest version of an object that is not SSE-C encrypted.
   *
   * @param bucket the bucket
   * @param key the object key
   * @return the request
   */
  public static GetRequest of(String bucket, String key) {
    return new GetRequest(bucket, key, null, 0, -1, null);
  }
}
