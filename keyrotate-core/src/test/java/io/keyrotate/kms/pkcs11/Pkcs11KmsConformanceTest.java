package io.keyrotate.kms.pkcs11;

import io.keyrotate.spi.Kms;
import io.keyrotate.spi.conformance.KmsConformanceTest;
import org.jspecify.annotations.Nullable;

/** The SPI conformance kit against a SoftHSM2 token. */
class Pkcs11KmsConformanceTest extends KmsConformanceTest {
  @Override
  protected Kms newKms() {
    SoftHsm hsm = SoftHsm.get();
    return Pkcs11Kms.create(hsm.config(SoftHsm.uniqueName("conformance")).build());
  }

  @Override
  protected boolean rotate(Kms kms, String keyId) {
    ((Pkcs11Kms) kms).rotateKey(keyId);
    return true;
  }

  @Override
  protected @Nullable String otherKey(Kms kms) {
    return ((Pkcs11Kms) kms).createKey(SoftHsm.uniqueName("other")).name();
  }

  @Override
  protected void close(Kms kms) {
    ((Pkcs11Kms) kms).close();
  }
}
