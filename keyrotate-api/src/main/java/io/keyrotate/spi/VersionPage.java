package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a version listing.
 *
 * @param versions the versions in listing order: keys ascending by their UTF-8 bytes (unsigned), the
 *     versions of one key newest first, delete markers included
 * @param next the marker to pass as {@link ListRequest#startAfter()} for the following page, or {@code
 *     null} when the listing is complete; never {@code null} on a page that stopped at {@code maxResults}
 *     while more versions followed
 */
public record VersionPage(List<ObjectVersion> versions, @Nullable ObjectRef next) {
  /** Copies the list. */
  public VersionPage {
    versions = List.copyOf(versions);
  }

  /**
   * Whether more versions may follow.
   *
   * @return {@code next() != null}
   */
  public boolean isTruncated() {
    return next != null;
  }
}
