package io.keyrotate.spi;

import org.jspecify.annotations.Nullable;

/**
 * A request for one page of object versions.
 *
 * @param bucket the bucket to list
 * @param prefix only keys starting with this prefix (compared as UTF-8 bytes); empty for all keys
 * @param startAfter resume strictly after this version in listing order (the {@link VersionPage#next()}
 *     of the previous page, or a checkpoint marker), or {@code null} to start at the beginning; its bucket
 *     must be {@code bucket}
 * @param maxResults the largest number of versions to return, 1 to {@value #MAX_RESULTS}
 */
public record ListRequest(
    String bucket, String prefix, @Nullable ObjectRef startAfter, int maxResults) {
  /** The default page size. */
  public static final int DEFAULT_MAX_RESULTS = 1000;

  /** The largest page size a caller may ask for. */
  public static final int MAX_RESULTS = 10_000;

  /** Validates the bucket, the page size and the marker's bucket. */
  public ListRequest {
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    if (maxResults < 1 || maxResults > MAX_RESULTS) {
      throw new IllegalArgumentException(
          "maxResults must be 1.." + MAX_RESULTS + ", was " + maxResults);
    }
    if (startAfter != null && !startAfter.bucket().equals(bucket)) {
      throw new IllegalArgumentException(
          "startAfter is in bucket '" + startAfter.bucket() + "', not '" + bucket + "'");
    }
  }

  /**
   * The first page of all versions under a prefix, {@value #DEFAULT_MAX_RESULTS} at a time.
   *
   * @param bucket the bucket
   * @param prefix the key prefix, empty for all keys
   * @return the request
   */
  public static ListRequest of(String bucket, String prefix) {
    return new ListRequest(bucket, prefix, null, DEFAULT_MAX_RESULTS);
  }

  /**
   * The same request resuming after {@code marker}.
   *
   * @param marker where to resume, or {@code null} for the beginning
   * @return a new request
   */
  public ListRequest withStartAfter(@Nullable ObjectRef marker) {
    return new ListRequest(bucket, prefix, marker, maxResults);
  }

  /**
   * The same request with another page size.
   *
   * @param max 1 to {@value #MAX_RESULTS}
   * @return a new request
   */
  public ListRequest withMaxResults(int max) {
    return new ListRequest(bucket, prefix, startAfter, max);
  }
}
