package io.keyrotate.sse;

import io.keyrotate.SecretBytes;
import io.keyrotate.sse.internal.GoStrings;
import io.keyrotate.sse.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;

/**
 * Loads the gzipped golden vectors from the class path (parsed with the library's strict JSON
 * reader).
 */
final class Vectors {
  private static final Map<String, Map<?, ?>> CACHE = new ConcurrentHashMap<>();
  private static final HexFormat HEX = HexFormat.of();

  private Vectors() {}

  static Map<?, ?> file(String name) {
    return CACHE.computeIfAbsent(name, Vectors::read);
  }

  private static Map<?, ?> read(String name) {
    String path = "/vectors/minio-sse/" + name + ".gz";
    try (InputStream raw = Vectors.class.getResourceAsStream(path)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      try (InputStream in = new GZIPInputStream(raw)) {
        return (Map<?, ?>) java.util.Objects.requireNonNull(Json.parse(in.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<V> section(String file, String section) {
    List<V> out = new ArrayList<>();
    for (Object o : (List<?>) java.util.Objects.requireNonNull(file(file).get(section))) {
      out.add(new V((Map<?, ?>) o));
    }
    return out;
  }

  /** A check of one vector. */
  @FunctionalInterface
  interface Check {
    void run(V v) throws Exception;
  }

  /** One dynamic test per vector of a section, named after the vector. */
  static Stream<DynamicTest> tests(String file, String section, Check check) {
    return section(file, section).stream()
        .map(v -> DynamicTest.dynamicTest(v.name(), () -> check.run(v)));
  }

  /**
   * A vector's plaintext: explicit hex in {@code plaintext}, or {@code plaintextGen} counter bytes
   * {@code p[i] = (start + i) mod 251}; checked against {@code plaintextLength/Sha256} when given.
   */
  static byte[] plaintext(V v) throws Exception {
    byte[] p;
    if (v.has("plaintextGen")) {
      V gen = v.obj("plaintextGen");
      p = new byte[(int) gen.num("length")];
      long start = gen.num("start");
      for (int i = 0; i < p.length; i++) {
        p[i] = (byte) ((start + i) % 251);
      }
    } else {
      p = v.hex("plaintext");
    }
    if (v.has("plaintextSha256")) {
      if (v.has("plaintextLength")) {
        org.junit.jupiter.api.Assertions.assertEquals(v.num("plaintextLength"), p.length);
      }
      org.junit.jupiter.api.Assertions.assertEquals(
          v.str("plaintextSha256"),
          hex(java.security.MessageDigest.getInstance("SHA-256").digest(p)));
    }
    return p;
  }

  static V object(String file, String key) {
    return new V((Map<?, ?>) java.util.Objects.requireNonNull(file(file).get(key)));
  }

  static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  /** One vector (a JSON object) with typed accessors. */
  static final class V {
    final Map<?, ?> m;

    V(Map<?, ?> m) {
      this.m = m;
    }

    String name() {
      return str("name");
    }

    boolean has(String field) {
      return m.get(field) != null;
    }

    @Nullable Object raw(String field) {
      return m.get(field);
    }

    String str(String field) {
      Object v = m.get(field);
      if (!(v instanceof String)) {
        throw new IllegalStateException(name0() + ": field " + field + " is not a string");
      }
      return (String) v;
    }

    /** A Go string: the text field, or its authoritative {@code …Hex} twin when present. */
    String goStr(String field) {
      Object hexTwin = m.get(field + "Hex");
      if (hexTwin instanceof String) {
        return GoStrings.fromBytes(Vectors.hex((String) hexTwin));
      }
      return str(field);
    }

    byte[] hex(String field) {
      return Vectors.hex(str(field));
    }

    SecretBytes secret(String field) {
      return SecretBytes.wrapOwned(hex(field));
    }

    long num(String field) {
      return ((Number) java.util.Objects.requireNonNull(m.get(field))).longValue();
    }

    boolean bool(String field) {
      return Boolean.TRUE.equals(m.get(field));
    }

    V obj(String field) {
      return new V((Map<?, ?>) java.util.Objects.requireNonNull(m.get(field)));
    }

    List<V> list(String field) {
      List<V> out = new ArrayList<>();
      for (Object o : (List<?>) java.util.Objects.requireNonNull(m.get(field))) {
        out.add(new V((Map<?, ?>) o));
      }
      return out;
    }

    Map<String, String> stringMap(String field) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e :
          ((Map<?, ?>) java.util.Objects.requireNonNull(m.get(field))).entrySet()) {
        out.put((String) e.getKey(), (String) e.getValue());
      }
      return out;
    }

    /** A string map that may be JSON null (returns an empty map then). */
    Map<String, String> optStringMap(String field) {
      return m.get(field) == null ? new LinkedHashMap<>() : stringMap(field);
    }

    AeadCipher cipher(String field) {
      return AeadCipher.valueOf(str(field));
    }

    SseType sseType(String field) {
      String s = str(field);
      for (SseType t : SseType.values()) {
        if (t.domain().equals(s)) {
          return t;
        }
      }
      throw new IllegalStateException("unknown SSE type " + s);
    }

    private String name0() {
      Object n = m.get("name");
      return n == null ? "?" : n.toString();
    }

    @Override
    public String toString() {
      return name0();
    }
  }
}
