package io.keyrotate.spi;

/** The answer of {@link Kms#isCurrent(IsCurrentRequest)}. */
public enum KeyVersionState {
  /** The ciphertext was made by the current version of the requested key. */
  CURRENT,
  /** The ciphertext was made by an older version of the key, or by another key. */
  OUTDATED,
  /** The KMS cannot tell (it has no key versions, or the ciphertext does not say). */
  UNKNOWN
}
