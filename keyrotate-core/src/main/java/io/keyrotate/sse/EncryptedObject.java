package io.keyrotate.sse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link SseToolkit#encrypt}: the stored bytes (produced lazily while read), the stored
 * part layout and the internal metadata to store with them. Close it to wipe the object key it holds.
 *
 * <p>Single-threaded, like the stream it wraps.
 */
public final class EncryptedObject implements AutoCloseable {
  private final InputStream stored;
  private final List<Long> storedPartSizes;
  private final Map<String, String> internalMetadata;
  private final ObjectKey key;

  EncryptedObject(
      InputStream stored, List<Long> storedPartSizes, Map<String, String> internalMetadata,
      ObjectKey key) {
    this.stored = stored;
    this.storedPartSizes = List.copyOf(storedPartSizes);
    this.internalMetadata = Map.copyOf(internalMetadata);
    this.key = key;
  }

  /**
   * The bytes to store: DARE 2.0 of the plaintext (one stream per part for multipart objects).
   * Reading it reads the plaintext; authentication of the input is not involved.
   *
   * @return the stream (read it once)
   */
  public InputStream stored() {
    return stored;
  }

  /**
   * The stored size of each part, or empty for a single-part object.
   *
   * @return the sizes
   */
  public List<Long> storedPartSizes() {
    return storedPartSizes;
  }

  /**
   * The {@code X-Minio-Internal-*} entries to store with the object.
   *
   * @return the entries
   */
  public Map<String, String> internalMetadata() {
    return internalMetadata;
  }

  /** Closes the stream and wipes the object key. */
  @Override
  public void close() {
    try {
      stored.close();
    } catch (IOException e) {
      // The pipeline never closes the caller's plaintext stream, so closing it cannot fail for real.
      throw new java.io.UncheckedIOException(e);
    } finally {
      key.close();
    }
  }

  @Override
  public String toString() {
    return "EncryptedObject[" + storedPartSizes.size() + " parts, redacted]";
  }
}
