package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;

/**
 * A request to read a range of one version's stored bytes (ciphertext for encrypted objects).
 *
 * @param version the version as it was listed; the store refuses the read with {@link
 *     io.keyrotate.ObjectChangedException} when the version no longer matches it (see {@link
 *     ObjectStore#sameState(ObjectVersion, ObjectVersion)})
 * @param offset the first stored byte to read, {@code 0 <= offset <= version.size()}
 * @param length the number of bytes, {@code offset + length <= version.size()}
 */
public record ReadRequest(ObjectVersion version, long offset, long length) {
  /** Validates the range against the version's size. */
  public ReadRequest {
    if (version.deleteMarker()) {
      throw new IllegalArgumentException("a delete marker has no data: " + version.describe());
    }
    if (offset < 0 || length < 0 || offset > version.size() || length > version.size() - offset) {
      throw new IllegalArgumentException(
          "range [" + offset + ", +" + length + ") is outside the " + version.size()
              + " stored bytes of " + version.describe());
    }
  }

  /**
   * All stored bytes of a version.
   *
   * @param version the version as listed
   * @return the request
   */
  public static ReadRequest of(ObjectVersion version) {
    return new ReadRequest(version, 0, version.size());
  }
}
