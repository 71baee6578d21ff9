package io.keyrotate.spi;

import java.util.Map;

/**
 * A request for a new data key.
 *
 * @param keyId the KMS key to encrypt it with
 * @param context the KMS context (associated data) the ciphertext is bound to; the same context is needed
 *     to decrypt it. Implementations serialise it canonically (MinIO: sorted JSON).
 */
public record GenerateKeyRequest(String keyId, Map<String, String> context) {
  /** Validates the key id and copies the context. */
  public GenerateKeyRequest {
    Checks.keyId(keyId);
    context = Checks.context(context);
  }
}
