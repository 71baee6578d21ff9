package io.keyrotate.policy;

/**
 * Why a selected version cannot be processed and must be reported as failed: the codes of {@link
 * Decision.Fail}. A failed version is never written.
 */
public enum FailReason implements Reason {
  /**
   * The encryption metadata is present but unreadable (damaged, tampered or of an unknown type, see
   * {@link io.keyrotate.EncryptionState.Unknown}). The version is never overwritten: doing so could
   * destroy the only way to read it.
   */
  INVALID_ENCRYPTION_METADATA,
  /**
   * The version is SSE-S3 or SSE-KMS sealed in MinIO's legacy non-KMS mode (no key id and no KMS
   * ciphertext are stored), so no KMS can unseal its object key.
   */
  NO_KMS_KEY_ID;

  @Override
  public Decision.Action action() {
    return Decision.Action.FAIL;
  }
}
