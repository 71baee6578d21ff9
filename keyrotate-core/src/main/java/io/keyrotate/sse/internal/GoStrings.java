package io.keyrotate.sse.internal;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Go strings (byte strings, usually UTF-8) carried in Java {@link String}s.
 *
 * <p>MinIO's object names, KMS context keys and values are Go strings: arbitrary bytes that are
 * normally UTF-8. To carry the rare invalid byte through a Java {@code String} without loss, this
 * class uses the "surrogate escape" convention (PEP 383): a byte {@code b} in {@code 0x80..0xFF}
 * that is not part of a valid UTF-8 sequence is represented by the unpaired low surrogate {@code
 * U+DC00 + b}. Decoding then encoding is the identity on bytes. Every other unpaired surrogate is
 * encoded as its three-byte generalised UTF-8 form, which Go in turn treats as three invalid bytes.
 *
 * <p>Validity follows Go's {@code utf8.DecodeRune}: overlong forms, surrogates (U+D800–U+DFFF) and
 * code points above U+10FFFF are invalid, and each invalid byte counts on its own.
 *
 * <p>Thread-safe (stateless).
 */
public final class GoStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Orders strings by the unsigned bytes of their Go encoding, like Go's {@code <} on strings. */
  public static final Comparator<String> BYTE_ORDER = GoStrings::compare;

  private GoStrings() {}

  /**
   * The number of bytes of {@code s} in Go form.
   *
   * @param s the string
   * @return its encoded length
   */
  public static int encodedLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (isEscapedByte(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Writes the Go bytes of {@code s} into {@code dst}.
   *
   * @param s the string
   * @param dst destination, at least {@link #encodedLength(String)} bytes from {@code off}
   * @param off first byte to write
   * @return the offset after the last byte written
   */
  public static int encode(String s, byte[] dst, int off) {
    int p = off;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[p++] = (byte) c;
      } else if (c < 0x800) {
        dst[p++] = (byte) (0xC0 | (c >> 6));
        dst[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        dst[p++] = (byte) (0xF0 | (cp >> 18));
        dst[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        dst[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        dst[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (isEscapedByte(c)) {
        dst[p++] = (byte) (c & 0xFF);
      } else {
        dst[p++] = (byte) (0xE0 | (c >> 12));
        dst[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        dst[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }

  /**
   * The Go bytes of {@code s}.
   *
   * @param s the string
   * @return a new array
   */
  public static byte[] toBytes(String s) {
    byte[] out = new byte[encodedLength(s)];
    encode(s, out, 0);
    return out;
  }

  /**
   * Decodes Go bytes; invalid bytes become escape surrogates.
   *
   * @param b source
   * @param off first byte
   * @param len number of bytes
   * @return the string
   */
  public static String fromBytes(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len);
    int end = off + len;
    int i = off;
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        sb.append((char) c);
        i++;
        continue;
      }
      int cp = decodeRune(b, i, end);
      if (cp < 0) {
        sb.append((char) (0xDC00 | c));
        i++;
      } else {
        sb.appendCodePoint(cp);
        i += runeLength(cp);
      }
    }
    return sb.toString();
  }

  /**
   * Decodes all of {@code b}; see {@link #fromBytes(byte[], int, int)}.
   *
   * @param b source
   * @return the string
   */
  public static String fromBytes(byte[] b) {
    return fromBytes(b, 0, b.length);
  }

  /**
   * Decodes one multi-byte UTF-8 sequence the way Go's {@code utf8.DecodeRune} accepts it.
   *
   * @return the code point, or -1 when the byte at {@code i} does not start a valid sequence
   */
  static int decodeRune(byte[] b, int i, int end) {
    int c0 = b[i] & 0xFF;
    if (c0 < 0xC2 || c0 > 0xF4) {
      return -1; // continuation byte, overlong 2-byte lead, or beyond U+10FFFF
    }
    int need = c0 < 0xE0 ? 1 : c0 < 0xF0 ? 2 : 3;
    if (i + need >= end) {
      return -1; // fewer continuation bytes than needed
    }
    int c1 = b[i + 1] & 0xFF;
    int lo = 0x80;
    int hi = 0xBF;
    if (c0 == 0xE0) {
      lo = 0xA0;
    } else if (c0 == 0xED) {
      hi = 0x9F;
    } else if (c0 == 0xF0) {
      lo = 0x90;
    } else if (c0 == 0xF4) {
      hi = 0x8F;
    }
    if (c1 < lo || c1 > hi) {
      return -1;
    }
    if (need == 1) {
      return ((c0 & 0x1F) << 6) | (c1 & 0x3F);
    }
    int c2 = b[i + 2] & 0xFF;
    if ((c2 & 0xC0) != 0x80) {
      return -1;
    }
    if (need == 2) {
      return ((c0 & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
    }
    int c3 = b[i + 3] & 0xFF;
    if ((c3 & 0xC0) != 0x80) {
      return -1;
    }
    return ((c0 & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) | (c3 & 0x3F);
  }

  private static int runeLength(int cp) {
    return cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  private static boolean isEscapedByte(char c) {
    return c >= 0xDC80 && c <= 0xDCFF;
  }

  /**
   * Compares two strings by the unsigned bytes of their Go encoding.
   *
   * @param a first
   * @param b second
   * @return negative, zero or positive
   */
  public static int compare(String a, String b) {
    return java.util.Arrays.compareUnsigned(toBytes(a), toBytes(b));
  }

  /**
   * A string map as Go writes a {@code map[string]string} (and MinIO a KMS context): {@code {}} when
   * empty, else {@code {"k":"v",...}} without whitespace, keys in unsigned byte order of their UTF-8
   * encoding, strings escaped by {@link #appendJsonString}.
   *
   * @param entries the pairs
   * @return the JSON bytes
   */
  public static byte[] jsonObject(Map<String, String> entries) {
    SortedMap<String, String> sorted;
    if (entries instanceof SortedMap
        && ((SortedMap<String, String>) entries).comparator() == BYTE_ORDER) {
      sorted = (SortedMap<String, String>) entries;
    } else {
      sorted = new TreeMap<>(BYTE_ORDER);
      sorted.putAll(entries);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 32 * sorted.size());
    out.write('{');
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!first) {
        out.write(',');
      }
      first = false;
      appendJsonString(out, e.getKey());
      out.write(':');
      appendJsonString(out, e.getValue());
    }
    out.write('}');
    return out.toByteArray();
  }

  /**
   * Appends {@code s} as a JSON string literal (with quotes) exactly as MinIO's KMS context encoder
   * and Go's HTML-safe {@code encoding/json} write it: {@code "} and {@code \} backslash-escaped,
   * LF/CR/TAB as {@code \n \r \t}, other control bytes and {@code < > &} as {@code \}{@code u00xx},
   * U+2028/U+2029 escaped, each invalid UTF-8 byte as {@code \}{@code ufffd}, everything else raw
   * UTF-8.
   *
   * @param out sink
   * @param s the Go string
   */
  public static void appendJsonString(ByteArrayOutputStream out, String s) {
    byte[] b = toBytes(s);
    out.write('"');
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        switch (c) {
          case '"':
          case '\\':
            out.write('\\');
            out.write(c);
            break;
          case '\n':
            out.write('\\');
            out.write('n');
            break;
          case '\r':
            out.write('\\');
            out.write('r');
            break;
          case '\t':
            out.write('\\');
            out.write('t');
            break;
          default:
            if (c < 0x20 || c == '<' || c == '>' || c == '&') {
              writeUnicodeEscape(out, c);
            } else {
              out.write(c);
            }
        }
        i++;
        continue;
      }
      int cp = decodeRune(b, i, b.length);
      if (cp < 0) {
        writeUnicodeEscape(out, 0xFFFD);
        i++;
      } else if (cp == 0x2028 || cp == 0x2029) {
        writeUnicodeEscape(out, cp);
        i += 3;
      } else {
        int n = runeLength(cp);
        out.write(b, i, n);
        i += n;
      }
    }
    out.write('"');
  }

  private static void writeUnicodeEscape(ByteArrayOutputStream out, int c) {
    out.write('\\');
    out.write('u');
    out.write(HEX[(c >> 12) & 0xF]);
    out.write(HEX[(c >> 8) & 0xF]);
    out.write(HEX[(c >> 4) & 0xF]);
    out.write(HEX[c & 0xF]);
  }
}
