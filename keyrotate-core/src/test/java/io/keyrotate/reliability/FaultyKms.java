package io.keyrotate.reliability;

import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;

/**
 * A {@link Kms} that forwards to another and lets {@link Faults} fail or delay each call before it is
 * forwarded (so a failed call has no effect). {@code rewrap} is the interface default, which goes
 * through {@link #decrypt} and {@link #generateKey} and so sees their faults.
 */
final class FaultyKms implements Kms {
  private final Kms delegate;
  private final Faults faults;

  FaultyKms(Kms delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  private void fault(String what) {
    faults.call("KMS " + what, (m, retryable) -> new KmsException(m, null, retryable));
  }

  @Override
  public String defaultKeyId() {
    return delegate.defaultKeyId();
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    fault("generateKey");
    return delegate.generateKey(request);
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    fault("decrypt");
    return delegate.decrypt(request);
  }

  @Override
  public KeyVersionState isCurrent(IsCurrentRequest request) {
    fault("isCurrent");
    return delegate.isCurrent(request);
  }

  @Override
  public String toString() {
    return "FaultyKms[" + delegate + "]";
  }
}
