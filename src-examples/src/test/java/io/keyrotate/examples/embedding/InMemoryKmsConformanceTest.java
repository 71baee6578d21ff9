package io.keyrotate.examples.embedding;

import io.keyrotate.spi.Kms;
import io.keyrotate.spi.conformance.KmsConformanceTest;

/** The example {@link InMemoryKms} passes keyrotate's KMS conformance kit. */
class InMemoryKmsConformanceTest extends KmsConformanceTest {
  @Override
  protected Kms newKms() {
    InMemoryKms kms = new InMemoryKms("main");
    kms.createKey("other");
    return kms;
  }

  @Override
  protected boolean rotate(Kms kms, String keyId) {
    ((InMemoryKms) kms).rotate(keyId);
    return true;
  }

  @Override
  protected String otherKey(Kms kms) {
    return "other";
  }
}
