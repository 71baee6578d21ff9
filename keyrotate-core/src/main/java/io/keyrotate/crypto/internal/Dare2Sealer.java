package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import io.keyrotate.crypto.DareEncryptOptions;
import java.security.SecureRandom;
import javax.crypto.SecretKey;

/**
 * Seals the packages of one DARE 2.0 stream: one key, one stream nonce, consecutive sequence numbers.
 *
 * <p>Refuses a package after the final one and more than 2^32 packages (which would repeat a nonce).
 * Not thread-safe; one sealer per stream.
 */
public final class Dare2Sealer implements AutoCloseable {
  private static final long MAX_PACKAGES = 1L << 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DareKey key;
  private final SecretKey jceKey;
  private final CipherSuite suite;
  private final byte[] streamNonce;
  private final byte[] nonceScratch = new byte[Packages.NONCE];
  private int seq;
  private long packages;
  private boolean finalSealed;

  /**
   * Creates a sealer holding a private copy of {@code key}.
   *
   * @param key 32-byte key (copied)
   * @param options suite, first sequence number, optional fixed nonce
   */
  public Dare2Sealer(SecretBytes key, DareEncryptOptions options) {
    this(DareKey.copyOf(key), options);
  }

  Dare2Sealer(DareKey key, DareEncryptOptions options) {
    this.key = key;
    this.suite = options.cipher();
    this.jceKey = key.forSuite(suite);
    byte[] fixed = options.nonce();
    this.streamNonce = fixed != null ? fixed : randomNonce();
    this.seq = (int) options.startSequence();
  }

  /**
   * Seals one package without a stream around it.
   *
   * @param key the key
   * @param suite the suite
   * @param streamNonce 12 bytes (bit 7 of byte 0 is replaced by {@code last})
   * @param seq the sequence number (unsigned)
   * @param last the final flag
   * @param src payload array
   * @param off payload start
   * @param len payload length, checked by the caller
   * @param dst destination
   * @param dstOff destination start
   * @return {@code len + 32}
   */
  public static int sealOne(
      DareKey key,
      CipherSuite suite,
      byte[] streamNonce,
      int seq,
      boolean last,
      byte[] src,
      int off,
      int len,
      byte[] dst,
      int dstOff) {
    Packages.writeHeaderV20(dst, dstOff, suite, len, streamNonce, last);
    return Packages.sealV20(
        suite, key.forSuite(suite), seq, new byte[Packages.NONCE], src, off, len, dst, dstOff);
  }

  /**
   * Draws a 12-byte nonce from the shared {@link SecureRandom}.
   *
   * @return a fresh nonce
   */
  public static byte[] randomNonce() {
    byte[] n = new byte[Packages.NONCE];
    RANDOM.nextBytes(n);
    return n;
  }

  /**
   * Seals the next package.
   *
   * @param src plaintext
   * @param off plaintext start
   * @param len 1..65536; must be 65536 unless {@code last}
   * @param last whether this is the final package
   * @param dst destination with room for {@code len + 32} bytes
   * @param dstOff where the package goes
   * @return {@code len + 32}
   */
  public int seal(byte[] src, int off, int len, boolean last, byte[] dst, int dstOff) {
    if (finalSealed) {
      throw new IllegalStateException("the final DARE package was already sealed");
    }
    if (len < 1 || len > Packages.MAX_PAYLOAD || (!last && len != Packages.MAX_PAYLOAD)) {
      throw new IllegalStateException("bad DARE payload length " + len);
    }
    if (packages == MAX_PACKAGES) {
      throw new IllegalStateException("a DARE stream holds at most 2^32 packages (2^48 bytes)");
    }
    Packages.writeHeaderV20(dst, dstOff, suite, len, streamNonce, last);
    int n = Packages.sealV20(suite, jceKey, seq, nonceScratch, src, off, len, dst, dstOff);
    seq++;
    packages++;
    finalSealed = last;
    return n;
  }

  /** Wipes the key copy. */
  @Override
  public void close() {
    key.close();
  }
}
