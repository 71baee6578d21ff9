package io.keyrotate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.FormatException;
import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tink-style mutation suite: for streams of several sizes and both suites, every flipped bit, every
 * truncation and every appended byte must be rejected with an {@link IntegrityException} or a {@link
 * FormatException}; never accepted, never another exception.
 *
 * <p>Small streams get every bit flipped; larger ones every bit of each header, tag and the first and
 * last 64 payload bytes of each package, plus one bit of every 97th byte. Streams of up to two packages
 * get every truncation length. For the 3+ package stream, truncation covers every length in
 * the first package and around each package boundary and a deterministic sample elsewhere, because
 * each truncation inside package {@code k} first decrypts {@code k} whole packages.
 */
class DareMutationTest {
  private static final int FULL = Dare.MAX_PAYLOAD_SIZE;
  private static final int[] SIZES = {0, 1, 17, FULL - 1, FULL, FULL + 1, 3 * FULL + 123};

  static Stream<Arguments> streams() {
    return Arrays.stream(CipherSuite.values())
        .flatMap(s -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(s, n)));
  }

  private static final class Subject {
    final SecretBytes key;
    final byte[] plaintext;
    final byte[] ciphertext;
    final byte[] scratch;

    Subject(CipherSuite suite, int size) {
      Random r = new Random(size * 31L + suite.id());
      byte[] k = new byte[32];
      r.nextBytes(k);
      key = SecretBytes.wrapOwned(k);
      plaintext = new byte[size];
      r.nextBytes(plaintext);
      byte[] nonce = new byte[12];
      r.nextBytes(nonce);
      ciphertext =
          Dare.encrypt(
              plaintext, key, DareEncryptOptions.builder().cipher(suite).nonce(nonce).build());
      scratch = new byte[ciphertext.length + 2 * Dare.MAX_PACKAGE_SIZE];
    }

    /** Decrypts {@code ct[0..len)} with the strict defaults; true when rejected as it must be. */
    void assertRejected(byte[] ct, int len, String what) {
      try {
        Dare.decrypt(ct, 0, len, scratch, 0, key, DareDecryptOptions.defaults());
      } catch (IntegrityException | FormatException expected) {
        return;
      }
      fail(what + ": mutated stream was accepted");
    }

    void assertRejectedByStream(byte[] ct, int len, String what) {
      try (InputStream in =
          Dare.newDecryptingInputStream(
              new ByteArrayInputStream(ct, 0, len), key, DareDecryptOptions.defaults())) {
        byte[] buf = new byte[5000];
        while (in.read(buf) >= 0) {
          // drain
        }
      } catch (IntegrityException | FormatException expected) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      fail(what + ": mutated stream was accepted by the decrypting stream");
    }
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("streams")
  void bitFlip_anyBit_rejected(CipherSuite suite, int size) {
    Subject s = new Subject(suite, size);
    byte[] ct = s.ciphertext.clone();
    IntPredicate flipAll = i -> true;
    // In full 64 KiB payloads, flip the first and last 64 bytes and every 97th byte (rotating bit).
    IntPredicate sampled =
        i -> {
          int inPackage = i % Dare.MAX_PACKAGE_SIZE;
          int packageEnd = Math.min(Dare.MAX_PACKAGE_SIZE, ct.length - (i - inPackage));
          return inPackage < 16 + 64 || inPackage >= packageEnd - 16 - 64 || i % 97 == 0;
        };
    IntPredicate bytes = ct.length <= 4096 ? flipAll : sampled;
    int flips = 0;
    for (int i = 0; i < ct.length; i++) {
      if (!bytes.test(i)) {
        continue;
      }
      boolean allBits = bytes == flipAll || !isSampleOnly(i, ct.length);
      for (int bit = 0; bit < 8; bit++) {
        if (!allBits && bit != i % 8) {
          continue;
        }
        ct[i] ^= (byte) (1 << bit);
        s.assertRejected(ct, ct.length, "bit " + bit + " of byte " + i);
        if (flips % 61 == 0) {
          s.assertRejectedByStream(ct, ct.length, "bit " + bit + " of byte " + i);
        }
        ct[i] ^= (byte) (1 << bit);
        flips++;
      }
    }
    assertArrayEquals(s.plaintext, Dare.decrypt(ct, s.key, relaxed()), "unmutated stream");
    assertTrue(flips >= ct.length / 97, "flipped " + flips);
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("streams")
  void truncation_anyLength_rejected(CipherSuite suite, int size) {
    Subject s = new Subject(suite, size);
    byte[] ct = s.ciphertext;
    boolean exhaustive = ct.length <= 2 * Dare.MAX_PACKAGE_SIZE;
    int tried = 0;
    for (int len = 0; len < ct.length; len++) {
      int inPackage = len % Dare.MAX_PACKAGE_SIZE;
      boolean nearBoundary = inPackage <= 64 || inPackage >= Dare.MAX_PACKAGE_SIZE - 64;
      if (exhaustive || len < Dare.MAX_PACKAGE_SIZE || nearBoundary || len % 257 == 0) {
        s.assertRejected(ct, len, "truncated to " + len);
        if (len % 1013 == 0 || (len % Dare.MAX_PACKAGE_SIZE == 0)) {
          s.assertRejectedByStream(ct, len, "truncated to " + len);
        }
        tried++;
      }
    }
    assertEquals(s.plaintext.length, Dare.decrypt(ct, s.key, relaxed()).length);
    assertTrue(exhaustive ? tried == ct.length : tried > 65568, "tried " + tried);
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("streams")
  void extension_appendedBytesOrPackages_rejected(CipherSuite suite, int size) {
    Subject s = new Subject(suite, size);
    byte[] ct = s.ciphertext;
    for (int b : new int[] {0x00, 0x20, 0xff}) {
      byte[] longer = Arrays.copyOf(ct, ct.length + 1);
      longer[ct.length] = (byte) b;
      s.assertRejected(longer, longer.length, "appended byte " + b);
      s.assertRejectedByStream(longer, longer.length, "appended byte " + b);
      // Empty streams are allowed on request; one appended byte still is not.
      assertRejectedRelaxed(s, longer);
    }
    if (ct.length > 0) {
      int lastStart = (ct.length - 1) / Dare.MAX_PACKAGE_SIZE * Dare.MAX_PACKAGE_SIZE;
      byte[] twice = concat(ct, Arrays.copyOfRange(ct, lastStart, ct.length));
      s.assertRejected(twice, twice.length, "final package repeated");
      s.assertRejectedByStream(twice, twice.length, "final package repeated");
      byte[] doubled = concat(ct, ct);
      s.assertRejected(doubled, doubled.length, "stream repeated");
    }
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("streams")
  void reordering_swappedDroppedOrRepeatedPackages_rejected(CipherSuite suite, int size) {
    Subject s = new Subject(suite, size);
    byte[][] packages = split(s.ciphertext);
    int n = packages.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        byte[][] swapped = packages.clone();
        swapped[i] = packages[j];
        swapped[j] = packages[i];
        byte[] ct = concat(swapped);
        s.assertRejected(ct, ct.length, "swapped " + i + "," + j);
      }
      if (n > 1) {
        byte[][] dropped = new byte[n - 1][];
        for (int k = 0, d = 0; k < n; k++) {
          if (k != i) {
            dropped[d++] = packages[k];
          }
        }
        byte[] ct = concat(dropped);
        s.assertRejected(ct, ct.length, "dropped " + i);
      }
      byte[][] repeated = new byte[n + 1][];
      System.arraycopy(packages, 0, repeated, 0, i + 1);
      System.arraycopy(packages, i, repeated, i + 1, n - i);
      byte[] ct = concat(repeated);
      s.assertRejected(ct, ct.length, "repeated " + i);
    }
  }

  /** Whether byte {@code i} is flipped only because of the every-97th sample. */
  private static boolean isSampleOnly(int i, int length) {
    int inPackage = i % Dare.MAX_PACKAGE_SIZE;
    int packageEnd = Math.min(Dare.MAX_PACKAGE_SIZE, length - (i - inPackage));
    return inPackage >= 16 + 64 && inPackage < packageEnd - 16 - 64;
  }

  private static void assertRejectedRelaxed(Subject s, byte[] ct) {
    try {
      Dare.decrypt(ct, s.key, relaxed());
    } catch (IntegrityException | FormatException expected) {
      return;
    }
    fail("accepted with allowEmpty");
  }

  private static DareDecryptOptions relaxed() {
    return DareDecryptOptions.builder().allowEmpty(true).build();
  }

  private static byte[][] split(byte[] ct) {
    int n = (ct.length + Dare.MAX_PACKAGE_SIZE - 1) / Dare.MAX_PACKAGE_SIZE;
    byte[][] p = new byte[n][];
    for (int i = 0; i < n; i++) {
      p[i] =
          Arrays.copyOfRange(
              ct, i * Dare.MAX_PACKAGE_SIZE, Math.min(ct.length, (i + 1) * Dare.MAX_PACKAGE_SIZE));
    }
    return p;
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] out = new byte[len];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
