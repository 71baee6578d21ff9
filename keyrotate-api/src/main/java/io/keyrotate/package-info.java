/**
 * Exceptions and small value types shared by every keyrotate module.
 *
 * <p>Every exception thrown by the library is a {@link io.keyrotate.KeyRotateException}; callers decide on
 * retries with {@link io.keyrotate.KeyRotateException#isRetryable()}. Key material travels only inside
 * {@link io.keyrotate.SecretBytes}.
 */
@NullMarked
package io.keyrotate;

import org.jspecify.annotations.NullMarked;
