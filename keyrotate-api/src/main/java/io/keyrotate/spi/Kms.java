package io.keyrotate.spi;

import io.keyrotate.SecretBytes;

/**
 * A key-management service: it generates data keys encrypted under named master keys and decrypts them
 * again.
 *
 * <p><b>Contract.</b> A ciphertext from {@link #generateKey} decrypts with {@link #decrypt} only under the
 * same key id and an equal context (contexts are maps; their order never matters). A ciphertext that
 * does not authenticate (tampered, wrong key, wrong context) fails with a non-retryable {@link
 * io.keyrotate.IntegrityException}; an unknown key id with a non-retryable {@link
 * io.keyrotate.KmsException}; a transient failure (timeout, unavailable service) with a retryable {@code
 * KmsException}. Nothing secret appears in messages.
 *
 * <p><b>Optional capabilities</b> are default methods with a correct fallback: {@link #isCurrent} answers
 * {@link KeyVersionState#UNKNOWN}, {@link #rewrap} decrypts and then generates. A backend that knows key
 * versions, or can do both steps in one round trip, overrides them.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface Kms {
  /**
   * The key new data keys use when the caller names none (MinIO's "default key").
   *
   * @return the default key id
   * @throws io.keyrotate.KmsException when the KMS cannot tell
   */
  String defaultKeyId();

  /**
   * Generates a fresh random data key and encrypts it under a master key.
   *
   * @param request the key id and context
   * @return the plaintext and ciphertext; the caller closes it
   * @throws io.keyrotate.KmsException when the key does not exist or the KMS fails
   */
  DataKey generateKey(GenerateKeyRequest request);

  /**
   * Decrypts a data key.
   *
   * @param request the key id, ciphertext and context
   * @return the plaintext data key; the caller closes it
   * @throws io.keyrotate.IntegrityException when the ciphertext does not authenticate under this key and
   *     context
   * @throws io.keyrotate.KmsException when the key does not exist or the KMS fails
   */
  SecretBytes decrypt(DecryptRequest request);

  /**
   * Whether a ciphertext was made by the current version of a key, so that rewrapping it would change
   * nothing. The default cannot tell.
   *
   * @param request the key id and the ciphertext
   * @return {@link KeyVersionState#CURRENT}, {@link KeyVersionState#OUTDATED}, or {@link
   *     KeyVersionState#UNKNOWN} when this KMS cannot tell
   */
  default KeyVersionState isCurrent(IsCurrentRequest request) {
    return KeyVersionState.UNKNOWN;
  }

  /**
   * Decrypts an existing data key and generates a fresh one. The default makes the two calls; a KMS that
   * can do both in one round trip overrides it.
   *
   * @param request the existing ciphertext and where the fresh key goes
   * @return both plaintexts; the caller closes it
   * @throws io.keyrotate.IntegrityException when the existing ciphertext does not authenticate
   * @throws io.keyrotate.KmsException when a key does not exist or the KMS fails
   */
  default RewrapResult rewrap(RewrapRequest request) {
    SecretBytes old =
        decrypt(new DecryptRequest(request.keyId(), request.ciphertext(), request.context()));
    try {
      DataKey fresh = generateKey(new GenerateKeyRequest(request.newKeyId(), request.newContext()));
      return new RewrapResult(old, fresh);
    } catch (RuntimeException | Error e) {
      old.close();
      throw e;
    }
  }
}
