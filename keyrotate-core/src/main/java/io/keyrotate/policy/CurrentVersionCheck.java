package io.keyrotate.policy;

/**
 * Asks the KMS whether a stored KMS ciphertext (the wrapped data key of an SSE-KMS version) was produced
 * by the current version of its key. The job runner plugs in the {@code Kms} SPI's optional {@code
 * isCurrent}; tests plug in a lambda.
 *
 * <p>The policy calls it at most once per decision, only for a selected SSE-KMS version under the target
 * key whose stored context equals the job's, and only when the {@link PolicyContext} has a check. If it
 * throws, the policy catches the exception and rewraps ({@link ChangeReason#KEY_VERSION_CHECK_FAILED}):
 * an unanswered question never leaves a version under a possibly retired key version. Implementations
 * must be thread-safe when the runner decides on several threads.
 */
@FunctionalInterface
public interface CurrentVersionCheck {
  /**
   * Whether {@code kmsCiphertext} was made by the current version of {@code keyId}.
   *
   * @param keyId the key id as stored in the version's metadata
   * @param kmsCiphertext the decoded KMS ciphertext of the data key (a copy; not secret, but opaque)
   * @return {@code true} only when the KMS knows the wrap is current
   */
  boolean isCurrent(String keyId, byte[] kmsCiphertext);
}
