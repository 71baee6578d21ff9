package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Stored bytes or metadata are not in the expected format (bad header, unknown version or cipher suite,
 * missing or malformed metadata entry). Never retryable.
 */
public class FormatException extends KeyRotateException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is malformed and where; never key material
   */
  public FormatException(String message) {
    super(message, null, false);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is malformed and where; never key material
   * @param cause the underlying failure, or {@code null}
   */
  public FormatException(String message, @Nullable Throwable cause) {
    super(message, cause, false);
  }
}
