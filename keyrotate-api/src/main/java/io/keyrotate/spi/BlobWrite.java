package io.keyrotate.spi;

import org.jspecify.annotations.Nullable;

/**
 * A compare-and-set write of one internal-data blob. Immutable; the content is copied in and out.
 * {@link #toString()} never shows content.
 */
public final class BlobWrite {
  private final String name;
  private final byte[] content;
  private final @Nullable String expectedVersion;

  private BlobWrite(String name, byte[] content, @Nullable String expectedVersion) {
    this.name = Checks.blobName(name);
    this.content = content;
    this.expectedVersion = expectedVersion == null ? null : Checks.version(expectedVersion);
  }

  /**
   * Replaces a blob only while its version is still {@code expectedVersion}.
   *
   * @param name the blob name
   * @param content the new bytes (copied)
   * @param expectedVersion the version the caller read
   * @return the request
   */
  public static BlobWrite replace(String name, byte[] content, String expectedVersion) {
    return new BlobWrite(name, content.clone(), expectedVersion);
  }

  /**
   * Creates a blob only if no blob of that name exists.
   *
   * @param name the blob name
   * @param content the bytes (copied)
   * @return the request
   */
  public static BlobWrite create(String name, byte[] content) {
    return new BlobWrite(name, content.clone(), null);
  }

  /**
   * The blob name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * A copy of the new content.
   *
   * @return a new array
   */
  public byte[] content() {
    return content.clone();
  }

  /**
   * The content length.
   *
   * @return the number of bytes
   */
  public int size() {
    return content.length;
  }

  /**
   * The version the stored blob must have, or {@code null} when the blob must not exist yet.
   *
   * @return the expected version tag
   */
  public @Nullable String expectedVersion() {
    return expectedVersion;
  }

  @Override
  public String toString() {
    return "BlobWrite[" + name + (expectedVersion == null ? " (create)" : " @" + expectedVersion)
        + ", " + content.length + " bytes]";
  }
}
