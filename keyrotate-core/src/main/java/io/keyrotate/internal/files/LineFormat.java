package io.keyrotate.internal.files;

import io.keyrotate.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * A small strict text format for the embedded store's records and the keyring: lines of a tag followed
 * by space-separated tokens, a first line naming the format and its version, and a last line {@code crc
 * <crc32c>} over every byte before it, so that corruption or truncation is detected rather than read.
 *
 * <p>Tokens are percent-encoded UTF-8: {@code A-Z a-z 0-9 . _ ~ / : @ + = ,} stand for themselves, every
 * other byte is {@code %XX} (upper-case hex); the bare token {@code -} means "absent" (a real {@code -}
 * is written {@code %2D}). Decoding accepts only the canonical encoding and well-formed UTF-8, so every
 * value has exactly one spelling.
 */
public final class LineFormat {
  /** The token standing for an absent value. */
  public static final String ABSENT = "-";

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private LineFormat() {}

  private static boolean plain(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '.' || b == '_' || b == '~' || b == '/' || b == ':' || b == '@' || b == '+'
        || b == '=' || b == ',';
  }

  /**
   * Encodes one value.
   *
   * @param value the value, or {@code null} for absent
   * @return the token
   * @throws IllegalArgumentException when the value is not well-formed Unicode
   */
  public static String encode(@Nullable String value) {
    if (value == null) {
      return ABSENT;
    }
    byte[] utf8 = utf8(value);
    StringBuilder b = new StringBuilder(utf8.length);
    for (byte x : utf8) {
      int u = x & 0xff;
      if (plain(u)) {
        b.append((char) u);
      } else {
        b.append('%').append((char) HEX[u >>> 4]).append((char) HEX[u & 15]);
      }
    }
    return b.toString();
  }

  /**
   * The UTF-8 bytes of a well-formed string.
   *
   * @param s the string
   * @return its UTF-8 encoding
   * @throws IllegalArgumentException when {@code s} has an unpaired surrogate
   */
  public static byte[] utf8(String s) {
    try {
      ByteBuffer bb =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(java.nio.CharBuffer.wrap(s));
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not well-formed Unicode (unpaired surrogate)", e);
    }
  }

  /**
   * Decodes one token.
   *
   * @param token the token
   * @return the value, or {@code null} for {@link #ABSENT}
   * @throws IllegalArgumentException when the token is not a canonical encoding of well-formed UTF-8
   */
  public static @Nullable String decode(String token) {
    if (token.equals(ABSENT)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '%') {
        if (i + 2 >= token.length()) {
          throw new IllegalArgumentException("truncated %-escape");
        }
        int hi = upperHex(token.charAt(i + 1));
        int lo = upperHex(token.charAt(i + 2));
        int v = hi << 4 | lo;
        if (plain(v)) {
          throw new IllegalArgumentException("non-canonical %-escape of a plain character");
        }
        out.write(v);
        i += 2;
      } else if (c < 0x80 && plain(c)) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("character must be %-escaped: U+" + hex4(c));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("escapes do not form well-formed UTF-8", e);
    }
  }

  private static String hex4(char c) {
    return String.format(Locale.ROOT, "%04X", (int) c);
  }

  private static int upperHex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("%-escape must be two upper-case hex digits");
  }

  /**
   * Starts a document.
   *
   * @param format the format name on the first line
   * @param version the format version on the first line
   * @return a writer
   */
  public static Writer writer(String format, int version) {
    return new Writer(format, version);
  }

  /**
   * Parses a document: checks the checksum, the first line and the syntax of every line.
   *
   * @param content the bytes
   * @param format the expected format name
   * @param version the expected format version
   * @param what a description for error messages (a file name, an object); never secret
   * @return a reader positioned after the first line
   * @throws FormatException when the content is truncated, corrupt, of another format or version
   */
  public static Reader reader(byte[] content, String format, int version, String what) {
    return new Reader(content, format, version, what);
  }

  /** Builds one document. Not thread-safe. */
  public static final class Writer {
    private final StringBuilder text = new StringBuilder();

    private Writer(String format, int version) {
      text.append(format).append(' ').append(version).append('\n');
    }

    /**
     * Appends a line; every value is {@linkplain #encode encoded}.
     *
     * @param tag the line tag (lower-case letters and {@code -})
     * @param values the values; {@code null} for absent
     * @return this writer
     */
    public Writer line(String tag, @Nullable String... values) {
      text.append(tag);
      for (String v : values) {
        text.append(' ').append(encode(v));
      }
      text.append('\n');
      return this;
    }

    /**
     * Appends the checksum line and returns the document.
     *
     * @return the UTF-8 bytes (ASCII in fact)
     */
    public byte[] finish() {
      byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
      CRC32C crc = new CRC32C();
      crc.update(body);
      String last = String.format(Locale.ROOT, "crc %08x\n", crc.getValue());
      byte[] tail = last.getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[body.length + tail.length];
      System.arraycopy(body, 0, out, 0, body.length);
      System.arraycopy(tail, 0, out, body.length, tail.length);
      return out;
    }
  }

  /** Reads one document line by line. Not thread-safe. */
  public static final class Reader {
    private final String what;
    private final List<String[]> lines = new ArrayList<>();
    private int next;

    private Reader(byte[] content, String format, int version, String what) {
      this.what = what;
      int end = content.length;
      if (end == 0 || content[end - 1] != '\n') {
        throw fail("truncated (no final newline)");
      }
      int lastStart = end - 1;
      while (lastStart > 0 && content[lastStart - 1] != '\n') {
        lastStart--;
      }
      String crcLine = new String(content, lastStart, end - 1 - lastStart, StandardCharsets.US_ASCII);
      if (!crcLine.matches("crc [0-9a-f]{8}")) {
        throw fail("truncated or corrupt (no checksum line)");
      }
      CRC32C crc = new CRC32C();
      crc.update(content, 0, lastStart);
      if (Long.parseLong(crcLine.substring(4), 16) != crc.getValue()) {
        throw fail("corrupt (checksum mismatch)");
      }
      for (int i = 0; i < lastStart; i++) {
        int u = content[i] & 0xff;
        if ((u < 0x20 && u != '\n') || u >= 0x7f) {
          throw fail("corrupt (non-ASCII byte)");
        }
      }
      String body = new String(content, 0, lastStart, StandardCharsets.US_ASCII);
      String[] raw = body.split("\n", -1);
      // raw ends with "" after the last newline
      for (int i = 0; i < raw.length - 1; i++) {
        lines.add(raw[i].split(" ", -1));
      }
      String[] first = lines.isEmpty() ? new String[0] : lines.get(0);
      if (first.length != 2 || !first[0].equals(format)) {
        throw fail("not a " + format + " document");
      }
      if (!first[1].equals(Integer.toString(version))) {
        throw fail("unsupported " + format + " version " + first[1] + " (this code reads " + version + ")");
      }
      next = 1;
    }

    /**
     * Whether the next line has this tag.
     *
     * @param tag the tag
     * @return {@code true} when another line follows and carries {@code tag}
     */
    public boolean at(String tag) {
      return next < lines.size() && lines.get(next)[0].equals(tag);
    }

    /**
     * Consumes the next line, which must have {@code tag} and exactly {@code count} values.
     *
     * @param tag the expected tag
     * @param count the expected number of values
     * @return the decoded values ({@code null} for absent)
     * @throws FormatException when the line is missing or malformed
     */
    public @Nullable String[] expect(String tag, int count) {
      if (!at(tag)) {
        throw fail("line " + (next + 1) + ": expected '" + tag + "'");
      }
      String[] raw = lines.get(next);
      if (raw.length != count + 1) {
        throw fail("line " + (next + 1) + ": '" + tag + "' needs " + count + " values");
      }
      @Nullable String[] out = new String[count];
      for (int i = 0; i < count; i++) {
        try {
          out[i] = decode(raw[i + 1]);
        } catch (IllegalArgumentException e) {
          throw fail("line " + (next + 1) + ": " + e.getMessage());
        }
      }
      next++;
      return out;
    }

    /**
     * Consumes a line with one value that must be present.
     *
     * @param tag the expected tag
     * @return the value
     * @throws FormatException when the line is missing, malformed or absent-valued
     */
    public String value(String tag) {
      String v = expect(tag, 1)[0];
      if (v == null) {
        throw fail("line " + next + ": '" + tag + "' must have a value");
      }
      return v;
    }

    /**
     * Consumes a line with one decimal value in a range.
     *
     * @param tag the expected tag
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws FormatException when the line is missing or the number is malformed or out of range
     */
    public long number(String tag, long min, long max) {
      return parseNumber(value(tag), tag, min, max);
    }

    /**
     * Parses a canonical decimal number (no sign unless negative, no leading zeros).
     *
     * @param text the digits
     * @param field the field name for messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     * @throws FormatException when malformed or out of range
     */
    public long parseNumber(String text, String field, long min, long max) {
      long v;
      try {
        v = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw fail("'" + field + "' is not a number");
      }
      if (!Long.toString(v).equals(text) || v < min || v > max) {
        throw fail("'" + field + "' is out of range or not canonical");
      }
      return v;
    }

    /**
     * Consumes a {@code true}/{@code false} line.
     *
     * @param tag the expected tag
     * @return the value
     * @throws FormatException when missing or not a boolean
     */
    public boolean bool(String tag) {
      String v = value(tag);
      if (v.equals("true")) {
        return true;
      }
      if (v.equals("false")) {
        return false;
      }
      throw fail("'" + tag + "' must be true or false");
    }

    /**
     * Checks that every line was consumed.
     *
     * @throws FormatException when lines are left
     */
    public void end() {
      if (next != lines.size()) {
        throw fail("line " + (next + 1) + ": unexpected '" + lines.get(next)[0] + "'");
      }
    }

    /**
     * An error naming the document.
     *
     * @param problem what is wrong
     * @return the exception to throw
     */
    public FormatException fail(String problem) {
      return new FormatException(what + ": " + problem);
    }
  }
}
