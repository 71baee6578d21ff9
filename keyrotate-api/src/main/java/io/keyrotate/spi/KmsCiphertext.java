package io.keyrotate.spi;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A KMS ciphertext (a wrapped data key): opaque bytes the KMS produced and understands.
 *
 * <p>Not secret, but not for logs either: {@link #toString()} shows the length only. Immutable: the bytes
 * are copied in and out. Equality is by content.
 */
public final class KmsCiphertext {
  private final byte[] bytes;

  private KmsCiphertext(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies bytes into a ciphertext.
   *
   * @param bytes the ciphertext bytes; not empty
   * @return the ciphertext
   */
  public static KmsCiphertext copyOf(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a KMS ciphertext must not be empty");
    }
    return new KmsCiphertext(bytes.clone());
  }

  /**
   * Decodes standard padded base64, the form MinIO stores in metadata.
   *
   * @param base64 the encoded ciphertext
   * @return the ciphertext
   * @throws IllegalArgumentException when the text is not valid base64 or decodes to nothing
   */
  public static KmsCiphertext fromBase64(String base64) {
    return new KmsCiphertext(nonEmpty(Base64.getDecoder().decode(base64)));
  }

  private static byte[] nonEmpty(byte[] b) {
    if (b.length == 0) {
      throw new IllegalArgumentException("a KMS ciphertext must not be empty");
    }
    return b;
  }

  /**
   * A copy of the bytes.
   *
   * @return a new array
   */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * The number of bytes.
   *
   * @return the length
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Standard padded base64.
   *
   * @return the encoded bytes
   */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KmsCiphertext && MessageDigest.isEqual(bytes, ((KmsCiphertext) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Shows the length only. */
  @Override
  public String toString() {
    return "KmsCiphertext[" + bytes.length + " bytes]";
  }
}
