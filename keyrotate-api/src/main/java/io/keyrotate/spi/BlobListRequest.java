package io.keyrotate.spi;

import org.jspecify.annotations.Nullable;

/**
 * A request for one page of blob names.
 *
 * @param prefix only names starting with this string (for example {@code config/iam/}); empty for all
 * @param startAfter resume strictly after this name (the {@link BlobPage#next()} of the previous page), or
 *     {@code null} to start at the beginning
 * @param maxResults the largest number of entries, 1 to {@value ListRequest#MAX_RESULTS}
 */
public record BlobListRequest(String prefix, @Nullable String startAfter, int maxResults) {
  /** Validates the page size. */
  public BlobListRequest {
    if (maxResults < 1 || maxResults > ListRequest.MAX_RESULTS) {
      throw new IllegalArgumentException(
          "maxResults must be 1.." + ListRequest.MAX_RESULTS + ", was " + maxResults);
    }
  }

  /**
   * The first page of all blobs under a prefix, {@value ListRequest#DEFAULT_MAX_RESULTS} at a time.
   *
   * @param prefix the name prefix, empty for all
   * @return the request
   */
  public static BlobListRequest of(String prefix) {
    return new BlobListRequest(prefix, null, ListRequest.DEFAULT_MAX_RESULTS);
  }

  /**
   * The same request resuming after {@code name}.
   *
   * @param name the last name seen, or {@code null} for the beginning
   * @return a new request
   */
  public BlobListRequest withStartAfter(@Nullable String name) {
    return new BlobListRequest(prefix, name, maxResults);
  }
}
