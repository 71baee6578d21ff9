package io.keyrotate.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict reader and writer for the one JSON shape a KMS context may have: an object whose values are
 * strings. RFC 8259 syntax; duplicate keys, trailing data, nested values and invalid escapes are errors.
 */
public final class ContextJson {
  private final String s;
  private int pos;

  private ContextJson(String s) {
    this.s = s;
  }

  /**
   * Parses {@code json} into an insertion-ordered map.
   *
   * @throws IllegalArgumentException with a message saying what is wrong and where (character offset)
   */
  public static Map<String, String> parse(String json) {
    ContextJson p = new ContextJson(json);
    Map<String, String> out = p.object();
    p.ws();
    if (p.pos != json.length()) {
      throw p.error("unexpected data after the JSON object");
    }
    return out;
  }

  /**
   * Decodes standard base64 of UTF-8 JSON and parses it as {@link #parse} does.
   *
   * @param base64 the encoded object
   * @param maxBytes the largest decoded size accepted
   * @throws IllegalArgumentException saying whether the base64, the UTF-8 or the JSON is bad
   */
  public static Map<String, String> parseBase64(String base64, int maxBytes) {
    byte[] raw;
    try {
      raw = decodeBase64(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not valid standard base64: " + e.getMessage(), e);
    }
    if (raw.length > maxBytes) {
      throw new IllegalArgumentException(
          "decodes to " + raw.length + " bytes; at most " + maxBytes + " are accepted");
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("does not decode to UTF-8 text", e);
    }
    try {
      return parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "is not a JSON object whose values are strings: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes standard, padded base64 as Go's {@code base64.StdEncoding} does (which MinIO uses). The JDK
   * decoder alone also accepts unpadded input, which Go (and so MinIO) rejects.
   *
   * @throws IllegalArgumentException when the text is not padded standard base64
   */
  public static byte[] decodeBase64(String base64) {
    if (base64.length() % 4 != 0) {
      throw new IllegalArgumentException(
          "length " + base64.length() + " is not a multiple of 4 (missing padding?)");
    }
    return Base64.getDecoder().decode(base64);
  }

  /** Writes {@code map} as compact JSON, escaping as RFC 8259 requires. */
  public static String write(Map<String, String> map) {
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      string(b, e.getValue());
    }
    return b.append('}').toString();
  }

  private static void string(StringBuilder b, String v) {
    b.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private Map<String, String> object() {
    ws();
    expect('{', "expected a JSON object ('{')");
    Map<String, String> out = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      pos++;
      return out;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String key = string();
      ws();
      expect(':', "expected ':' after a key");
      ws();
      if (peek() != '"') {
        throw error("the value of key '" + Texts.clip(key) + "' must be a string");
      }
      String value = string();
      if (out.putIfAbsent(key, value) != null) {
        throw error("duplicate key '" + Texts.clip(key) + "'");
      }
      ws();
      char c = peek();
      pos++;
      if (c == '}') {
        return out;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string must be escaped");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          b.append(e);
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'u':
          if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
          }
          int cp = 0;
          for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(pos + k), 16);
            if (d < 0) {
              throw error("invalid \\u escape");
            }
            cp = cp * 16 + d;
          }
          pos += 4;
          b.append((char) cp);
          break;
        default:
          pos--;
          throw error("invalid escape '\\" + e + "'");
      }
    }
  }

  private void ws() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end of JSON");
    }
    return s.charAt(pos);
  }

  private void expect(char c, String message) {
    if (peek() != c) {
      throw error(message);
    }
    pos++;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " at offset " + pos);
  }
}
