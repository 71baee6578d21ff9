package io.keyrotate.spi;

import io.keyrotate.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The stored bytes of a read and the part layout of the version they belong to. Close it (or its stream)
 * when done.
 *
 * <p>The stream delivers exactly the requested range of the version that matched the request at the
 * time of {@link ObjectStore#open(ReadRequest)}; a concurrent update of the object does not change the
 * bytes of a stream already open. A read failure surfaces as {@code IOException} from the stream.
 *
 * @param stream the requested bytes; single-threaded, like any {@code InputStream}
 * @param partSizes the stored size of each multipart part in order (summing to the version's size), or
 *     empty for a single-part object
 */
public record ReadResult(InputStream stream, List<Long> partSizes) implements AutoCloseable {
  /** Copies the part sizes and checks they are not negative. */
  public ReadResult {
    partSizes = List.copyOf(partSizes);
    for (long s : partSizes) {
      if (s < 0) {
        throw new IllegalArgumentException("part size must not be negative: " + s);
      }
    }
  }

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
      throw new ObjectStoreException("closing a stored-data stream failed", e, false);
    }
  }
}
