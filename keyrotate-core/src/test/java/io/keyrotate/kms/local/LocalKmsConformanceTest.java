package io.keyrotate.kms.local;

import io.keyrotate.spi.Kms;
import io.keyrotate.spi.conformance.KmsConformanceTest;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

class LocalKmsConformanceTest extends KmsConformanceTest {
  @TempDir Path dir;

  @Override
  protected Kms newKms() {
    return LocalKms.create(dir.resolve("keyring"), "main");
  }

  @Override
  protected boolean rotate(Kms kms, String keyId) {
    ((LocalKms) kms).rotateKey(keyId);
    return true;
  }

  @Override
  protected @Nullable String otherKey(Kms kms) {
    return ((LocalKms) kms).createKey("other").name();
  }

  @Override
  protected void close(Kms kms) {
    ((LocalKms) kms).close();
  }
}
