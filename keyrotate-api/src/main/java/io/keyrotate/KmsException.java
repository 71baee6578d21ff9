package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * A key-management-service call failed: the key does not exist, access was denied, the service is
 * unavailable or timed out. Retryable only for transient failures.
 */
public class KmsException extends KeyRotateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the key id; never key material
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether the call may succeed when repeated
   */
  public KmsException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }

  /**
   * Creates a non-retryable exception.
   *
   * @param message what failed, naming the key id; never key material
   */
  public KmsException(String message) {
    super(message, null, false);
  }
}
