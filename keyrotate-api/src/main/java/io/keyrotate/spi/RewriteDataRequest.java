package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-place compare-and-set replacement of one version's stored bytes and internal metadata, keeping
 * its version id, modification time, user metadata, tags, lock state and part count.
 *
 * <p>The store consumes {@code data} (exactly {@code size} bytes) before it commits, and does not close
 * it; a stream that ends early or holds more bytes fails the request with nothing written.
 *
 * @param expected the version as the caller last read it; the update applies only while the stored
 *     version still {@linkplain ObjectStore#sameState(ObjectVersion, ObjectVersion) matches} it
 * @param data the new stored bytes
 * @param size the number of new stored bytes
 * @param partSizes the new stored size of each part (one per part of {@code expected}, summing to {@code
 *     size}), or empty for a single-part object
 * @param internalMetadata the complete new internal metadata map, replacing the old one as a whole
 */
public record RewriteDataRequest(
    ObjectVersion expected,
    InputStream data,
    long size,
    List<Long> partSizes,
    Map<String, String> internalMetadata) {
  /** Checks the part layout against {@code expected} and copies the collections. */
  public RewriteDataRequest {
    if (expected.deleteMarker()) {
      throw new IllegalArgumentException("a delete marker has no data: " + expected.describe());
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    partSizes = List.copyOf(partSizes);
    if (partSizes.size() != expected.partCount()) {
      throw new IllegalArgumentException(
          "the part layout must be kept: " + expected.describe() + " has " + expected.partCount()
              + " parts, the request gives " + partSizes.size());
    }
    long sum = 0;
    for (long s : partSizes) {
      if (s < 0) {
        throw new IllegalArgumentException("part size must not be negative: " + s);
      }
      sum += s;
    }
    if (!partSizes.isEmpty() && sum != size) {
      throw new IllegalArgumentException(
          "part sizes add up to " + sum + " but size is " + size + " for " + expected.describe());
    }
    internalMetadata = Collections.unmodifiableMap(new TreeMap<>(internalMetadata));
  }
}
