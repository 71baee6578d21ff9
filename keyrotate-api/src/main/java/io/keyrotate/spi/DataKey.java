package io.keyrotate.spi;

import io.keyrotate.SecretBytes;

/**
 * A fresh data key from {@link Kms#generateKey(GenerateKeyRequest)}: the plaintext key and its KMS
 * ciphertext. Close it to wipe the plaintext. {@link #toString()} redacts both.
 *
 * @param plaintext the plaintext data key (32 bytes for MinIO's formats)
 * @param ciphertext the data key encrypted by the KMS, to be stored beside the object
 * @param keyId the KMS key that encrypted it, as it is to be stored (a key name, without an ARN prefix)
 */
public record DataKey(SecretBytes plaintext, KmsCiphertext ciphertext, String keyId)
    implements AutoCloseable {
  /** Validates the key id. */
  public DataKey {
    Checks.keyId(keyId);
  }

  /** Wipes the plaintext. */
  @Override
  public void close() {
    plaintext.close();
  }
}
