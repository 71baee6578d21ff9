package io.keyrotate.sse.internal;

import io.keyrotate.FormatException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small strict JSON (RFC 8259) reader for the few JSON texts MinIO stores: KMS contexts,
 * config-blob headers and legacy builtin-KMS ciphertexts. No dependency, no reflection.
 *
 * <p>Values map to {@code Map<String, Object>} (insertion order; a repeated member name keeps the
 * <em>last</em> value, as Go's decoders do), {@code List<Object>}, {@code String}, {@link Long}
 * (integers that fit) or {@link BigDecimal}, {@link Boolean}, and {@code null}.
 *
 * <p>Strings follow Go's decoding: an escaped unpaired surrogate ({@code \}{@code ud800}) becomes
 * U+FFFD, and a raw invalid UTF-8 byte is kept as a {@link GoStrings surrogate-escaped} byte.
 * Strict where RFC 8259 is strict: no comments, no trailing commas, no raw control characters in
 * strings, no leading zeros, and nothing but whitespace after the value. Nesting is limited to 64
 * levels.
 *
 * <p>Errors are {@link FormatException}s with the byte offset and what was expected; they never
 * quote the input. Thread-safe (a new parser per call).
 */
public final class Json {
  private static final int MAX_DEPTH = 64;

  private final byte[] in;
  private int pos;

  private Json(byte[] in) {
    this.in = in;
  }

  /**
   * Parses one JSON text.
   *
   * @param utf8 the text
   * @return the value
   * @throws FormatException on any syntax error
   */
  public static @Nullable Object parse(byte[] utf8) {
    Json p = new Json(utf8);
    p.skipWhitespace();
    Object v = p.value(0);
    p.skipWhitespace();
    if (p.pos != utf8.length) {
      throw p.error("end of input");
    }
    return v;
  }

  private @Nullable Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("at most " + MAX_DEPTH + " nested levels");
    }
    if (pos >= in.length) {
      throw error("a value");
    }
    switch (in[pos]) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        return number();
    }
  }

  private Map<String, @Nullable Object> object(int depth) {
    pos++; // '{'
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("a member name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth + 1);
      map.remove(name); // the last occurrence wins and takes the last position
      map.put(name, v);
      skipWhitespace();
      int c = next("',' or '}'");
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("',' or '}'");
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    pos++; // '['
    List<@Nullable Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      int c = next("',' or ']'");
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("',' or ']'");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= in.length) {
        throw error("a closing quote");
      }
      int c = in[pos] & 0xFF;
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("no raw control character in a string");
      }
      if (c == '\\') {
        pos++;
        escape(sb);
        continue;
      }
      if (c < 0x80) {
        sb.append((char) c);
        pos++;
        continue;
      }
      int cp = GoStrings.decodeRune(in, pos, in.length);
      if (cp < 0) {
        sb.append((char) (0xDC00 | c)); // keep the raw byte, as Go does
        pos++;
      } else {
        sb.appendCodePoint(cp);
        pos += cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      }
    }
  }

  private void escape(StringBuilder sb) {
    int c = next("an escape character");
    switch (c) {
      case '"':
      case '\\':
      case '/':
        sb.append((char) c);
        break;
      case 'b':
        sb.append('\b');
        break;
      case 'f':
        sb.append('\f');
        break;
      case 'n':
        sb.append('\n');
        break;
      case 'r':
        sb.append('\r');
        break;
      case 't':
        sb.append('\t');
        break;
      case 'u':
        int u = hex4();
        if (Character.isHighSurrogate((char) u)
            && pos + 6 <= in.length
            && in[pos] == '\\'
            && in[pos + 1] == 'u') {
          int save = pos;
          pos += 2;
          int low = hex4();
          if (Character.isLowSurrogate((char) low)) {
            sb.append((char) u).append((char) low);
            break;
          }
          pos = save; // not a pair: the second escape is read on its own
        }
        sb.append(Character.isSurrogate((char) u) ? '\uFFFD' : (char) u);
        break;
      default:
        pos--;
        throw error("a valid escape");
    }
  }

  private int hex4() {
    if (pos + 4 > in.length) {
      throw error("four hex digits");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(in[pos + i], 16);
      if (d < 0) {
        throw error("four hex digits");
      }
      v = (v << 4) | d;
    }
    pos += 4;
    return v;
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        pos++;
      }
    } else {
      throw error("a value");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    String text = new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
    BigDecimal d = new BigDecimal(text);
    if (integral) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException tooLarge) {
        return d;
      }
    }
    return d;
  }

  private void digits() {
    if (!isDigit(peek())) {
      throw error("a digit");
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= in.length || in[pos] != word.charAt(i)) {
        throw error("'" + word + "'");
      }
      pos++;
    }
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte c = in[pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private int peek() {
    return pos < in.length ? in[pos] & 0xFF : -1;
  }

  private int next(String expected) {
    if (pos >= in.length) {
      throw error(expected);
    }
    return in[pos++] & 0xFF;
  }

  private void expect(char c) {
    if (next("'" + c + "'") != c) {
      pos--;
      throw error("'" + c + "'");
    }
  }

  private FormatException error(String expected) {
    String found = pos >= in.length ? "end of input" : "byte " + pos;
    return new FormatException("invalid JSON: expected " + expected + " at " + found);
  }
}
