package io.keyrotate.spi;

import org.jspecify.annotations.Nullable;

/**
 * The server's own internal data: named blobs such as IAM items, server configuration and its history,
 * tier configuration and bucket metadata, which a keyrotate job re-encrypts under the default key.
 *
 * <p>Names are MinIO-style relative paths inside the server's system area, for example {@code
 * config/iam/users/alice/identity.json} or {@code config/config.json}: slash-separated non-empty segments,
 * none {@code .} or {@code ..}, no control characters, at most 1024 UTF-8 bytes. Every stored content has
 * an opaque version tag that changes on every write; {@link #write(BlobWrite)} is a compare-and-set on
 * it, atomic with respect to the server's own writes, and a crash leaves the old or the new content.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface InternalDataStore {
  /**
   * Lists one page of blob names in ascending order of their UTF-8 bytes.
   *
   * @param request prefix, resume point and page size
   * @return the page and the resume point of the next one
   * @throws io.keyrotate.ObjectStoreException when the store fails
   */
  BlobPage list(BlobListRequest request);

  /**
   * Reads a blob.
   *
   * @param name the blob name
   * @return the content and its version, or {@code null} when no blob has that name
   * @throws IllegalArgumentException when the name is malformed
   * @throws io.keyrotate.ObjectStoreException when the store fails
   */
  @Nullable Blob read(String name);

  /**
   * Writes a blob if its current version is the expected one (or, for a create, if it does not exist).
   *
   * @param request name, content and expected version
   * @return the new version tag
   * @throws io.keyrotate.ObjectChangedException when the blob changed, vanished or already exists;
   *     nothing was written
   * @throws io.keyrotate.ObjectStoreException when the store fails
   */
  String write(BlobWrite request);

  /**
   * Checks a blob name against the rules above; implementations call it on every name they are given.
   *
   * @param name the name
   * @return {@code name}
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static String checkName(String name) {
    return Checks.blobName(name);
  }
}
