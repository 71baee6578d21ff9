package io.keyrotate.crypto;

import io.keyrotate.FormatException;
import io.keyrotate.SecretBytes;
import io.keyrotate.crypto.internal.Buffers;
import io.keyrotate.crypto.internal.DecryptingInputStream;
import io.keyrotate.crypto.internal.DecryptingOutputStream;
import io.keyrotate.crypto.internal.EncryptingInputStream;
import io.keyrotate.crypto.internal.EncryptingOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * MinIO's DARE format (as implemented by {@code minio/sio} v0.4.1): encryption to DARE 2.0 and decryption
 * of DARE 2.0 and, on request, legacy DARE 1.0 — as streams and over whole buffers.
 *
 * <p><b>Format.</b> A stream is a run of packages: a 16-byte header (version, cipher suite, payload length
 * − 1, 12-byte stream nonce whose top bit marks the final package), 1 to 65536 bytes of AEAD ciphertext
 * and a 16-byte tag. Every package but the last carries exactly 64 KiB; the per-package AEAD nonce is the
 * header nonce with the package's 32-bit sequence number XORed into its last four bytes. An empty
 * plaintext encrypts to zero bytes. Output is byte-identical to sio's {@code Encrypt} for the same key,
 * nonce, suite and start sequence.
 *
 * <p><b>Security.</b> Decryption authenticates each package before releasing any of its plaintext and
 * rejects everything sio's {@code Decrypt} rejects — reordered, replayed, dropped, spliced or altered
 * packages, a wrong key or start sequence, truncation anywhere (including exactly at a package boundary,
 * which sio's {@code DecryptWriter} misses), bytes after the final package, and mixed versions or
 * suites — with an {@link io.keyrotate.IntegrityException} (authentication) or a {@link FormatException}
 * (framing). Streaming decryption releases earlier packages before it can see a later failure: treat the
 * whole output as void when an exception arrives. The key must be unique to the stream (MinIO derives a
 * key per object and per part); with random nonces, one key may also safely encrypt many streams. The
 * encryptor refuses more than 2^32 packages (2^48 bytes), which would repeat a nonce.
 *
 * <p><b>Keys</b> are 32 bytes, copied on entry and wiped when the operation or stream ends (the JDK's own
 * key schedule lives on in a per-thread {@code Cipher} until that thread's next package under another
 * key). Closing a stream wipes its copy.
 *
 * <p><b>Exceptions.</b> Rejections are unchecked ({@link io.keyrotate.IntegrityException}, {@link
 * FormatException}), also from {@code InputStream.read} and {@code OutputStream.write}/{@code close}, so
 * that {@code catch (IOException e)} cannot swallow them. I/O failures of the wrapped streams stay
 * {@code IOException}s.
 *
 * <p>Thread-safety: the static methods are thread-safe; each stream is for one thread at a time.
 */
public final class Dare {
  /** Size of a package header in bytes. */
  public static final int HEADER_SIZE = 16;
  /** Size of the AEAD tag in bytes. */
  public static final int TAG_SIZE = 16;
  /** Largest payload of one package: 64 KiB. */
  public static final int MAX_PAYLOAD_SIZE = 65536;
  /** Largest package: 65568 bytes. */
  public static final int MAX_PACKAGE_SIZE = MAX_PAYLOAD_SIZE + HEADER_SIZE + TAG_SIZE;
  /** Key size in bytes. */
  public static final int KEY_SIZE = 32;
  /** Stream nonce size in bytes. */
  public static final int NONCE_SIZE = 12;
  /** Largest plaintext of one stream: 2^48 bytes (2^32 packages). */
  public static final long MAX_PLAINTEXT_SIZE = 1L << 48;
  /** Largest ciphertext of one stream: 2^48 + 32 * 2^32 bytes. */
  public static final long MAX_CIPHERTEXT_SIZE = MAX_PLAINTEXT_SIZE + 32L * (1L << 32);

  private Dare() {}

  /**
   * The DARE 2.0 ciphertext size of a plaintext: {@code ⌊n/65536⌋·65568 + (n mod 65536 > 0 ? n mod
   * 65536 + 32 : 0)}, as sio's {@code EncryptedSize}.
   *
   * @param plaintextSize bytes of plaintext, {@code 0 ≤ n ≤ 2^48}
   * @return the ciphertext size
   * @throws IllegalArgumentException when negative or larger than 2^48 (sio: "size is too large for
   *     DARE")
   */
  public static long encryptedSize(long plaintextSize) {
    if (plaintextSize < 0 || plaintextSize > MAX_PLAINTEXT_SIZE) {
      throw new IllegalArgumentException(
          "plaintext size " + plaintextSize + " is out of range: size is too large for DARE");
    }
    long rest = plaintextSize % MAX_PAYLOAD_SIZE;
    return plaintextSize / MAX_PAYLOAD_SIZE * MAX_PACKAGE_SIZE
        + (rest > 0 ? rest + HEADER_SIZE + TAG_SIZE : 0);
  }

  /**
   * The plaintext size of a DARE 2.0 ciphertext, as sio's {@code DecryptedSize}. Exact for 2.0 (and for
   * 1.0 streams written with the default payload size).
   *
   * @param ciphertextSize bytes of ciphertext
   * @return the plaintext size
   * @throws IllegalArgumentException when negative
   * @throws FormatException when no DARE 2.0 stream has that size (a last package of 1 to 32 bytes:
   *     sio "size is not valid") or it exceeds {@link #MAX_CIPHERTEXT_SIZE} (sio "size is too large for
   *     DARE")
   */
  public static long decryptedSize(long ciphertextSize) {
    if (ciphertextSize < 0) {
      throw new IllegalArgumentException("negative ciphertext size " + ciphertextSize);
    }
    if (ciphertextSize > MAX_CIPHERTEXT_SIZE) {
      throw new FormatException(
          "ciphertext size " + ciphertextSize + ": size is too large for DARE");
    }
    long packages = ciphertextSize / MAX_PACKAGE_SIZE;
    long rest = ciphertextSize % MAX_PACKAGE_SIZE;
    if (rest == 0) {
      return packages * MAX_PAYLOAD_SIZE;
    }
    if (rest <= HEADER_SIZE + TAG_SIZE) {
      throw new FormatException("ciphertext size " + ciphertextSize + ": size is not valid");
    }
    return packages * MAX_PAYLOAD_SIZE + rest - HEADER_SIZE - TAG_SIZE;
  }

  /**
   * Returns an {@code OutputStream} that encrypts what is written to it into {@code ciphertextSink}.
   * {@link OutputStream#close()} seals the final package and closes the sink; until then up to 64 KiB of
   * plaintext stay buffered ({@code flush} cannot emit them, because the last package must be marked).
   *
   * @param ciphertextSink receives the DARE 2.0 stream
   * @param key 32-byte key (copied; wiped on close)
   * @param options suite, start sequence, nonce
   * @return the encrypting stream
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static OutputStream newEncryptingOutputStream(
      OutputStream ciphertextSink, SecretBytes key, DareEncryptOptions options) {
    return new EncryptingOutputStream(ciphertextSink, key, Objects.requireNonNull(options));
  }

  /**
   * Returns an {@code InputStream} whose bytes are the DARE 2.0 encryption of {@code plaintextSource}.
   * It reads 64 KiB plus one byte ahead. Closing it closes the source.
   *
   * @param plaintextSource the plaintext
   * @param key 32-byte key (copied; wiped on close)
   * @param options suite, start sequence, nonce
   * @return the ciphertext stream
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static InputStream newEncryptingInputStream(
      InputStream plaintextSource, SecretBytes key, DareEncryptOptions options) {
    return new EncryptingInputStream(plaintextSource, key, Objects.requireNonNull(options));
  }

  /**
   * Returns an {@code InputStream} of the plaintext of the DARE stream {@code ciphertextSource}. Each
   * package's plaintext is released only after its tag verified, the last one only after the source
   * ended right after it. A rejection is thrown from {@code read} as an unchecked {@link
   * io.keyrotate.IntegrityException} or {@link FormatException}, and again on every later read.
   *
   * <p>To read from package {@code k} of a stream (a range read), pass the ciphertext from offset {@code
   * k * 65568} and set {@link DareDecryptOptions.Builder#startSequence(long)} to {@code start + k}; a
   * reader that stops before the end of the stream sees no error for the missing rest.
   *
   * @param ciphertextSource the DARE stream
   * @param key 32-byte key (copied; wiped on close)
   * @param options accepted versions and suites, start sequence
   * @return the plaintext stream
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static InputStream newDecryptingInputStream(
      InputStream ciphertextSource, SecretBytes key, DareDecryptOptions options) {
    return new DecryptingInputStream(ciphertextSource, key, Objects.requireNonNull(options));
  }

  /**
   * Returns an {@code OutputStream} that decrypts the DARE stream written to it into {@code
   * plaintextSink}, one authenticated package at a time. {@code close()} fails unless the stream was
   * complete. On any exception the sink holds a prefix of the plaintext that must be discarded.
   *
   * @param plaintextSink receives the plaintext
   * @param key 32-byte key (copied; wiped on close)
   * @param options accepted versions and suites, start sequence
   * @return the decrypting stream
   * @throws IllegalArgumentException when the key is not 32 bytes
   */
  public static OutputStream newDecryptingOutputStream(
      OutputStream plaintextSink, SecretBytes key, DareDecryptOptions options) {
    return new DecryptingOutputStream(plaintextSink, key, Objects.requireNonNull(options));
  }

  /**
   * Encrypts a whole plaintext to a new array.
   *
   * @param plaintext the plaintext (at most 2 GiB − 1 of ciphertext)
   * @param key 32-byte key (copied; wiped before returning)
   * @param options suite, start sequence, nonce
   * @return the DARE 2.0 stream
   */
  public static byte[] encrypt(byte[] plaintext, SecretBytes key, DareEncryptOptions options) {
    byte[] out = new byte[Math.toIntExact(encryptedSize(plaintext.length))];
    encrypt(plaintext, 0, plaintext.length, out, 0, key, options);
    return out;
  }

  /**
   * Encrypts {@code src[srcOff..srcOff+len)} into {@code dst} at {@code dstOff} without intermediate
   * copies.
   *
   * @param src plaintext array
   * @param srcOff plaintext start
   * @param len plaintext length
   * @param dst destination with room for {@link #encryptedSize(long) encryptedSize(len)} bytes; must not
   *     overlap the source range
   * @param dstOff destination start
   * @param key 32-byte key (copied; wiped before returning)
   * @param options suite, start sequence, nonce
   * @return the ciphertext length, {@code encryptedSize(len)}
   * @throws IllegalArgumentException on bad bounds, overlap or key length
   */
  public static int encrypt(
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff,
      SecretBytes key,
      DareEncryptOptions options) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    long size = encryptedSize(len);
    if (dstOff < 0 || size > dst.length - (long) dstOff) {
      throw new IllegalArgumentException(
          "ciphertext buffer too small: " + size + " bytes needed at offset " + dstOff);
    }
    checkNoOverlap(src, srcOff, len, dst, dstOff, (int) size);
    return Buffers.encrypt(src, srcOff, len, dst, dstOff, key, Objects.requireNonNull(options));
  }

  /**
   * Decrypts a whole DARE stream to a new array.
   *
   * @param ciphertext the stream
   * @param key 32-byte key (copied; wiped before returning)
   * @param options accepted versions and suites, start sequence
   * @return the plaintext
   * @throws io.keyrotate.IntegrityException when a package does not authenticate, the stream is
   *     truncated or extended
   * @throws FormatException when the framing is invalid
   */
  public static byte[] decrypt(byte[] ciphertext, SecretBytes key, DareDecryptOptions options) {
    byte[] out = new byte[ciphertext.length];
    int n = decrypt(ciphertext, 0, ciphertext.length, out, 0, key, options);
    if (n == out.length) {
      return out;
    }
    byte[] exact = Arrays.copyOf(out, n);
    Arrays.fill(out, (byte) 0);
    return exact;
  }

  /**
   * Decrypts the DARE stream {@code src[srcOff..srcOff+len)} into {@code dst} at {@code dstOff} without
   * intermediate copies. Nothing is left in {@code dst} when it fails: plaintext already written is
   * zeroed before the exception is thrown.
   *
   * @param src ciphertext array
   * @param srcOff ciphertext start
   * @param len ciphertext length
   * @param dst destination with room for the plaintext ({@link #decryptedSize(long)} for DARE 2.0);
   *     must not overlap the source range
   * @param dstOff destination start
   * @param key 32-byte key (copied; wiped before returning)
   * @param options accepted versions and suites, start sequence
   * @return the plaintext length
   * @throws io.keyrotate.IntegrityException when a package does not authenticate, the stream is
   *     truncated or extended
   * @throws FormatException when the framing is invalid
   * @throws IllegalArgumentException on bad bounds, overlap, a too small destination or key length
   */
  public static int decrypt(
      byte[] src,
      int srcOff,
      int len,
      byte[] dst,
      int dstOff,
      SecretBytes key,
      DareDecryptOptions options) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkIndex(dstOff, dst.length + 1);
    checkNoOverlap(src, srcOff, len, dst, dstOff, dst.length - dstOff);
    return Buffers.decrypt(src, srcOff, len, dst, dstOff, key, Objects.requireNonNull(options));
  }

  private static void checkNoOverlap(
      byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
    if (src == dst && srcOff < dstOff + dstLen && dstOff < srcOff + srcLen) {
      throw new IllegalArgumentException("source and destination ranges overlap");
    }
  }

  static long checkSequence(long sequence) {
    if (sequence < 0 || sequence > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "DARE sequence number must be an unsigned 32-bit value, got " + sequence);
    }
    return sequence;
  }
}
