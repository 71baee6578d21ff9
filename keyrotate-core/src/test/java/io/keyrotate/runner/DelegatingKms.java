package io.keyrotate.runner;

import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;

/** A KMS that forwards the required methods to a {@link FakeKms}; tests override optional ones. */
class DelegatingKms implements Kms {
  final FakeKms inner;

  DelegatingKms(FakeKms inner) {
    this.inner = inner;
  }

  @Override
  public String defaultKeyId() {
    return inner.defaultKeyId();
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    return inner.generateKey(request);
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    return inner.decrypt(request);
  }
}
