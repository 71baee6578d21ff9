package io.keyrotate.crypto.internal;

import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.CipherSuite;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A private copy of a 32-byte DARE key with a {@link SecretKey} view per cipher suite, so that the one
 * copy can be wiped on {@link #close()} (a {@code SecretKeySpec} cannot be wiped on Java 17). The JCE
 * provider copies the key into its own key schedule at every {@code init}; that copy is beyond our reach.
 *
 * <p>Not thread-safe with respect to {@code close()}.
 */
public final class DareKey implements AutoCloseable {
  /** The DARE key size in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;
  private final View aes;
  private final View chacha;

  private DareKey(byte[] owned) {
    this.bytes = owned;
    this.aes = new View(owned, "AES");
    this.chacha = new View(owned, "ChaCha20");
  }

  /**
   * Copies a key.
   *
   * @param key 32 bytes; the caller keeps ownership and should wipe it
   * @return a private copy
   * @throws IllegalArgumentException when not 32 bytes
   */
  public static DareKey copyOf(byte[] key) {
    checkLength(key.length);
    return new DareKey(key.clone());
  }

  /**
   * Copies a key out of a secret.
   *
   * @param key 32 bytes
   * @return a private copy
   * @throws IllegalArgumentException when not 32 bytes
   */
  public static DareKey copyOf(SecretBytes key) {
    checkLength(key.length());
    return new DareKey(key.toByteArray());
  }

  private static void checkLength(int length) {
    if (length != SIZE) {
      throw new IllegalArgumentException("DARE key must be " + SIZE + " bytes, got " + length);
    }
  }

  /**
   * The JCE key for a suite.
   *
   * @param suite the cipher suite
   * @return a view sharing this key's bytes
   */
  public SecretKey forSuite(CipherSuite suite) {
    return suite == CipherSuite.AES_256_GCM ? aes : chacha;
  }

  /** Overwrites the key bytes with zeros. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
  }

  /** A JCE view of the shared bytes; {@code getEncoded} hands out copies, as JCE expects. */
  private static final class View implements SecretKey {
    @Serial private static final long serialVersionUID = 1L;

    private final transient byte[] bytes;
    private final String algorithm;

    View(byte[] bytes, String algorithm) {
      this.bytes = bytes;
      this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
      return algorithm;
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return "DareKey[" + algorithm + ", redacted]";
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
      throw new NotSerializableException("key material is not serializable");
    }
  }
}
