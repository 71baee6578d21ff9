package io.keyrotate.spi;

import java.util.Map;

/**
 * A request to decrypt a data key.
 *
 * @param keyId the KMS key that encrypted it (as stored beside the object)
 * @param ciphertext the stored KMS ciphertext
 * @param context the context it was generated with
 */
public record DecryptRequest(String keyId, KmsCiphertext ciphertext, Map<String, String> context) {
  /** Validates the key id and copies the context. */
  public DecryptRequest {
    Checks.keyId(keyId);
    context = Checks.context(context);
  }
}
