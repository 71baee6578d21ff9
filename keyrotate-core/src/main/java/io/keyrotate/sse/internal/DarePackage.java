package io.keyrotate.sse.internal;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.sse.AeadCipher;

/**
 * One DARE package (minio/sio v0.4.1): seal and open a single 2.0 package, and open a single legacy
 * 1.0 package.
 *
 * <p>This is deliberately <em>not</em> a stream implementation: sealed object keys (32 bytes),
 * sealed ETags and OEK-protected metadata are each exactly one final package, and this helper
 * covers only that case (plus sealing a non-final package with an explicit sequence number, so
 * tests can assemble multi-package streams). The full DARE 1.0/2.0 streams live in {@code
 * io.keyrotate.crypto}; the integrator may route these calls through that code later.
 *
 * <p>2.0 layout: {@code 0x20 ‖ suite ‖ LE16(len−1) ‖ nonce[12]} then AEAD(ciphertext ‖ tag), where
 * bit 7 of nonce byte 0 is the final flag, the AEAD nonce is the header nonce with {@code
 * LE32(seq)} XORed into its last four bytes, and the AAD is header bytes 0–3 (dare.md §4.5). 1.0
 * layout: {@code 0x10 ‖ suite ‖ LE16(len−1) ‖ LE32(seq) ‖ random[8]}, AEAD nonce = header bytes
 * 4–15, AAD = header bytes 0–3.
 *
 * <p>Thread-safe (stateless; engines are per thread).
 */
public final class DarePackage {
  /** Header length of both versions. */
  public static final int HEADER = 16;

  /** Header plus tag. */
  public static final int OVERHEAD = HEADER + Crypto.TAG;

  /** Largest payload of one package. */
  public static final int MAX_PAYLOAD = 65536;

  private static final int V20 = 0x20;
  private static final int V10 = 0x10;

  private DarePackage() {}

  /**
   * Seals one DARE 2.0 package.
   *
   * @param suite cipher suite
   * @param key 32-byte key buffer
   * @param keyOff first key byte
   * @param streamNonce 12 nonce bytes (bit 7 of byte 0 is replaced by the final flag)
   * @param nonceOff first nonce byte
   * @param seq sequence number (unsigned 32-bit)
   * @param fin whether this is the last package of its stream
   * @param in payload buffer
   * @param inOff first payload byte
   * @param inLen payload length, 1 to 65536
   * @param out output buffer with room for {@code inLen + 32} bytes
   * @param outOff first output byte
   * @return bytes written
   */
  public static int seal20(
      AeadCipher suite,
      byte[] key,
      int keyOff,
      byte[] streamNonce,
      int nonceOff,
      int seq,
      boolean fin,
      byte[] in,
      int inOff,
      int inLen,
      byte[] out,
      int outOff) {
    if (inLen < 1 || inLen > MAX_PAYLOAD) {
      throw new IllegalArgumentException("DARE payload length " + inLen + " not in 1..65536");
    }
    out[outOff] = (byte) V20;
    out[outOff + 1] = (byte) suite.dareId();
    out[outOff + 2] = (byte) (inLen - 1);
    out[outOff + 3] = (byte) ((inLen - 1) >>> 8);
    System.arraycopy(streamNonce, nonceOff, out, outOff + 4, 12);
    out[outOff + 4] = (byte) (fin ? out[outOff + 4] | 0x80 : out[outOff + 4] & 0x7F);
    byte[] nonce = out;
    int nonceAt = outOff + 4;
    if (seq != 0) { // sequence 0 uses the header nonce as is: no copy on the sealed-key hot path
      nonce = aeadNonce(out, outOff, seq);
      nonceAt = 0;
    }
    return HEADER
        + Crypto.seal(
            suite,
            key,
            keyOff,
            32,
            nonce,
            nonceAt,
            out,
            outOff,
            4,
            in,
            inOff,
            inLen,
            out,
            outOff + HEADER);
  }

  /**
   * Opens a stream that must consist of exactly one final DARE 2.0 package with sequence number 0.
   *
   * @param key 32-byte key buffer
   * @param keyOff first key byte
   * @param in package buffer
   * @param inOff first package byte
   * @param inLen package length (the whole stream)
   * @param out payload output, room for {@code inLen - 32} bytes
   * @param outOff first output byte
   * @return payload length
   * @throws FormatException for a wrong version, cipher suite or length field, or a non-final
   *     package
   * @throws IntegrityException when the package does not authenticate
   */
  public static int openSingle20(
      byte[] key, int keyOff, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    AeadCipher suite = checkSingle(V20, in, inOff, inLen);
    if ((in[inOff + 4] & 0x80) == 0) {
      // A lone non-final package: either a truncated stream or a cleared final flag.
      throw new IntegrityException("DARE stream ends without a final package");
    }
    // Sequence number 0: the AEAD nonce is the header nonce itself.
    return Crypto.open(
        suite,
        key,
        keyOff,
        32,
        in,
        inOff + 4,
        in,
        inOff,
        4,
        in,
        inOff + HEADER,
        inLen - HEADER,
        out,
        outOff);
  }

  /**
   * Opens a stream that must consist of exactly one DARE 1.0 package with sequence number 0 (the
   * legacy {@code DARE-SHA256} sealed keys).
   *
   * @param key 32-byte key buffer
   * @param keyOff first key byte
   * @param in package buffer
   * @param inOff first byte
   * @param inLen package length
   * @param out payload output
   * @param outOff first output byte
   * @return payload length
   * @throws FormatException for a wrong version, suite, length or sequence number
   * @throws IntegrityException when the package does not authenticate
   */
  public static int openSingle10(
      byte[] key, int keyOff, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    AeadCipher suite = checkSingle(V10, in, inOff, inLen);
    if (in[inOff + 4] != 0 || in[inOff + 5] != 0 || in[inOff + 6] != 0 || in[inOff + 7] != 0) {
      throw new FormatException("DARE 1.0 sequence number mismatch");
    }
    return Crypto.open(
        suite,
        key,
        keyOff,
        32,
        in,
        inOff + 4,
        in,
        inOff,
        4,
        in,
        inOff + HEADER,
        inLen - HEADER,
        out,
        outOff);
  }

  /** Checks length, version, suite and length field of a stream that must be one package. */
  private static AeadCipher checkSingle(int version, byte[] in, int inOff, int inLen) {
    if (inLen <= OVERHEAD) {
      throw new FormatException("DARE package too short");
    }
    if ((in[inOff] & 0xFF) != version) {
      throw new FormatException(
          "unsupported DARE version 0x" + Integer.toHexString(in[inOff] & 0xFF));
    }
    AeadCipher suite = AeadCipher.fromDareId(in[inOff + 1] & 0xFF);
    if (HEADER + payloadLength(in, inOff) + Crypto.TAG != inLen) {
      throw new FormatException("DARE package length field does not match the data");
    }
    return suite;
  }

  /**
   * The payload length announced by a package header.
   *
   * @param header header buffer
   * @param off first header byte
   * @return 1 to 65536
   */
  public static int payloadLength(byte[] header, int off) {
    return ((header[off + 2] & 0xFF) | (header[off + 3] & 0xFF) << 8) + 1;
  }

  /** AEAD nonce of a 2.0 package: header nonce with LE32(seq) XORed into its last four bytes. */
  private static byte[] aeadNonce(byte[] header, int off, int seq) {
    byte[] nonce = new byte[12];
    System.arraycopy(header, off + 4, nonce, 0, 12);
    nonce[8] ^= (byte) seq;
    nonce[9] ^= (byte) (seq >>> 8);
    nonce[10] ^= (byte) (seq >>> 16);
    nonce[11] ^= (byte) (seq >>> 24);
    return nonce;
  }
}
