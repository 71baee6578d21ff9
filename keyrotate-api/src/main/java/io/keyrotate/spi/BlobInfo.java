package io.keyrotate.spi;

/**
 * One entry of a blob listing.
 *
 * @param name the blob name
 * @param version its current opaque version tag
 * @param size its size in bytes
 */
public record BlobInfo(String name, String version, long size) {
  /** Validates name, version and size. */
  public BlobInfo {
    Checks.blobName(name);
    Checks.version(version);
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
