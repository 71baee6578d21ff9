package io.keyrotate.spi;

import java.util.Map;

/**
 * A request to open an existing data key and create its successor in one step: decrypt {@code
 * ciphertext} (made by {@code keyId} under {@code context}) and generate a fresh data key under {@code
 * newKeyId} and {@code newContext}.
 *
 * @param keyId the KMS key that encrypted the existing data key
 * @param ciphertext the existing KMS ciphertext
 * @param context the context of the existing ciphertext
 * @param newKeyId the KMS key for the fresh data key
 * @param newContext the context for the fresh data key
 */
public record RewrapRequest(
    String keyId,
    KmsCiphertext ciphertext,
    Map<String, String> context,
    String newKeyId,
    Map<String, String> newContext) {
  /** Validates the key ids and copies the contexts. */
  public RewrapRequest {
    Checks.keyId(keyId);
    Checks.keyId(newKeyId);
    context = Checks.context(context);
    newContext = Checks.context(newContext);
  }
}
