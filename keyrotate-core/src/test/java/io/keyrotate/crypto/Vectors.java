package io.keyrotate.crypto;

import io.keyrotate.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/** Loads the gzipped sio golden vectors from the test class path and decodes their fields. */
final class Vectors {
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  /** The top-level object of {@code vectors/dare/<name>.gz}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> file(String name) {
    String path = "/vectors/dare/" + name + ".gz";
    try (InputStream raw = Objects.requireNonNull(Vectors.class.getResourceAsStream(path), path);
        InputStream in = new GZIPInputStream(raw)) {
      return (Map<String, Object>) Objects.requireNonNull(
          Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code vectors} array of a file. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(String name) {
    return (List<Map<String, Object>>) file(name).get("vectors");
  }

  static String str(Map<String, Object> v, String key) {
    return (String) Objects.requireNonNull(v.get(key), key);
  }

  static long num(Map<String, Object> v, String key, long dflt) {
    Object o = v.get(key);
    return o == null ? dflt : (Long) o;
  }

  static boolean flag(Map<String, Object> v, String key) {
    return Boolean.TRUE.equals(v.get(key));
  }

  @SuppressWarnings("unchecked")
  static @Nullable List<String> strings(Map<String, Object> v, String key) {
    return (List<String>) v.get(key);
  }

  static byte[] hex(Map<String, Object> v, String key) {
    return HEX.parseHex(str(v, key));
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static SecretBytes key(Map<String, Object> v) {
    return SecretBytes.wrapOwned(hex(v, "key"));
  }

  /** The plaintext of a vector, from {@code plaintext} hex or the {@code counter-bytes} generator. */
  @SuppressWarnings("unchecked")
  static byte[] plaintext(Map<String, Object> v) {
    if (v.containsKey("plaintext")) {
      return hex(v, "plaintext");
    }
    Map<String, Object> gen = (Map<String, Object>) Objects.requireNonNull(v.get("plaintextGen"));
    if (!"counter-bytes".equals(gen.get("kind"))) {
      throw new IllegalArgumentException("unknown generator " + gen.get("kind"));
    }
    return counterBytes((int) num(gen, "length", -1), (int) num(gen, "start", 0));
  }

  static byte[] counterBytes(int length, int start) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) ((start + i) % 251);
    }
    return p;
  }

  static String sha256(byte[] b) {
    return sha256(b, 0, b.length);
  }

  static String sha256(byte[] b, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, off, len);
      return hex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static CipherSuite cipher(String name) {
    return CipherSuite.valueOf(name);
  }

  static DareVersion version(String name) {
    switch (name) {
      case "1.0":
        return DareVersion.V1_0;
      case "2.0":
        return DareVersion.V2_0;
      default:
        throw new IllegalArgumentException(name);
    }
  }
}
