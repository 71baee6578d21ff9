package io.keyrotate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs one operation through every DARE API (buffer, streams, several chunk sizes) and compares. */
final class DareTestSupport {
  /** sio error texts that are authentication failures; the rest are framing errors. */
  static final Set<String> INTEGRITY_ERRORS =
      Set.of(
          "sio: authentication failed",
          "sio: header nonce mismatch",
          "sio: unexpected EOF",
          "sio: unexpected data after final package",
          "sio: sequence number mismatch");

  private DareTestSupport() {}

  /** Encrypts through the buffer API, the output stream and the input stream; all must agree. */
  static byte[] encryptAll(byte[] plaintext, SecretBytes key, DareEncryptOptions options) {
    byte[] viaBuffer = Dare.encrypt(plaintext, key, options);
    assertEquals(Dare.encryptedSize(plaintext.length), viaBuffer.length, "encryptedSize");
    assertArrayEquals(viaBuffer, encryptOutputStream(plaintext, key, options, 7777), "writer 7777");
    assertArrayEquals(viaBuffer, encryptOutputStream(plaintext, key, options, 1 << 20), "writer 1MiB");
    assertArrayEquals(viaBuffer, encryptInputStream(plaintext, key, options, 1000), "reader 1000");
    assertArrayEquals(viaBuffer, encryptInputStream(plaintext, key, options, 1 << 17), "reader 128K");
    return viaBuffer;
  }

  static byte[] encryptOutputStream(
      byte[] plaintext, SecretBytes key, DareEncryptOptions options, int writeSize) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = Dare.newEncryptingOutputStream(sink, key, options)) {
      for (int i = 0; i < plaintext.length; i += writeSize) {
        out.write(plaintext, i, Math.min(writeSize, plaintext.length - i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }

  static byte[] encryptInputStream(
      byte[] plaintext, SecretBytes key, DareEncryptOptions options, int readSize) {
    try (InputStream in =
        Dare.newEncryptingInputStream(new ByteArrayInputStream(plaintext), key, options)) {
      return readAll(in, readSize);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decrypts through every API; all must agree. */
  static byte[] decryptAll(byte[] ciphertext, SecretBytes key, DareDecryptOptions options) {
    byte[] viaBuffer = Dare.decrypt(ciphertext, key, options);
    assertArrayEquals(viaBuffer, decryptInputStream(ciphertext, key, options, 1000), "reader 1000");
    assertArrayEquals(viaBuffer, decryptInputStream(ciphertext, key, options, 1 << 17), "reader 128K");
    assertArrayEquals(viaBuffer, decryptOutputStream(ciphertext, key, options, 7777), "writer 7777");
    assertArrayEquals(viaBuffer, decryptOutputStream(ciphertext, key, options, 1 << 20), "writer 1M");
    return viaBuffer;
  }

  static byte[] decryptInputStream(
      byte[] ciphertext, SecretBytes key, DareDecryptOptions options, int readSize) {
    try (InputStream in =
        Dare.newDecryptingInputStream(new ByteArrayInputStream(ciphertext), key, options)) {
      return readAll(in, readSize);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] decryptOutputStream(
      byte[] ciphertext, SecretBytes key, DareDecryptOptions options, int writeSize) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = Dare.newDecryptingOutputStream(sink, key, options)) {
      for (int i = 0; i < ciphertext.length; i += writeSize) {
        out.write(ciphertext, i, Math.min(writeSize, ciphertext.length - i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }

  static byte[] readAll(InputStream in, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    int n;
    while ((n = in.read(buf, 0, readSize)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Asserts that every decryption API rejects {@code ciphertext} with an Integrity- or FormatException,
   * and returns the exceptions (buffer, reader, small reader, writer, small writer).
   */
  static List<KeyRotateException> rejectedEverywhere(
      byte[] ciphertext, SecretBytes key, DareDecryptOptions options) {
    List<KeyRotateException> all = new ArrayList<>();
    all.add(rejected("buffer", () -> Dare.decrypt(ciphertext, key, options)));
    all.add(rejected("reader 128K", () -> decryptInputStream(ciphertext, key, options, 1 << 17)));
    all.add(rejected("reader 1000", () -> decryptInputStream(ciphertext, key, options, 1000)));
    all.add(rejected("writer 1M", () -> decryptOutputStream(ciphertext, key, options, 1 << 20)));
    all.add(rejected("writer 7777", () -> decryptOutputStream(ciphertext, key, options, 7777)));
    return all;
  }

  static KeyRotateException rejected(String api, Runnable r) {
    try {
      r.run();
    } catch (IntegrityException | FormatException e) {
      return e;
    }
    return fail(api + ": accepted a stream that must be rejected");
  }

  /** Asserts the exception type and sio category of a rejection. */
  static void assertSioError(String sioError, KeyRotateException e) {
    String text = sioError.substring("sio: ".length());
    assertTrue(
        e.getMessage().contains(": " + text + " ("),
        () -> "expected '" + text + "' but got: " + e.getMessage());
    Class<?> expected =
        INTEGRITY_ERRORS.contains(sioError) ? IntegrityException.class : FormatException.class;
    assertEquals(expected, e.getClass(), e.getMessage());
  }
}
