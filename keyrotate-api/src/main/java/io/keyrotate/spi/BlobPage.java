package io.keyrotate.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a blob listing.
 *
 * @param blobs entries in ascending order of their names' UTF-8 bytes
 * @param next the name to pass as {@link BlobListRequest#startAfter()} for the following page, or {@code
 *     null} when the listing is complete
 */
public record BlobPage(List<BlobInfo> blobs, @Nullable String next) {
  /** Copies the list. */
  public BlobPage {
    blobs = List.copyOf(blobs);
  }
}
