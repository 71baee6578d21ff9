package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MinIO's builtin KMS as a {@link Kms} with a caller-chosen random source (scripted for golden
 * vectors), counting calls.
 */
final class MinioKmsAdapter implements Kms {
  final MinioBuiltinKms minio;
  private final SecureRandom random;
  final AtomicInteger generated = new AtomicInteger();
  final AtomicInteger decrypted = new AtomicInteger();

  MinioKmsAdapter(MinioBuiltinKms minio, SecureRandom random) {
    this.minio = minio;
    this.random = random;
  }

  @Override
  public String defaultKeyId() {
    return minio.keyName();
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    generated.incrementAndGet();
    try (MinioBuiltinKms.DataKey k =
        minio.generateKey(request.keyId(), KmsContext.of(request.context()), random)) {
      return new DataKey(
          SecretBytes.wrapOwned(k.plaintext().toByteArray()),
          KmsCiphertext.copyOf(k.ciphertext()),
          k.keyId());
    }
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    decrypted.incrementAndGet();
    try {
      return minio.decrypt(
          request.keyId(), request.ciphertext().toByteArray(), KmsContext.of(request.context()));
    } catch (FormatException e) {
      throw new IntegrityException("malformed KMS ciphertext", e);
    }
  }
}
