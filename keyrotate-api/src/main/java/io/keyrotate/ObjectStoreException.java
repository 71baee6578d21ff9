package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * An object-store operation failed (I/O error, missing bucket or version, unavailable backend).
 * Retryable only for transient failures.
 */
public class ObjectStoreException extends KeyRotateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming bucket, key and version
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether the call may succeed when repeated
   */
  public ObjectStoreException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }

  /**
   * Creates a non-retryable exception.
   *
   * @param message what failed, naming bucket, key and version
   */
  public ObjectStoreException(String message) {
    super(message, null, false);
  }
}
