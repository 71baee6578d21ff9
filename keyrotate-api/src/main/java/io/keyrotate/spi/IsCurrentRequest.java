package io.keyrotate.spi;

/**
 * A question to the KMS: was this ciphertext made by the current version of this key?
 *
 * @param keyId the key the job rotates to
 * @param ciphertext a stored KMS ciphertext
 */
public record IsCurrentRequest(String keyId, KmsCiphertext ciphertext) {
  /** Validates the key id. */
  public IsCurrentRequest {
    Checks.keyId(keyId);
  }
}
