package io.keyrotate.crypto;

import static io.keyrotate.crypto.DareTestSupport.assertSioError;
import static io.keyrotate.crypto.DareTestSupport.decryptAll;
import static io.keyrotate.crypto.DareTestSupport.encryptAll;
import static io.keyrotate.crypto.DareTestSupport.rejected;
import static io.keyrotate.crypto.DareTestSupport.rejectedEverywhere;
import static io.keyrotate.crypto.Vectors.flag;
import static io.keyrotate.crypto.Vectors.hex;
import static io.keyrotate.crypto.Vectors.num;
import static io.keyrotate.crypto.Vectors.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.KeyRotateException;
import io.keyrotate.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sio golden vector in {@code vectors/dare} (copied from {@code shared/vectors/dare}): positives
 * decrypt through every API and re-encrypt byte for byte; negatives are rejected by every API with sio's
 * error category.
 */
class DareVectorTest {

  @TestFactory
  Stream<DynamicTest> v2Positive_everyApi_decryptsAndReencryptsByteForByte() {
    List<Map<String, Object>> all = new ArrayList<>(Vectors.list("v2-aes-256-gcm.json"));
    all.addAll(Vectors.list("v2-chacha20-poly1305.json"));
    for (Map<String, Object> v : Vectors.list("v2-sequence.json")) {
      if (!flag(v, "expectError")) {
        all.add(v);
      }
    }
    assertEquals(26 + 12, all.size(), "vector count");
    return all.stream().map(v -> dynamicTest(str(v, "name"), () -> checkV2Positive(v)));
  }

  private static void checkV2Positive(Map<String, Object> v) {
    assertEquals("2.0", str(v, "version"));
    byte[] plaintext = Vectors.plaintext(v);
    assertEquals(num(v, "plaintextLength", -1), plaintext.length);
    assertEquals(str(v, "plaintextSha256"), Vectors.sha256(plaintext), "plaintext generator");
    long seq = num(v, "sequenceNumber", 0);
    SecretBytes key = Vectors.key(v);
    DareEncryptOptions enc =
        DareEncryptOptions.builder()
            .cipher(Vectors.cipher(str(v, "cipher")))
            .nonce(hex(v, "nonce"))
            .startSequence(seq)
            .build();

    byte[] ours = encryptAll(plaintext, key, enc);
    assertEquals(num(v, "ciphertextLength", -1), ours.length, "ciphertextLength");
    if (v.containsKey("ciphertext")) {
      assertEquals(str(v, "ciphertext"), hex(ours), "ciphertext");
    } else {
      assertEquals(str(v, "ciphertextSha256"), Vectors.sha256(ours), "ciphertextSha256");
      assertEquals(str(v, "ciphertextHead"), hex(Arrays.copyOf(ours, 256)), "head");
      assertEquals(
          str(v, "ciphertextTail"), hex(Arrays.copyOfRange(ours, ours.length - 256, ours.length)));
    }
    assertEquals(num(v, "packages", -1), packages(ours.length), "packages");

    DareDecryptOptions strict = DareDecryptOptions.builder().startSequence(seq).build();
    if (plaintext.length == 0) {
      // sio's 2.0-only decoders reject the empty stream (sioDecryptQuirks); so do we, unless told.
      assertTrue(String.valueOf(v.get("sioDecryptQuirks")).contains("Decrypt[2.0-only]"));
      for (KeyRotateException e : rejectedEverywhere(ours, key, strict)) {
        assertSioError("sio: unexpected EOF", e);
      }
      strict = DareDecryptOptions.builder().startSequence(seq).allowEmpty(true).build();
    }
    assertArrayEquals(plaintext, decryptAll(ours, key, strict), "2.0-only decrypt");
    DareDecryptOptions auto =
        DareDecryptOptions.builder()
            .startSequence(seq)
            .versions(DareVersion.V1_0, DareVersion.V2_0)
            .ciphers(Vectors.cipher(str(v, "cipher")))
            .build();
    assertArrayEquals(plaintext, decryptAll(ours, key, auto), "auto-detecting decrypt");
  }

  private static long packages(long ciphertextLength) {
    return (ciphertextLength + Dare.MAX_PACKAGE_SIZE - 1) / Dare.MAX_PACKAGE_SIZE;
  }

  @TestFactory
  Stream<DynamicTest> v2Negative_everyApi_rejectsWithSioCategory() {
    List<Map<String, Object>> all = new ArrayList<>(Vectors.list("v2-negative.json"));
    for (Map<String, Object> v : Vectors.list("v2-sequence.json")) {
      if (flag(v, "expectError")) {
        all.add(v);
      }
    }
    assertEquals(73 + 4, all.size(), "vector count");
    return all.stream().map(v -> dynamicTest(str(v, "name"), () -> checkNegative(v)));
  }

  @TestFactory
  Stream<DynamicTest> v1_positivesDecryptAndNegativesAreRejected() {
    List<Map<String, Object>> all = Vectors.list("v1.json");
    assertEquals(29, all.size(), "vector count");
    return all.stream()
        .map(
            v ->
                dynamicTest(
                    str(v, "name"),
                    () -> {
                      if (flag(v, "expectError")) {
                        checkNegative(v);
                      } else {
                        checkV1Positive(v);
                      }
                    }));
  }

  private static void checkV1Positive(Map<String, Object> v) {
    byte[] plaintext = Vectors.plaintext(v);
    assertEquals(str(v, "plaintextSha256"), Vectors.sha256(plaintext));
    byte[] ciphertext = hex(v, "ciphertext");
    SecretBytes key = Vectors.key(v);
    long seq = num(v, "sequenceNumber", 0);
    for (DareVersion[] versions :
        new DareVersion[][] {{DareVersion.V1_0}, {DareVersion.V1_0, DareVersion.V2_0}}) {
      DareDecryptOptions o =
          DareDecryptOptions.builder().versions(versions).startSequence(seq).build();
      assertArrayEquals(plaintext, decryptAll(ciphertext, key, o), Arrays.toString(versions));
    }
    if (ciphertext.length > 0) {
      DareDecryptOptions v2only = DareDecryptOptions.builder().startSequence(seq).build();
      for (KeyRotateException e : rejectedEverywhere(ciphertext, key, v2only)) {
        assertSioError("sio: unsupported version", e);
      }
    }
  }

  /**
   * A negative vector: rejected in the configuration it names (with sio's error category); when it names
   * none, also by an auto-detecting 1.0+2.0 decryptor.
   */
  private static void checkNegative(Map<String, Object> v) {
    byte[] ciphertext = hex(v, "ciphertext");
    assertEquals(num(v, "ciphertextLength", -1), ciphertext.length);
    SecretBytes key = Vectors.key(v);
    long seq = num(v, "sequenceNumber", 0);
    List<String> versions = Vectors.strings(v, "acceptVersions");
    List<String> ciphers = Vectors.strings(v, "acceptCiphers");
    DareDecryptOptions.Builder b = DareDecryptOptions.builder().startSequence(seq);
    if (ciphers != null) {
      b.ciphers(ciphers.stream().map(Vectors::cipher).toArray(CipherSuite[]::new));
    }
    b.versions(
        versions != null
            ? versions.stream().map(Vectors::version).toArray(DareVersion[]::new)
            : new DareVersion[] {Vectors.version(str(v, "version"))});
    DareDecryptOptions restricted = b.build();
    String sioError = str(v, "sioError");
    List<KeyRotateException> errors = rejectedEverywhere(ciphertext, key, restricted);
    for (KeyRotateException e : errors) {
      assertSioError(sioError, e);
    }
    if (versions == null) {
      rejectedEverywhere(ciphertext, key, b.versions(DareVersion.V1_0, DareVersion.V2_0).build());
    }
    if (v.containsKey("streamingPlaintextBeforeError")) {
      long released = releasedBeforeError(ciphertext, key, restricted);
      assertTrue(
          released <= num(v, "streamingPlaintextBeforeError", -1),
          "released more plaintext than sio before the error: " + released);
    }
  }

  /** How many plaintext bytes a decrypting stream hands out before it throws. */
  private static long releasedBeforeError(
      byte[] ciphertext, SecretBytes key, DareDecryptOptions o) {
    long released = 0;
    try (InputStream in = Dare.newDecryptingInputStream(new ByteArrayInputStream(ciphertext), key, o)) {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        released += n;
      }
    } catch (IntegrityException | FormatException e) {
      return released;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("stream was accepted");
  }

  @TestFactory
  Stream<DynamicTest> readerAt_everyRecordedRead_matchesSio() {
    List<Map<String, Object>> streams = Vectors.list("readerat.json");
    assertEquals(5, streams.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> s : streams) {
      byte[] ciphertext = hex(s, "ciphertext");
      byte[] plaintext = Vectors.plaintext(s);
      DareVersion version = Vectors.version(str(s, "version"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> reads = (List<Map<String, Object>>) s.get("reads");
      for (Map<String, Object> r : reads) {
        String name = str(s, "name") + " @" + r.get("offset") + "+" + r.get("length");
        tests.add(dynamicTest(name, () -> checkRead(s, version, ciphertext, plaintext, r)));
      }
    }
    assertEquals(45, tests.size(), "read count");
    return tests.stream();
  }

  private static void checkRead(
      Map<String, Object> s,
      DareVersion version,
      byte[] ciphertext,
      byte[] plaintext,
      Map<String, Object> r)
      throws IOException {
    long offset = num(r, "offset", -1);
    int length = (int) num(r, "length", -1);
    DareVersion[][] configs =
        version == DareVersion.V1_0
            ? new DareVersion[][] {{DareVersion.V1_0}, {DareVersion.V1_0, DareVersion.V2_0}}
            : new DareVersion[][] {{DareVersion.V2_0}, {DareVersion.V1_0, DareVersion.V2_0}};
    for (DareVersion[] versions : configs) {
      DareDecryptOptions o = DareDecryptOptions.builder().versions(versions).build();
      try (DareReaderAt reader =
          DareReaderAt.open(DareReaderAt.Source.of(ciphertext), Vectors.key(s), o)) {
        byte[] dst = new byte[length];
        if (flag(r, "expectError")) {
          KeyRotateException e =
              rejected("readAt", () -> readUnchecked(reader, offset, dst, length));
          assertSioError(str(r, "err"), e);
          continue;
        }
        int n = reader.readAt(offset, dst, 0, length);
        long expectedN = num(r, "n", -1);
        if (expectedN == 0) {
          assertEquals(-1, n, "end of stream");
          assertEquals("EOF", str(r, "err"));
          continue;
        }
        assertEquals(expectedN, n, "bytes read");
        assertEquals(str(r, "resultSha256"), Vectors.sha256(dst, 0, n));
        assertArrayEquals(
            Arrays.copyOfRange(plaintext, (int) offset, (int) offset + n), Arrays.copyOf(dst, n));
        if (r.containsKey("resultHex")) {
          assertEquals(str(r, "resultHex"), hex(Arrays.copyOf(dst, n)));
        }
      }
    }
  }

  private static void readUnchecked(DareReaderAt reader, long offset, byte[] dst, int length) {
    try {
      reader.readAt(offset, dst, 0, length);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> sizes_encryptedAndDecryptedSize_matchSio() {
    Map<String, Object> sizes = Vectors.file("sizes.json");
    @SuppressWarnings("unchecked")
    Map<String, List<Map<String, Object>>> v =
        (Map<String, List<Map<String, Object>>>) sizes.get("vectors");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : v.get("encryptedSize")) {
      long in = num(c, "input", -1);
      tests.add(
          dynamicTest(
              "encryptedSize(" + in + ")",
              () -> {
                if (c.containsKey("error")) {
                  IllegalArgumentException e =
                      assertThrows(IllegalArgumentException.class, () -> Dare.encryptedSize(in));
                  assertTrue(e.getMessage().endsWith(str(c, "error").substring(5)));
                } else {
                  assertEquals(num(c, "output", -1), Dare.encryptedSize(in));
                }
              }));
    }
    for (Map<String, Object> c : v.get("decryptedSize")) {
      long in = num(c, "input", -1);
      tests.add(
          dynamicTest(
              "decryptedSize(" + in + ")",
              () -> {
                if (c.containsKey("error")) {
                  FormatException e =
                      assertThrows(FormatException.class, () -> Dare.decryptedSize(in));
                  assertTrue(e.getMessage().endsWith(str(c, "error").substring(5)));
                } else {
                  assertEquals(num(c, "output", -1), Dare.decryptedSize(in));
                }
              }));
    }
    assertEquals(34, tests.size());
    return tests.stream();
  }

  /** dare.md §4.9: key 00..1f, nonce 10..1b, "Hello, DARE!". */
  @Test
  void workedExample_specTable_reproduced() {
    byte[] key = new byte[32];
    byte[] nonce = new byte[12];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
    }
    for (int i = 0; i < 12; i++) {
      nonce[i] = (byte) (0x10 + i);
    }
    byte[] hello = "Hello, DARE!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String[][] rows = {
      {"AES_256_GCM", "0", "2000" + "0b00" + "901112131415161718191a1b"
          + "2e9a543c340d441d6dbd4c22" + "7e79d912157fce89784d50d031a05986"},
      {"CHACHA20_POLY1305", "0", "2001" + "0b00" + "901112131415161718191a1b"
          + "658565463415aea1ce3dd7be" + "9d30539e474075da4b10b5d6fce4253a"},
      {"AES_256_GCM", "1", "2000" + "0b00" + "901112131415161718191a1b"
          + "35cacc419f9cd082f8a900ab" + "357e964367396aec086c3dfb0dcdfbc5"},
    };
    for (String[] row : rows) {
      DareEncryptOptions o =
          DareEncryptOptions.builder()
              .cipher(CipherSuite.valueOf(row[0]))
              .nonce(nonce)
              .startSequence(Long.parseLong(row[1]))
              .build();
      try (SecretBytes k = SecretBytes.copyOf(key)) {
        assertEquals(row[2], hex(Dare.encrypt(hello, k, o)), row[0] + " seq " + row[1]);
      }
    }
    String[][] v1 = {
      {"1000" + "0b00" + "00000000" + "1011121314151617"
          + "4faa1441a38b30d35d26a3e3" + "27dcae0e3b32c55382facef7badecde4"},
      {"1001" + "0b00" + "00000000" + "1011121314151617"
          + "464bd12d53d472de8c307e94" + "561dd84ee21119497227e7d63febd374"},
    };
    DareDecryptOptions legacy = DareDecryptOptions.builder().versions(DareVersion.V1_0).build();
    for (String[] row : v1) {
      try (SecretBytes k = SecretBytes.copyOf(key)) {
        assertArrayEquals(hello, Dare.decrypt(java.util.HexFormat.of().parseHex(row[0]), k, legacy));
      }
    }
  }
}
