package io.keyrotate.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Reads the gzipped golden vectors this package needs (only DARE 1.0 streams, which we cannot write). */
final class Resources {
  /** A DARE vector's key and ciphertext. */
  record Vector(byte[] key, byte[] ciphertext) {}

  private Resources() {}

  static String gunzip(String path) {
    try (InputStream raw = Objects.requireNonNull(Resources.class.getResourceAsStream(path), path);
        InputStream in = new GZIPInputStream(raw)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Vector dareVector(String file, String name) {
    String json = gunzip("/vectors/dare/" + file);
    int at = json.indexOf("\"name\": \"" + name + "\"");
    if (at < 0) {
      throw new IllegalArgumentException("no vector " + name);
    }
    return new Vector(hexField(json, at, "key"), hexField(json, at, "ciphertext"));
  }

  private static byte[] hexField(String json, int from, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": \"([0-9a-f]*)\"").matcher(json);
    if (!m.find(from)) {
      throw new IllegalArgumentException("no field " + field);
    }
    return HexFormat.of().parseHex(m.group(1));
  }
}
