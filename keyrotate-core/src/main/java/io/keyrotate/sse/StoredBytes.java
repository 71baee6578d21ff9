package io.keyrotate.sse;

import java.io.IOException;
import java.io.InputStream;

/** Opens ranges of an object's stored (encrypted) bytes, for {@link SseToolkit#decrypt}. */
@FunctionalInterface
public interface StoredBytes {
  /**
   * Opens {@code length} stored bytes from {@code offset}.
   *
   * @param offset the first stored byte
   * @param length the number of bytes
   * @return a stream of exactly those bytes; the caller closes it
   * @throws IOException when the bytes cannot be read
   */
  InputStream open(long offset, long length) throws IOException;
}
