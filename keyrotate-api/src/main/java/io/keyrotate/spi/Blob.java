package io.keyrotate.spi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * One internal-data blob as read: its name, its version tag and its bytes (for MinIO, a KMS-encrypted
 * config blob or plain JSON). Immutable; the bytes are copied in and out. {@link #toString()} shows name,
 * version and size, never content.
 */
public final class Blob {
  private final String name;
  private final String version;
  private final byte[] content;

  private Blob(String name, String version, byte[] content) {
    this.name = Checks.blobName(name);
    this.version = Checks.version(version);
    this.content = content;
  }

  /**
   * Creates a blob, copying the content.
   *
   * @param name the blob name (see {@link InternalDataStore})
   * @param version the opaque version tag the store gave this content
   * @param content the bytes
   * @return the blob
   */
  public static Blob of(String name, String version, byte[] content) {
    return new Blob(name, version, content.clone());
  }

  /**
   * The name, e.g. {@code config/iam/users/alice/identity.json}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The version tag, for {@link BlobWrite#expectedVersion()}.
   *
   * @return the opaque tag
   */
  public String version() {
    return version;
  }

  /**
   * A copy of the content.
   *
   * @return a new array
   */
  public byte[] content() {
    return content.clone();
  }

  /**
   * The content as a stream, without copying.
   *
   * @return a new stream over the content
   */
  public InputStream openStream() {
    return new ByteArrayInputStream(content);
  }

  /**
   * The content length.
   *
   * @return the number of bytes
   */
  public int size() {
    return content.length;
  }

  @Override
  public String toString() {
    return "Blob[" + name + " @" + version + ", " + content.length + " bytes]";
  }
}
