package io.keyrotate;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (a key, a plaintext data key) that never show up in {@code toString}, logs or exception
 * messages.
 *
 * <p>The bytes are copied in and copied out; {@link #close()} overwrites the internal copy with zeros, after
 * which every accessor throws {@link IllegalStateException}. {@link #equals(Object)} compares in constant
 * time for equal lengths. Use with try-with-resources so the buffer is wiped as soon as it is no longer
 * needed.
 *
 * <p>Thread-safety: reads are safe from several threads; {@code close()} must not race with readers.
 */
public final class SecretBytes implements AutoCloseable {
  private final byte[] bytes;
  private volatile boolean closed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes} into a new secret; the caller should wipe its own array afterwards.
   *
   * @param bytes the secret bytes
   * @return a new secret holding a copy
   */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /**
   * Copies a range of {@code bytes} into a new secret.
   *
   * @param bytes source array
   * @param offset first byte
   * @param length number of bytes
   * @return a new secret holding a copy of the range
   */
  public static SecretBytes copyOf(byte[] bytes, int offset, int length) {
    return new SecretBytes(Arrays.copyOfRange(bytes, offset, Math.addExact(offset, length)));
  }

  /**
   * Takes ownership of {@code bytes} without copying. The caller must not keep or use the array.
   *
   * @param bytes an array nobody else references
   * @return a secret wrapping the array
   */
  public static SecretBytes wrapOwned(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  /**
   * The number of bytes.
   *
   * @return the length
   */
  public int length() {
    checkOpen();
    return bytes.length;
  }

  /**
   * Returns a fresh copy of the bytes; the caller must wipe it after use.
   *
   * @return a copy
   */
  public byte[] toByteArray() {
    checkOpen();
    return bytes.clone();
  }

  /**
   * Copies the bytes into {@code dst} at {@code offset}, avoiding an allocation on hot paths.
   *
   * @param dst destination
   * @param offset where to start writing
   */
  public void copyTo(byte[] dst, int offset) {
    checkOpen();
    System.arraycopy(bytes, 0, dst, offset, bytes.length);
  }

  /**
   * Whether {@link #close()} has wiped this secret.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /** Overwrites the bytes with zeros. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("secret was closed (wiped)");
    }
  }

  /** Constant-time comparison of the contents (the length is not secret). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretBytes)) {
      return false;
    }
    SecretBytes other = (SecretBytes) o;
    checkOpen();
    other.checkOpen();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Depends on the length only, so hashing does not leak content. */
  @Override
  public int hashCode() {
    return bytes.length;
  }

  /** Redacted: shows the length only. */
  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
