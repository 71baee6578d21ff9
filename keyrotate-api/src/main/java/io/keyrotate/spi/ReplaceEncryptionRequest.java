package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compare-and-set of one version's internal metadata (its encryption metadata), leaving the data and
 * every other attribute untouched.
 *
 * @param expected the version as the caller last read it; the update applies only while the stored
 *     version still {@linkplain ObjectStore#sameState(ObjectVersion, ObjectVersion) matches} it
 * @param internalMetadata the complete new internal metadata map (exact key spelling). It replaces the
 *     old map as a whole, so the caller carries over entries it does not mean to change.
 */
public record ReplaceEncryptionRequest(ObjectVersion expected, Map<String, String> internalMetadata) {
  /** Copies the map and refuses delete markers. */
  public ReplaceEncryptionRequest {
    if (expected.deleteMarker()) {
      throw new IllegalArgumentException(
          "a delete marker has no encryption metadata: " + expected.describe());
    }
    internalMetadata = Collections.unmodifiableMap(new TreeMap<>(internalMetadata));
  }
}
