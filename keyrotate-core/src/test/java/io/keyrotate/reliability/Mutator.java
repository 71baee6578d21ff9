package io.keyrotate.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded byte-level mutations of valid inputs: bit flips, interesting bytes, huge length fields (2^31,
 * 2^32−1, 2^63 in both byte orders), insertions, deletions, duplications, truncations, extensions and
 * splices with another input. One to four mutations per call.
 */
final class Mutator {
  private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '{', '"', '\\', '\n'};
  private static final long[] HUGE = {
    0x7fffffffL, 0x80000000L, 0xffffffffL, 0xfffffffeL, 0x10000L, 0xffffL, Long.MAX_VALUE, -1L
  };

  private final SplittableRandom random;

  Mutator(SplittableRandom random) {
    this.random = random;
  }

  SplittableRandom random() {
    return random;
  }

  byte[] mutate(byte[] original, byte[]... others) {
    byte[] b = original.clone();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      b = once(b, others);
    }
    return b;
  }

  byte[] randomBytes(int maxLength) {
    byte[] b = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(b);
    return b;
  }

  private byte[] once(byte[] b, byte[][] others) {
    int op = random.nextInt(b.length == 0 ? 2 : 11);
    switch (op) {
      case 0: // append
        return concat(b, randomBytes(1 + random.nextInt(64)));
      case 1: // splice another input in
        if (others.length > 0) {
          byte[] o = others[random.nextInt(others.length)];
          int cut = b.length == 0 ? 0 : random.nextInt(b.length);
          int from = o.length == 0 ? 0 : random.nextInt(o.length);
          return concat(Arrays.copyOf(b, cut), Arrays.copyOfRange(o, from, o.length));
        }
        return concat(b, new byte[] {(byte) random.nextInt()});
      case 2: // flip one bit
        {
          int i = random.nextInt(b.length);
          b[i] ^= (byte) (1 << random.nextInt(8));
          return b;
        }
      case 3: // interesting byte
        b[random.nextInt(b.length)] = INTERESTING[random.nextInt(INTERESTING.length)];
        return b;
      case 4: // random byte
        b[random.nextInt(b.length)] = (byte) random.nextInt();
        return b;
      case 5: // huge length field, either byte order, 2, 4 or 8 bytes wide
        {
          int width = new int[] {2, 4, 8}[random.nextInt(3)];
          if (b.length < width) {
            return b;
          }
          int at = random.nextInt(b.length - width + 1);
          long v = HUGE[random.nextInt(HUGE.length)];
          boolean big = random.nextBoolean();
          for (int k = 0; k < width; k++) {
            int shift = 8 * (big ? width - 1 - k : k);
            b[at + k] = (byte) (v >>> shift);
          }
          return b;
        }
      case 6: // truncate
        return Arrays.copyOf(b, random.nextInt(b.length));
      case 7: // delete a range
        {
          int from = random.nextInt(b.length);
          int to = from + random.nextInt(Math.min(64, b.length - from) + 1);
          return concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, to, b.length));
        }
      case 8: // duplicate a range
        {
          int from = random.nextInt(b.length);
          int to = from + random.nextInt(Math.min(4096, b.length - from) + 1);
          return concat(Arrays.copyOf(b, to), Arrays.copyOfRange(b, from, b.length));
        }
      case 9: // insert random bytes
        {
          int at = random.nextInt(b.length + 1);
          return concat(concat(Arrays.copyOf(b, at), randomBytes(1 + random.nextInt(16))),
              Arrays.copyOfRange(b, at, b.length));
        }
      default: // swap two bytes
        {
          int i = random.nextInt(b.length);
          int j = random.nextInt(b.length);
          byte t = b[i];
          b[i] = b[j];
          b[j] = t;
          return b;
        }
    }
  }

  /** A hostile replacement for a text token: huge numbers, traversal, escapes, control characters. */
  String hostileToken() {
    String[] tokens = {
      "", "-", "0", "-1", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
      "-9223372036854775808", "99999999999999999999999", "1e9", "0x10", "NaN", "true", "null",
      "../../../../../../etc/passwd", "..", ".", "/", "%00", "%2F..%2F..", "%ZZ", "%C0%AF", "%ED%A0%80",
      "%0A", "%0D", "%1B%5B31m", "%22%7D", "AAAA", "====", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "{}", "e30=", "e30", "+/+/", "_-_-", "1970-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z",
      "COMPLIANCE", "GOVERNANCE", "DAREv2-HMAC-SHA256", "DARE-SHA256"
    };
    if (random.nextInt(8) == 0) {
      return "A".repeat(1 + random.nextInt(100_000));
    }
    return tokens[random.nextInt(tokens.length)];
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
