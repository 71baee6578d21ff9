package io.keyrotate.spi;

import io.keyrotate.SecretBytes;

/**
 * The result of {@link Kms#rewrap(RewrapRequest)}: the old plaintext data key (to unseal the object key)
 * and the fresh data key (to seal it again). Close it to wipe both. {@link #toString()} redacts.
 *
 * @param oldKey the decrypted existing data key
 * @param newKey the fresh data key
 */
public record RewrapResult(SecretBytes oldKey, DataKey newKey) implements AutoCloseable {
  /** Wipes both plaintexts. */
  @Override
  public void close() {
    try {
      oldKey.close();
    } finally {
      newKey.close();
    }
  }
}
