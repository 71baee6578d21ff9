package io.keyrotate.kms.local;

import io.keyrotate.spi.Kms;
import io.keyrotate.spi.conformance.KmsConformanceTest;

class MinioModeKmsConformanceTest extends KmsConformanceTest {
  /** The key of MinIO's own tests (minio-keyrotate.md §4.9). */
  static final String SECRET = "my-key:eEm+JI9/q4JhH8QwKvf3LKo4DEBl6QbfvAl1CAbMIv8=";

  @Override
  protected Kms newKms() {
    return LocalKms.fromMinioSecretKey(SECRET);
  }

  @Override
  protected void close(Kms kms) {
    ((LocalKms) kms).close();
  }
}
