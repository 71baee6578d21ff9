package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Authentication failed: a tag, MAC or sealed key did not verify, so the data was tampered with, is
 * corrupt, or the key is wrong. Never retryable, and no unauthenticated byte is ever released.
 */
public class IntegrityException extends KeyRotateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed to authenticate (object, package number); never key material
   */
  public IntegrityException(String message) {
    super(message, null, false);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed to authenticate; never key material
   * @param cause the provider's exception, or {@code null}
   */
  public IntegrityException(String message, @Nullable Throwable cause) {
    super(message, cause, false);
  }
}
