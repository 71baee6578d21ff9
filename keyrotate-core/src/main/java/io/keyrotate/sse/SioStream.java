package io.keyrotate.sse;

import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.SioGo;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The sio-go stream format (secure-io/sio-go v0.3.1) with MinIO's 16 KiB fragments, as used inside
 * KMS-encrypted config blobs (minio-keyrotate.md §5.2).
 *
 * <p>Format: no header; fragments of 16384 plaintext bytes (the last one 0–16384), each AEAD-sealed
 * with nonce {@code prefix[8] ‖ LE32(k)} for k = 1, 2, … and associated data {@code flag ‖ T},
 * where the flag is {@code 0x80} only on the last fragment and T is the tag of an empty seal at k =
 * 0 over the caller's associated data. 16 bytes of overhead per started fragment, at least one
 * fragment.
 *
 * <p>Security: truncation (also at a fragment boundary), reordering, extension, and a wrong key,
 * nonce, associated data or algorithm all throw {@link IntegrityException}. The byte-array {@link
 * #decrypt} returns nothing unless the whole stream verifies; the {@linkplain #decryptingStream
 * streaming reader} releases each fragment only after it verified. Never reuse a (key, nonce) pair.
 *
 * <p>Thread-safe (each call or stream has its own state).
 */
public final class SioStream {
  /** Plaintext bytes per fragment, as MinIO configures sio-go. */
  public static final int FRAGMENT_SIZE = SioGo.MINIO_BUFFER_SIZE;

  /** Length of the nonce prefix. */
  public static final int NONCE_SIZE = 8;

  private SioStream() {}

  /**
   * The ciphertext size of an {@code n}-byte plaintext.
   *
   * @param n plaintext size
   * @return {@code n} plus 16 bytes per started fragment (at least 16)
   */
  public static long encryptedSize(long n) {
    return SioGo.encryptedSize(n, FRAGMENT_SIZE);
  }

  /**
   * Encrypts a whole plaintext.
   *
   * @param cipher the AEAD suite
   * @param key 32-byte key
   * @param nonce 8-byte nonce prefix
   * @param associatedData associated data (MinIO's config blobs use none)
   * @param plaintext the data
   * @return the stream
   */
  public static byte[] encrypt(
      AeadCipher cipher, SecretBytes key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
    try (SioGo s = codec(cipher, key, nonce, associatedData)) {
      return s.encrypt(plaintext);
    }
  }

  /**
   * Decrypts a whole stream.
   *
   * @param cipher the AEAD suite
   * @param key 32-byte key
   * @param nonce 8-byte nonce prefix
   * @param associatedData associated data
   * @param ciphertext the stream
   * @return the plaintext
   * @throws IntegrityException when the stream does not verify
   */
  public static byte[] decrypt(
      AeadCipher cipher, SecretBytes key, byte[] nonce, byte[] associatedData, byte[] ciphertext) {
    try (SioGo s = codec(cipher, key, nonce, associatedData)) {
      return s.decrypt(ciphertext);
    }
  }

  /**
   * An output stream that encrypts into {@code sink}; {@code close()} writes the last fragment,
   * wipes the key copy and closes {@code sink}.
   *
   * @param sink receives ciphertext
   * @param cipher the AEAD suite
   * @param key 32-byte key
   * @param nonce 8-byte nonce prefix
   * @param associatedData associated data
   * @return the encrypting stream
   */
  public static OutputStream encryptingStream(
      OutputStream sink, AeadCipher cipher, SecretBytes key, byte[] nonce, byte[] associatedData) {
    SioGo s = codec(cipher, key, nonce, associatedData);
    return new FilterOutputStream(s.encryptingStream(sink)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          s.close();
        }
      }
    };
  }

  /**
   * An input stream that decrypts {@code source}. Each fragment is released only after its tag
   * verified; a failure throws {@link IntegrityException} from {@code read}, after which the whole
   * stream must be treated as failed. {@code close()} wipes buffers and the key copy and closes
   * {@code source}.
   *
   * @param source provides ciphertext
   * @param cipher the AEAD suite
   * @param key 32-byte key
   * @param nonce 8-byte nonce prefix
   * @param associatedData associated data
   * @return the decrypting stream
   */
  public static InputStream decryptingStream(
      InputStream source, AeadCipher cipher, SecretBytes key, byte[] nonce, byte[] associatedData) {
    SioGo s = codec(cipher, key, nonce, associatedData);
    return new FilterInputStream(s.decryptingStream(source)) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          s.close();
        }
      }
    };
  }

  private static SioGo codec(
      AeadCipher cipher, SecretBytes key, byte[] nonce, byte[] associatedData) {
    if (key.length() != 32) {
      throw new IllegalArgumentException("sio-go key must be 32 bytes, not " + key.length());
    }
    byte[] k = key.toByteArray();
    try {
      return new SioGo(cipher, k, nonce, associatedData, FRAGMENT_SIZE);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }
}
