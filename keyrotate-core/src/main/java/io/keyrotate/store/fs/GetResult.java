package io.keyrotate.store.fs;

import io.keyrotate.ObjectStoreException;
import io.keyrotate.ObjectVersion;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object's plaintext as {@link FileObjectStore#get} returns it. Close it (it holds an open file and,
 * for encrypted objects, the object key).
 *
 * @param version the version read
 * @param size the object's whole plaintext size
 * @param stream the requested plaintext range; for encrypted objects every byte is authenticated before
 *     it is returned, and a failure is thrown from {@code read}
 */
public record GetResult(ObjectVersion version, long size, InputStream stream) implements AutoCloseable {
  /**
   * Closes the stream.
   *
   * @throws ObjectStoreException when closing fails
   */
  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      throw new ObjectStoreException("closing " + version.describe() + " failed", e, false);
    }
  }
}
