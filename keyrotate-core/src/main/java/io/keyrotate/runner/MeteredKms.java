package io.keyrotate.runner;

import io.keyrotate.KeyRotateException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.RewrapRequest;
import io.keyrotate.spi.RewrapResult;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The job's view of the KMS: counts every call, applies the job's KMS rate limit (shared by all workers),
 * and turns anything but a {@link KeyRotateException} (or a precondition {@link IllegalArgumentException})
 * into a non-retryable {@link KmsException}, as the SPI requires.
 *
 * <p>A call is one round trip to the KMS: {@link #rewrap} counts once when the KMS implements it natively
 * and twice (decrypt, then generate) when it relies on the SPI's default. Thread-safe.
 */
final class MeteredKms implements Kms {
  private final Kms delegate;
  private final @Nullable RateLimiter limiter;
  private final boolean nativeRewrap;
  private final LongAdder calls = new LongAdder();

  MeteredKms(Kms delegate, @Nullable RateLimiter limiter) {
    this.delegate = delegate;
    this.limiter = limiter;
    this.nativeRewrap = overridesRewrap(delegate);
  }

  private static boolean overridesRewrap(Kms kms) {
    try {
      return kms.getClass().getMethod("rewrap", RewrapRequest.class).getDeclaringClass() != Kms.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The KMS behind the meter (to ask what it implements, never to call it unmetered). */
  Kms delegate() {
    return delegate;
  }

  long calls() {
    return calls.sum();
  }

  @Override
  public String defaultKeyId() {
    return call(1, delegate::defaultKeyId);
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    return call(1, () -> delegate.generateKey(request));
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    return call(1, () -> delegate.decrypt(request));
  }

  @Override
  public KeyVersionState isCurrent(IsCurrentRequest request) {
    return call(1, () -> delegate.isCurrent(request));
  }

  @Override
  public RewrapResult rewrap(RewrapRequest request) {
    if (nativeRewrap) {
      return call(1, () -> delegate.rewrap(request));
    }
    return Kms.super.rewrap(request); // decrypt + generateKey, each metered
  }

  private <T> T call(int permits, Supplier<T> op) {
    if (limiter != null) {
      limiter.acquire(permits);
    }
    calls.add(permits);
    try {
      return op.get();
    } catch (KeyRotateException | IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KmsException("the KMS failed unexpectedly: " + e.getClass().getName(), e, false);
    }
  }
}
