package io.keyrotate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the streams beyond the vectors: release rules, terminal errors, lifecycle, options. */
class DareStreamTest {
  private static final int FULL = Dare.MAX_PAYLOAD_SIZE;
  private final Random random = new Random(7);

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private SecretBytes key() {
    return SecretBytes.wrapOwned(bytes(32));
  }

  @Test
  void decryptingInputStream_tamperedSecondPackage_releasesOnlyTheFirstAndStaysFailed()
      throws IOException {
    SecretBytes key = key();
    byte[] plaintext = bytes(2 * FULL + 10);
    byte[] ct = Dare.encrypt(plaintext, key, DareEncryptOptions.defaults());
    ct[2 * Dare.MAX_PACKAGE_SIZE - 1] ^= 1; // tag of package 1
    try (InputStream in =
        Dare.newDecryptingInputStream(new ByteArrayInputStream(ct), key, DareDecryptOptions.defaults())) {
      byte[] buf = new byte[3 * FULL];
      Arrays.fill(buf, (byte) 0x55);
      assertEquals(FULL, in.read(buf, 0, buf.length));
      assertArrayEquals(Arrays.copyOf(plaintext, FULL), Arrays.copyOf(buf, FULL));
      IntegrityException e =
          assertThrows(IntegrityException.class, () -> in.read(buf, FULL, buf.length - FULL));
      assertTrue(e.getMessage().contains("package 1: authentication failed"), e.getMessage());
      for (int i = FULL; i < 2 * FULL; i++) {
        assertTrue(buf[i] == 0 || buf[i] == 0x55, "no unauthenticated plaintext at " + i);
      }
      assertThrows(IntegrityException.class, () -> in.read(buf, 0, 10), "errors are terminal");
      assertThrows(IntegrityException.class, in::read);
    }
  }

  @Test
  void decryptingInputStream_dataAfterFullFinal_finalPackageNotReleased() throws IOException {
    SecretBytes key = key();
    byte[] ct = Dare.encrypt(bytes(FULL), key, DareEncryptOptions.defaults());
    byte[] extended = Arrays.copyOf(ct, ct.length + 1);
    try (InputStream in =
        Dare.newDecryptingInputStream(
            new ByteArrayInputStream(extended), key, DareDecryptOptions.defaults())) {
      byte[] small = new byte[100];
      assertThrows(IntegrityException.class, () -> in.read(small));
      assertArrayEquals(new byte[100], small);
      byte[] big = new byte[FULL];
      assertThrows(IntegrityException.class, () -> in.read(big));
      assertArrayEquals(new byte[FULL], big);
    }
  }

  @Test
  void decryptingOutputStream_streamCutAtPackageBoundary_closeFails() throws IOException {
    // sio's DecryptWriter accepts this (dare.md §10); we must not.
    SecretBytes key = key();
    byte[] ct = Dare.encrypt(bytes(2 * FULL), key, DareEncryptOptions.defaults());
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = Dare.newDecryptingOutputStream(sink, key, DareDecryptOptions.defaults());
    out.write(ct, 0, Dare.MAX_PACKAGE_SIZE);
    IntegrityException e = assertThrows(IntegrityException.class, out::close);
    assertTrue(e.getMessage().contains("unexpected EOF"), e.getMessage());
  }

  @Test
  void decryptingOutputStream_bytesAfterFinal_writeFails() throws IOException {
    SecretBytes key = key();
    byte[] ct = Dare.encrypt(bytes(FULL), key, DareEncryptOptions.defaults());
    OutputStream out =
        Dare.newDecryptingOutputStream(new ByteArrayOutputStream(), key, DareDecryptOptions.defaults());
    out.write(ct);
    assertThrows(IntegrityException.class, () -> out.write(0));
    assertThrows(IntegrityException.class, out::close, "still failed on close");
  }

  @Test
  void encryptingOutputStream_flushBeforeClose_holdsBackTheLastPackage() throws IOException {
    SecretBytes key = key();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = Dare.newEncryptingOutputStream(sink, key, DareEncryptOptions.defaults());
    out.write(bytes(FULL + 10));
    out.flush();
    assertEquals(Dare.MAX_PACKAGE_SIZE, sink.size(), "only the first (non-final) package");
    out.close();
    out.close(); // idempotent
    assertEquals(Dare.encryptedSize(FULL + 10), sink.size());
    assertThrows(IOException.class, () -> out.write(1));
  }

  @Test
  void encrypt_defaultOptions_randomNoncePerStream() {
    SecretBytes key = key();
    byte[] p = bytes(10);
    byte[] a = Dare.encrypt(p, key, DareEncryptOptions.defaults());
    byte[] b = Dare.encrypt(p, key, DareEncryptOptions.defaults());
    assertNotEquals(Vectors.hex(a), Vectors.hex(b));
    assertEquals(0x20, a[0]);
    assertEquals(0x00, a[1]);
  }

  @Test
  void decrypt_bufferFailure_zeroesPlaintextAlreadyWritten() {
    SecretBytes key = key();
    byte[] ct = Dare.encrypt(bytes(2 * FULL + 1), key, DareEncryptOptions.defaults());
    ct[ct.length - 1] ^= 1;
    byte[] dst = new byte[3 * FULL];
    assertThrows(IntegrityException.class, () -> Dare.decrypt(ct, 0, ct.length, dst, 0, key,
        DareDecryptOptions.defaults()));
    assertArrayEquals(new byte[dst.length], dst);
  }

  @Test
  void decrypt_sameChachaStreamTwiceOnOneThread_works() {
    // On Java 17 ChaCha20-Poly1305 refuses a re-init with the previous key and nonce.
    SecretBytes key = key();
    byte[] p = bytes(100);
    DareEncryptOptions o = DareEncryptOptions.builder().cipher(CipherSuite.CHACHA20_POLY1305).build();
    byte[] ct = Dare.encrypt(p, key, o);
    assertArrayEquals(p, Dare.decrypt(ct, key, DareDecryptOptions.defaults()));
    assertArrayEquals(p, Dare.decrypt(ct, key, DareDecryptOptions.defaults()));
  }

  @Test
  void decrypt_cipherRestriction_refusesOtherSuite() {
    SecretBytes key = key();
    byte[] ct = Dare.encrypt(bytes(5), key, DareEncryptOptions.defaults());
    DareDecryptOptions chachaOnly =
        DareDecryptOptions.builder().ciphers(CipherSuite.CHACHA20_POLY1305).build();
    assertThrows(FormatException.class, () -> Dare.decrypt(ct, key, chachaOnly));
  }

  @Test
  void options_outOfRangeValues_illegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> DareEncryptOptions.builder().startSequence(-1));
    assertThrows(
        IllegalArgumentException.class, () -> DareEncryptOptions.builder().startSequence(1L << 32));
    assertThrows(IllegalArgumentException.class, () -> DareEncryptOptions.builder().nonce(new byte[11]));
    assertThrows(IllegalArgumentException.class, () -> DareDecryptOptions.builder().versions());
    assertThrows(IllegalArgumentException.class, () -> DareDecryptOptions.builder().ciphers());
    assertThrows(
        IllegalArgumentException.class,
        () -> Dare.encrypt(new byte[1], SecretBytes.copyOf(new byte[16]), DareEncryptOptions.defaults()));
    assertThrows(IllegalArgumentException.class, () -> Dare.encryptedSize(-1));
    assertThrows(IllegalArgumentException.class, () -> Dare.decryptedSize(-1));
  }

  @Test
  void options_toString_neverShowsTheNonce() {
    byte[] nonce = new byte[12];
    Arrays.fill(nonce, (byte) 0xab);
    String s = DareEncryptOptions.builder().nonce(nonce).build().toString();
    assertFalse(s.toLowerCase(java.util.Locale.ROOT).contains("abab"), s);
    assertTrue(s.contains("fixed"), s);
    assertTrue(DareDecryptOptions.defaults().toString().contains("V2_0"));
  }

  @Test
  void encrypt_overlappingBuffers_illegalArgument() {
    SecretBytes key = key();
    byte[] buf = new byte[1000];
    assertThrows(IllegalArgumentException.class,
        () -> Dare.encrypt(buf, 0, 100, buf, 50, key, DareEncryptOptions.defaults()));
    assertThrows(IllegalArgumentException.class,
        () -> Dare.encrypt(buf, 0, 100, new byte[131], 0, key, DareEncryptOptions.defaults()));
    assertEquals(132, Dare.encrypt(buf, 0, 100, buf, 200, key, DareEncryptOptions.defaults()));
  }

  @Test
  void decrypt_v1Allowed_emptyInputIsEmptyStream_butStrictRejectsIt() {
    SecretBytes key = key();
    DareDecryptOptions legacy =
        DareDecryptOptions.builder().versions(DareVersion.V1_0, DareVersion.V2_0).build();
    assertEquals(0, Dare.decrypt(new byte[0], key, legacy).length);
    assertThrows(IntegrityException.class,
        () -> Dare.decrypt(new byte[0], key, DareDecryptOptions.defaults()));
  }

  @Test
  void cipherSuite_fromId_roundTripsAndRejectsUnknown() {
    for (CipherSuite s : CipherSuite.values()) {
      assertEquals(s, CipherSuite.fromId(s.id()));
    }
    assertThrows(FormatException.class, () -> CipherSuite.fromId(2));
    assertEquals(0x20, DareVersion.V2_0.id());
    assertEquals(0x10, DareVersion.V1_0.id());
  }

  @Test
  void stream_closed_readsAndWritesFail() throws IOException {
    SecretBytes key = key();
    InputStream in =
        Dare.newDecryptingInputStream(
            new ByteArrayInputStream(new byte[0]), key, DareDecryptOptions.defaults());
    in.close();
    assertThrows(IOException.class, in::read);
    InputStream enc =
        Dare.newEncryptingInputStream(new ByteArrayInputStream(new byte[0]), key,
            DareEncryptOptions.defaults());
    assertEquals(-1, enc.read());
    enc.close();
    assertThrows(IOException.class, enc::read);
  }

  @Test
  void encryptingOutputStream_sinkFailure_laterWritesAndCloseFail() throws IOException {
    SecretBytes key = key();
    OutputStream failing =
        new OutputStream() {
          private int writes;

          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (++writes == 2) {
              throw new IOException("disk full");
            }
          }
        };
    OutputStream out = Dare.newEncryptingOutputStream(failing, key, DareEncryptOptions.defaults());
    out.write(bytes(FULL + 1)); // first package written
    IOException e = assertThrows(IOException.class, () -> out.write(bytes(FULL)));
    assertEquals("disk full", e.getMessage());
    // Carrying on would leave a gap in the sequence numbers: refuse instead.
    assertThrows(IOException.class, () -> out.write(1));
    assertThrows(IOException.class, out::close);
  }
}
