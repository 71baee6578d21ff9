package io.keyrotate.crypto;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to encrypt one DARE 2.0 stream: the cipher suite, the first sequence number and, optionally, a fixed
 * stream nonce.
 *
 * <p>By default every stream draws a fresh 12-byte nonce from a shared {@link java.security.SecureRandom}
 * and uses {@link CipherSuite#AES_256_GCM} from sequence number 0, as MinIO does for object data.
 *
 * <p><b>Fixed nonces are dangerous.</b> {@link Builder#nonce(byte[])} exists to reproduce test vectors and
 * MinIO's deterministic per-part nonces (which use a per-part key). Two streams encrypted with the same key,
 * the same nonce and overlapping sequence numbers reveal the XOR of their plaintexts (and, for GCM, allow
 * forgeries). Never reuse an options object with a fixed nonce for two streams under one key. Bit 7 of
 * nonce byte 0 is replaced by the final-package flag in every header, as sio does.
 *
 * <p>Immutable and thread-safe.
 */
public final class DareEncryptOptions {
  private static final DareEncryptOptions DEFAULTS = builder().build();

  private final CipherSuite cipher;
  private final long startSequence;
  private final byte @Nullable [] nonce;

  private DareEncryptOptions(Builder b) {
    this.cipher = b.cipher;
    this.startSequence = b.startSequence;
    this.nonce = b.nonce == null ? null : b.nonce.clone();
  }

  /**
   * AES-256-GCM, sequence number 0, a random nonce per stream.
   *
   * @return the default options
   */
  public static DareEncryptOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cipher suite of every package.
   *
   * @return the suite
   */
  public CipherSuite cipher() {
    return cipher;
  }

  /**
   * The sequence number of the first package, an unsigned 32-bit value.
   *
   * @return a value in {@code [0, 2^32 - 1]}
   */
  public long startSequence() {
    return startSequence;
  }

  /**
   * A copy of the fixed stream nonce, or {@code null} when each stream draws a random one.
   *
   * @return 12 bytes, or {@code null}
   */
  public byte @Nullable [] nonce() {
    return nonce == null ? null : nonce.clone();
  }

  /** Shows the cipher, the start sequence and whether the nonce is fixed; never the nonce itself. */
  @Override
  public String toString() {
    return "DareEncryptOptions[cipher=" + cipher + ", startSequence=" + startSequence + ", nonce="
        + (nonce == null ? "random" : "fixed") + "]";
  }

  /** Builds {@link DareEncryptOptions}. Not thread-safe. */
  public static final class Builder {
    private CipherSuite cipher = CipherSuite.AES_256_GCM;
    private long startSequence;
    private byte @Nullable [] nonce;

    private Builder() {}

    /**
     * Sets the cipher suite (default {@link CipherSuite#AES_256_GCM}).
     *
     * @param cipher the suite
     * @return this builder
     */
    public Builder cipher(CipherSuite cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher");
      return this;
    }

    /**
     * Sets the sequence number of the first package (default 0). A stream may still hold up to 2^32
     * packages; the sequence number wraps from {@code 2^32 - 1} to 0 as in sio.
     *
     * @param startSequence an unsigned 32-bit value in {@code [0, 2^32 - 1]}
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder startSequence(long startSequence) {
      this.startSequence = Dare.checkSequence(startSequence);
      return this;
    }

    /**
     * Fixes the 12-byte stream nonce (copied). See the class documentation for why this is dangerous.
     *
     * @param nonce 12 bytes, or {@code null} to draw a random nonce per stream (the default)
     * @return this builder
     * @throws IllegalArgumentException when not 12 bytes
     */
    public Builder nonce(byte @Nullable [] nonce) {
      if (nonce != null && nonce.length != Dare.NONCE_SIZE) {
        throw new IllegalArgumentException(
            "DARE nonce must be " + Dare.NONCE_SIZE + " bytes, got " + nonce.length);
      }
      this.nonce = nonce == null ? null : nonce.clone();
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public DareEncryptOptions build() {
      return new DareEncryptOptions(this);
    }
  }
}
