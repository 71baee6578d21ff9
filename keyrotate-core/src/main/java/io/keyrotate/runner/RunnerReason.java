package io.keyrotate.runner;

/**
 * Reason codes the runner itself assigns (the policy's codes cover everything it decides). Their {@link
 * #name()}s are a stable contract of reports and JSON lines: constants may be added, never renamed.
 */
public enum RunnerReason {
  /** {@code SKIP}: the version vanished (deleted or purged) while the job was working on it. */
  VERSION_GONE,
  /** {@code FAIL}: the version kept changing concurrently; every attempt lost its compare-and-set. */
  OBJECT_CHANGED,
  /** {@code FAIL}: the KMS refused or failed (unknown key, access denied, unavailable after retries). */
  KMS_ERROR,
  /** {@code FAIL}: a sealed key, KMS ciphertext or data package did not authenticate. Never retried. */
  INTEGRITY_ERROR,
  /** {@code FAIL}: stored bytes or metadata are malformed. Never retried. */
  FORMAT_ERROR,
  /** {@code FAIL}: the object store failed (I/O error, unavailable after retries). */
  STORE_ERROR,
  /** {@code FAIL}: an unexpected error (a bug in a plug-in or in keyrotate). Never retried. */
  INTERNAL_ERROR
}
