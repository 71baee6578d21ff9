package io.keyrotate.sse.internal;

import io.keyrotate.IntegrityException;
import io.keyrotate.sse.AeadCipher;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * Per-thread JDK AEAD and HMAC engines, used for every sealed key, DARE package and sio-go
 * fragment.
 *
 * <p>Each thread owns one {@link Cipher} per suite and one {@code HmacSHA256} {@link Mac}; they are
 * re-initialised per operation and write into caller-owned arrays, so the hot paths allocate
 * little. The JDK refuses to re-initialise an AES-GCM encryptor (and, on JDK 17, a
 * ChaCha20-Poly1305 cipher) with the key and nonce it last used; that rare case falls back to a
 * fresh {@code Cipher}.
 *
 * <p>A failed authentication throws {@link IntegrityException} and zeroes whatever the provider may
 * have written to the output range, so no unauthenticated byte leaves this class.
 *
 * <p>Key hygiene: keys reach the provider through a per-thread {@link RawKey} that is wiped right
 * after {@code init}. The JDK engines themselves keep derived state (the AES key schedule, the last
 * GCM encryption key, the HMAC pads) until the thread's next operation overwrites it; that state
 * never leaves the provider objects.
 *
 * <p>Thread-safe: all state is thread-confined.
 */
public final class Crypto {
  /** AEAD tag length in bytes for both suites. */
  public static final int TAG = 16;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

  private Crypto() {}

  /** Thread-confined engines and key holders. */
  private static final class Engines {
    private final Cipher[] ciphers = new Cipher[2];
    private final RawKey[] keys = {new RawKey("AES"), new RawKey("ChaCha20")};
    private final RawKey hmacKey = new RawKey("HmacSHA256");
    private final Mac hmac;

    Engines() {
      try {
        ciphers[0] = newCipher(AeadCipher.AES_256_GCM);
        ciphers[1] = newCipher(AeadCipher.CHACHA20_POLY1305);
        hmac = Mac.getInstance("HmacSHA256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "the JDK lacks AES-GCM, ChaCha20-Poly1305 or HmacSHA256", e);
      }
    }
  }

  private static Cipher newCipher(AeadCipher suite) throws GeneralSecurityException {
    return Cipher.getInstance(
        suite == AeadCipher.AES_256_GCM ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
  }

  /**
   * The shared strong random source for nonces, IVs and keys.
   *
   * @return a thread-safe {@link SecureRandom}
   */
  public static SecureRandom random() {
    return RANDOM;
  }

  /**
   * AEAD-encrypts {@code in} into {@code out} (ciphertext followed by the 16-byte tag).
   *
   * @param suite cipher suite
   * @param key key bytes (32 for both suites; 16 also works for AES, used by sio-go test vectors)
   * @param keyOff first key byte
   * @param keyLen key length
   * @param nonce 12-byte nonce buffer
   * @param nonceOff first nonce byte
   * @param aad additional data buffer
   * @param aadOff first AAD byte
   * @param aadLen AAD length (may be 0)
   * @param in plaintext buffer
   * @param inOff first plaintext byte
   * @param inLen plaintext length
   * @param out output buffer with room for {@code inLen + 16} bytes
   * @param outOff first output byte
   * @return bytes written ({@code inLen + 16})
   */
  public static int seal(
      AeadCipher suite,
      byte[] key,
      int keyOff,
      int keyLen,
      byte[] nonce,
      int nonceOff,
      byte[] aad,
      int aadOff,
      int aadLen,
      byte[] in,
      int inOff,
      int inLen,
      byte[] out,
      int outOff) {
    try {
      return run(
          suite,
          Cipher.ENCRYPT_MODE,
          key,
          keyOff,
          keyLen,
          nonce,
          nonceOff,
          aad,
          aadOff,
          aadLen,
          in,
          inOff,
          inLen,
          out,
          outOff);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("AEAD encryption failed unexpectedly", ex);
    }
  }

  /**
   * AEAD-decrypts {@code in} (ciphertext followed by the tag) into {@code out}.
   *
   * @param suite cipher suite
   * @param key key bytes
   * @param keyOff first key byte
   * @param keyLen key length
   * @param nonce 12-byte nonce buffer
   * @param nonceOff first nonce byte
   * @param aad additional data buffer
   * @param aadOff first AAD byte
   * @param aadLen AAD length (may be 0)
   * @param in ciphertext and tag
   * @param inOff first input byte
   * @param inLen input length, at least 16
   * @param out output buffer with room for {@code inLen - 16} bytes
   * @param outOff first output byte
   * @return plaintext length
   * @throws IntegrityException when the tag does not verify; {@code out} is zeroed
   */
  public static int open(
      AeadCipher suite,
      byte[] key,
      int keyOff,
      int keyLen,
      byte[] nonce,
      int nonceOff,
      byte[] aad,
      int aadOff,
      int aadLen,
      byte[] in,
      int inOff,
      int inLen,
      byte[] out,
      int outOff) {
    if (inLen < TAG) {
      throw new IntegrityException("ciphertext shorter than its authentication tag");
    }
    try {
      return run(
          suite,
          Cipher.DECRYPT_MODE,
          key,
          keyOff,
          keyLen,
          nonce,
          nonceOff,
          aad,
          aadOff,
          aadLen,
          in,
          inOff,
          inLen,
          out,
          outOff);
    } catch (AEADBadTagException ex) {
      Arrays.fill(out, outOff, outOff + inLen - TAG, (byte) 0);
      throw new IntegrityException("authentication failed", null);
    } catch (GeneralSecurityException ex) {
      Arrays.fill(out, outOff, outOff + inLen - TAG, (byte) 0);
      throw new IllegalStateException("AEAD decryption failed unexpectedly", ex);
    }
  }

  private static int run(
      AeadCipher suite,
      int mode,
      byte[] key,
      int keyOff,
      int keyLen,
      byte[] nonce,
      int nonceOff,
      byte[] aad,
      int aadOff,
      int aadLen,
      byte[] in,
      int inOff,
      int inLen,
      byte[] out,
      int outOff)
      throws GeneralSecurityException {
    Cipher c = init(ENGINES.get(), suite, mode, key, keyOff, keyLen, nonce, nonceOff);
    if (aadLen > 0) {
      c.updateAAD(aad, aadOff, aadLen);
    }
    return c.doFinal(in, inOff, inLen, out, outOff);
  }

  private static Cipher init(
      Engines e,
      AeadCipher suite,
      int mode,
      byte[] key,
      int keyOff,
      int keyLen,
      byte[] nonce,
      int nonceOff) {
    int i = suite.ordinal();
    RawKey k = e.keys[i];
    k.set(key, keyOff, keyLen);
    try {
      java.security.spec.AlgorithmParameterSpec spec =
          suite == AeadCipher.AES_256_GCM
              ? new GCMParameterSpec(TAG * 8, nonce, nonceOff, 12)
              : new IvParameterSpec(nonce, nonceOff, 12);
      try {
        e.ciphers[i].init(mode, k, spec);
      } catch (InvalidKeyException | InvalidAlgorithmParameterException reuse) {
        // Same key and nonce as the previous init: the JDK refuses to reuse the object.
        e.ciphers[i] = newCipher(suite);
        e.ciphers[i].init(mode, k, spec);
      }
      return e.ciphers[i];
    } catch (GeneralSecurityException ex) {
      throw new IllegalArgumentException("AEAD key or nonce rejected by the provider", ex);
    } finally {
      k.wipe();
    }
  }

  /**
   * The thread's HMAC-SHA256 engine, initialised with {@code key}; the caller feeds it with {@code
   * update} and finishes with {@code doFinal(out, off)} before using any other method of this class
   * on the same thread.
   *
   * @param key key buffer
   * @param off first key byte
   * @param len key length
   * @return the initialised engine
   */
  public static Mac hmac(byte[] key, int off, int len) {
    Engines e = ENGINES.get();
    e.hmacKey.set(key, off, len);
    try {
      e.hmac.init(e.hmacKey);
      return e.hmac;
    } catch (InvalidKeyException ex) {
      throw new IllegalArgumentException("HMAC key rejected by the provider", ex);
    } finally {
      e.hmacKey.wipe();
    }
  }

  /**
   * HMAC-SHA256 of one message into {@code out[outOff..outOff+32)}.
   *
   * @param key key buffer
   * @param keyOff first key byte
   * @param keyLen key length
   * @param msg message buffer
   * @param msgOff first message byte
   * @param msgLen message length
   * @param out output buffer
   * @param outOff first output byte
   */
  public static void hmacSha256(
      byte[] key,
      int keyOff,
      int keyLen,
      byte[] msg,
      int msgOff,
      int msgLen,
      byte[] out,
      int outOff) {
    Mac m = hmac(key, keyOff, keyLen);
    m.update(msg, msgOff, msgLen);
    try {
      m.doFinal(out, outOff);
    } catch (javax.crypto.ShortBufferException ex) {
      throw new IllegalArgumentException("HMAC output buffer too small", ex);
    }
  }
}
