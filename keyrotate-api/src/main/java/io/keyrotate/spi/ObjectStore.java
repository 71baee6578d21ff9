package io.keyrotate.spi;

import io.keyrotate.ObjectVersion;
import java.util.Objects;

/**
 * The object store a keyrotate job walks and updates.
 *
 * <p><b>Listing.</b> {@link #list(ListRequest)} returns versions in a total order: keys ascending by
 * their UTF-8 bytes compared unsigned (as S3 does; this differs from {@link String#compareTo} for
 * characters outside the BMP), then the versions of one key newest first, delete markers included. A
 * caller pages with {@link VersionPage#next()}. Resuming after a marker whose version no longer exists
 * must not skip any version that follows the marker's position; it may repeat versions of the marker's
 * key. Listings are not snapshots: versions written during a listing may or may not appear.
 *
 * <p><b>Compare-and-set.</b> {@link #replaceEncryption} and {@link #rewriteData} apply only while the
 * stored version {@linkplain #sameState(ObjectVersion, ObjectVersion) matches} the caller's {@code
 * expected} version, atomically with respect to every other update of that object, including those made
 * by the server's own request path. Otherwise they throw {@link io.keyrotate.ObjectChangedException}
 * (retryable: the caller lists the version again and decides again) and change nothing. Both keep the
 * version id, the modification time, the user metadata, the tags, the lock state and the number of
 * parts; {@code replaceEncryption} also keeps every data byte. A crash during either leaves the version
 * wholly old or wholly new.
 *
 * <p><b>Errors.</b> A missing bucket is a non-retryable {@link io.keyrotate.ObjectStoreException}; I/O
 * failures are {@code ObjectStoreException}s, retryable when transient.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use; the job calls every method from many
 * worker threads at once.
 */
public interface ObjectStore {
  /**
   * Lists one page of versions.
   *
   * @param request bucket, prefix, resume marker and page size
   * @return the page and the marker for the next one
   * @throws io.keyrotate.ObjectStoreException when the bucket does not exist or the store fails
   */
  VersionPage list(ListRequest request);

  /**
   * Opens a range of a version's stored bytes.
   *
   * @param request the version as listed and the range
   * @return the bytes and the version's part layout; the caller closes it
   * @throws io.keyrotate.ObjectChangedException when the version is gone or no longer matches
   */
  ReadResult open(ReadRequest request);

  /**
   * Atomically replaces the internal (encryption) metadata of a version that still matches the
   * expected one. Data, version id, modification time, user metadata, tags, lock state and part layout
   * are kept.
   *
   * @param request the expected version and the new internal metadata
   * @return the version as it is stored after the update
   * @throws io.keyrotate.ObjectChangedException when the version is gone or no longer matches; nothing
   *     changed
   */
  ObjectVersion replaceEncryption(ReplaceEncryptionRequest request);

  /**
   * Atomically replaces the stored bytes and the internal metadata of a version that still matches the
   * expected one, in place: version id, modification time, user metadata, tags, lock state and number of
   * parts are kept, and the version keeps its position among the key's versions.
   *
   * @param request the expected version, the new bytes and part sizes, and the new internal metadata
   * @return the version as it is stored after the update
   * @throws io.keyrotate.ObjectChangedException when the version is gone or no longer matches; nothing
   *     changed
   */
  ObjectVersion rewriteData(RewriteDataRequest request);

  /**
   * The match rule of every compare-and-set: two descriptions are of the same stored state when they
   * agree on bucket, key, version id, delete-marker flag, size, modification time, user metadata, tags,
   * lock state, part count and internal metadata. Whether the version is the latest one is ignored, so
   * writing a newer version of the key does not invalidate an older one.
   *
   * @param a one description
   * @param b another description
   * @return whether they describe the same stored state
   */
  static boolean sameState(ObjectVersion a, ObjectVersion b) {
    return a.bucket().equals(b.bucket())
        && a.key().equals(b.key())
        && Objects.equals(a.versionId(), b.versionId())
        && a.deleteMarker() == b.deleteMarker()
        && a.size() == b.size()
        && a.modTime().equals(b.modTime())
        && a.userMetadata().equals(b.userMetadata())
        && a.tags().equals(b.tags())
        && a.lock().equals(b.lock())
        && a.partCount() == b.partCount()
        && a.internalMetadata().equals(b.internalMetadata());
  }
}
