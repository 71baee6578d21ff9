package io.keyrotate.crypto;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a DARE decryptor accepts: format versions, cipher suites, the expected first sequence number, and
 * whether an empty input is a valid (empty) stream.
 *
 * <p>The defaults are strict and match MinIO's configuration for sealed keys and object data: DARE 2.0
 * only, both cipher suites, sequence number 0, and an empty input rejected. DARE 2.0 encrypts an empty
 * plaintext to zero bytes, which a strict decryptor cannot tell apart from a stream truncated to nothing;
 * call {@link Builder#allowEmpty(boolean)} when the caller knows from elsewhere (an object size of 0, say)
 * that the stream may legitimately be empty.
 *
 * <p>Accepting {@link DareVersion#V1_0} auto-detects the version from the first byte (as sio does when
 * both versions are enabled) and weakens the guarantees for 1.0 streams: they can be cut at any package
 * boundary, or extended with a continuing 1.0 stream, without detection; an empty input is accepted.
 *
 * <p>Immutable and thread-safe.
 */
public final class DareDecryptOptions {
  private static final DareDecryptOptions DEFAULTS = builder().build();

  private final Set<DareVersion> versions;
  private final Set<CipherSuite> ciphers;
  private final long startSequence;
  private final boolean allowEmpty;

  private DareDecryptOptions(Builder b) {
    this.versions = Set.copyOf(b.versions);
    this.ciphers = Set.copyOf(b.ciphers);
    this.startSequence = b.startSequence;
    this.allowEmpty = b.allowEmpty;
  }

  /**
   * DARE 2.0 only, both cipher suites, sequence number 0, empty input rejected.
   *
   * @return the default options
   */
  public static DareDecryptOptions defaults() {
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
   * The accepted format versions.
   *
   * @return a non-empty immutable set
   */
  public Set<DareVersion> versions() {
    return versions;
  }

  /**
   * The accepted cipher suites.
   *
   * @return a non-empty immutable set
   */
  public Set<CipherSuite> ciphers() {
    return ciphers;
  }

  /**
   * The sequence number the first package must have been sealed with.
   *
   * @return an unsigned 32-bit value in {@code [0, 2^32 - 1]}
   */
  public long startSequence() {
    return startSequence;
  }

  /**
   * Whether an empty input decrypts to an empty plaintext. Always true when 1.0 is accepted.
   *
   * @return whether empty input is accepted
   */
  public boolean allowEmpty() {
    return allowEmpty || versions.contains(DareVersion.V1_0);
  }

  @Override
  public String toString() {
    return "DareDecryptOptions[versions=" + versions + ", ciphers=" + ciphers + ", startSequence="
        + startSequence + ", allowEmpty=" + allowEmpty() + "]";
  }

  /** Builds {@link DareDecryptOptions}. Not thread-safe. */
  public static final class Builder {
    private EnumSet<DareVersion> versions = EnumSet.of(DareVersion.V2_0);
    private EnumSet<CipherSuite> ciphers = EnumSet.allOf(CipherSuite.class);
    private long startSequence;
    private boolean allowEmpty;

    private Builder() {}

    /**
     * Sets the accepted versions (default DARE 2.0 only). Both versions means auto-detection from the
     * first byte of the stream.
     *
     * @param versions at least one version
     * @return this builder
     * @throws IllegalArgumentException when empty
     */
    public Builder versions(DareVersion... versions) {
      if (versions.length == 0) {
        throw new IllegalArgumentException("at least one DARE version must be accepted");
      }
      this.versions = EnumSet.copyOf(Arrays.asList(versions));
      return this;
    }

    /**
     * Sets the accepted cipher suites (default both). A stream using another suite is rejected with a
     * {@link io.keyrotate.FormatException}.
     *
     * @param ciphers at least one suite
     * @return this builder
     * @throws IllegalArgumentException when empty
     */
    public Builder ciphers(CipherSuite... ciphers) {
      if (ciphers.length == 0) {
        throw new IllegalArgumentException("at least one cipher suite must be accepted");
      }
      this.ciphers = EnumSet.copyOf(Arrays.asList(ciphers));
      return this;
    }

    /**
     * Sets the sequence number of the first package (default 0). To decrypt a DARE 2.0 stream from its
     * package {@code k}, pass the ciphertext from offset {@code k * 65568} and {@code start + k}.
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
     * Whether an empty input is a valid empty stream (default false for DARE 2.0 only).
     *
     * @param allowEmpty true to accept an empty input
     * @return this builder
     */
    public Builder allowEmpty(boolean allowEmpty) {
      this.allowEmpty = allowEmpty;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public DareDecryptOptions build() {
      Objects.requireNonNull(versions);
      return new DareDecryptOptions(this);
    }
  }
}
