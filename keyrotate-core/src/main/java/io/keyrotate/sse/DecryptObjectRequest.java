package io.keyrotate.sse;

import io.keyrotate.SecretBytes;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SseToolkit#decrypt} needs to return a plaintext range of a stored object.
 *
 * @param bucket the bucket
 * @param object the object key
 * @param internalMetadata the object's internal metadata (its {@code X-Minio-Internal-*} entries)
 * @param storedPartSizes the stored size of each part, or empty for a single-part object
 * @param storedSize the total stored size
 * @param stored opens ranges of the stored bytes
 * @param offset the first plaintext byte, {@code 0 <= offset <= plaintext size}
 * @param length the number of plaintext bytes, or {@code -1} for everything from {@code offset}
 * @param customerKey the SSE-C key for SSE-C objects, else {@code null}
 */
public record DecryptObjectRequest(
    String bucket,
    String object,
    Map<String, String> internalMetadata,
    List<Long> storedPartSizes,
    long storedSize,
    StoredBytes stored,
    long offset,
    long length,
    @Nullable SecretBytes customerKey) {
  /** Validates sizes and copies the collections. */
  public DecryptObjectRequest {
    internalMetadata = Map.copyOf(internalMetadata);
    storedPartSizes = List.copyOf(storedPartSizes);
    if (offset < 0 || length < -1 || storedSize < 0) {
      throw new IllegalArgumentException("offset, length and size must not be negative");
    }
    if (!storedPartSizes.isEmpty()
        && storedPartSizes.stream().mapToLong(Long::longValue).sum() != storedSize) {
      throw new IllegalArgumentException("stored part sizes do not add up to the stored size");
    }
  }
}
