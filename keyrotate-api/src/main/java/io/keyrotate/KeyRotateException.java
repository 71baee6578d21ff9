package io.keyrotate;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked root of every exception keyrotate throws on purpose.
 *
 * <p>Messages name the object, field or file concerned but never contain key material, plaintext data
 * keys, notify tokens or object data. {@link #isRetryable()} tells a job runner whether repeating the
 * same operation may succeed (a timeout, a lost compare-and-set race) or cannot (bad input, a failed
 * authentication tag).
 */
public class KeyRotateException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * Creates a non-retryable exception.
   *
   * @param message what went wrong, naming the object or field; never secret material
   */
  public KeyRotateException(String message) {
    this(message, null, false);
  }

  /**
   * Creates an exception.
   *
   * @param message what went wrong, naming the object or field; never secret material
   * @param cause the underlying failure, or {@code null}
   * @param retryable whether repeating the same operation may succeed
   */
  public KeyRotateException(String message, @Nullable Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether repeating the failed operation unchanged may succeed.
   *
   * @return {@code true} for transient failures (timeouts, unavailable services, lost races)
   */
  public boolean isRetryable() {
    return retryable;
  }
}
