package io.keyrotate;

import java.io.Serial;

/**
 * A compare-and-set update lost a race: the object version changed (or vanished) between the read and
 * the write. Retryable: the caller re-reads the version and decides again; it never overwrites.
 */
public class ObjectChangedException extends ObjectStoreException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which bucket, key and version changed
   */
  public ObjectChangedException(String message) {
    super(message, null, true);
  }
}
