package io.keyrotate.sse;

import io.keyrotate.internal.Texts;
import java.io.InputStream;
import java.util.List;

/**
 * What {@link SseToolkit#encrypt} encrypts: a plaintext stream for one object and how.
 *
 * @param bucket the bucket (bound into the sealed key and the KMS context)
 * @param object the object key (likewise)
 * @param plaintext the plaintext, read to its end for a single-part object and exactly {@code
 *     sum(partSizes)} bytes for a multipart one; not closed
 * @param sse SSE-S3, SSE-KMS or SSE-C
 * @param partSizes the plaintext size of each multipart part (each at least 1, at most 10000 parts), or
 *     empty for a single-part object
 */
public record EncryptObjectRequest(
    String bucket, String object, InputStream plaintext, SseSpec sse, List<Long> partSizes) {
  /** Validates the part layout. */
  public EncryptObjectRequest {
    partSizes = List.copyOf(partSizes);
    if (partSizes.size() > 10_000) {
      throw new IllegalArgumentException("at most 10000 parts");
    }
    for (long p : partSizes) {
      if (p < 1) {
        throw new IllegalArgumentException(
            "every part of " + bucket + "/" + Texts.clip(object) + " needs at least 1 byte");
      }
    }
  }

  /**
   * A single-part object.
   *
   * @param bucket the bucket
   * @param object the object key
   * @param plaintext the plaintext, read to its end
   * @param sse how to encrypt
   * @return the request
   */
  public static EncryptObjectRequest of(
      String bucket, String object, InputStream plaintext, SseSpec sse) {
    return new EncryptObjectRequest(bucket, object, plaintext, sse, List.of());
  }
}
