package io.keyrotate.crypto.internal;

import io.keyrotate.crypto.CipherSuite;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * One JDK {@link Cipher} per cipher suite per thread, re-initialised for every package.
 *
 * <p>The JDK refuses some re-initialisations: GCM encryption with the previous key and nonce, and on Java
 * 17 ChaCha20-Poly1305 in any mode with the previous key and nonce (decrypting the same package twice in a
 * row, or right after sealing it). DARE package nonces never repeat within a stream, so this only happens
 * across streams or on retries; then the thread gets a fresh instance.
 */
final class Aeads {
  private static final int TAG_BITS = 128;

  private static final ThreadLocal<Aeads> PER_THREAD = ThreadLocal.withInitial(Aeads::new);

  private @Nullable Cipher aes;
  private @Nullable Cipher chacha;

  private Aeads() {}

  /**
   * Returns this thread's cipher for {@code suite}, initialised for one package.
   *
   * @param suite the suite
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   * @param key the key view for the suite
   * @param nonce the 12-byte AEAD nonce (the JDK copies it)
   * @return an initialised cipher, valid until the next call on this thread
   */
  static Cipher init(CipherSuite suite, int mode, SecretKey key, byte[] nonce) {
    Aeads self = PER_THREAD.get();
    AlgorithmParameterSpec spec =
        suite == CipherSuite.AES_256_GCM
            ? new GCMParameterSpec(TAG_BITS, nonce)
            : new IvParameterSpec(nonce);
    Cipher cipher = self.cipher(suite, false);
    try {
      cipher.init(mode, key, spec);
      return cipher;
    } catch (InvalidKeyException | InvalidAlgorithmParameterException refusedReinit) {
      cipher = self.cipher(suite, true);
      try {
        cipher.init(mode, key, spec);
        return cipher;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot initialise " + suite + " cipher", e);
      }
    }
  }

  private Cipher cipher(CipherSuite suite, boolean fresh) {
    if (suite == CipherSuite.AES_256_GCM) {
      Cipher c = aes;
      if (c == null || fresh) {
        c = newCipher("AES/GCM/NoPadding");
        aes = c;
      }
      return c;
    }
    Cipher c = chacha;
    if (c == null || fresh) {
      c = newCipher("ChaCha20-Poly1305");
      chacha = c;
    }
    return c;
  }

  private static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("the JDK lacks " + transformation, e);
    }
  }
}
