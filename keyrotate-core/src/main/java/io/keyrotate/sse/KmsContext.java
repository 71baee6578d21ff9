package io.keyrotate.sse;

import io.keyrotate.FormatException;
import io.keyrotate.sse.internal.GoStrings;
import io.keyrotate.sse.internal.Json;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A KMS encryption context: string pairs bound to a KMS ciphertext as associated data, in MinIO's
 * canonical JSON form ({@code internal/kms/context.go: Context.MarshalText}).
 *
 * <p>{@link #toJson()} is byte-exact with MinIO: {@code {}} when empty; otherwise {@code
 * {"k":"v",...}} without whitespace, keys in unsigned byte order of their UTF-8 encoding (which
 * differs from {@link String#compareTo} for characters outside the BMP), and Go's HTML-safe
 * escaping ({@code "}, {@code \}, {@code \n}, {@code \r}, {@code \t}; other control bytes and
 * {@code < > &} as {@code \}{@code u00xx}; U+2028/U+2029 escaped; each invalid UTF-8 byte as {@code
 * \}{@code ufffd}; everything else raw UTF-8).
 *
 * <p>Strings are Go strings: an unpaired surrogate U+DC80–U+DCFF stands for one raw (invalid UTF-8)
 * byte, which is how {@link #parseJson(byte[])} keeps such bytes, as MinIO's JSON decoder does.
 *
 * <p>Context values are not secret (KMS services log them), so {@link #toString()} shows them.
 * Immutable and thread-safe.
 */
public final class KmsContext {
  private static final KmsContext EMPTY = new KmsContext(new TreeMap<>(GoStrings.BYTE_ORDER));

  private final SortedMap<String, String> entries;

  private KmsContext(SortedMap<String, String> entries) {
    this.entries = entries;
  }

  /**
   * The empty context; its JSON is {@code {}}.
   *
   * @return the empty context
   */
  public static KmsContext empty() {
    return EMPTY;
  }

  /**
   * A context holding a copy of {@code entries}.
   *
   * @param entries the pairs
   * @return the context
   */
  public static KmsContext of(Map<String, String> entries) {
    if (entries.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, String> m = new TreeMap<>(GoStrings.BYTE_ORDER);
    m.putAll(entries);
    return new KmsContext(m);
  }

  /**
   * A context with one pair, such as MinIO's {@code {bucket: path.Join(bucket, object)}}.
   *
   * @param key the key
   * @param value the value
   * @return the context
   */
  public static KmsContext of(String key, String value) {
    return of(Map.of(key, value));
  }

  /**
   * Parses a stored context the way MinIO does (a JSON object of strings, decoded by a Go JSON
   * decoder).
   *
   * <p>Accepts any whitespace and member order. A repeated key keeps its last value; a {@code null}
   * member value reads as {@code ""}; the JSON literal {@code null} is the empty context. Numbers,
   * booleans, arrays and nested objects are rejected, as is any syntax error or trailing data.
   *
   * @param json the JSON text
   * @return the context
   * @throws FormatException when the text is not a JSON object of strings; the message gives the
   *     byte offset, never the content
   */
  public static KmsContext parseJson(byte[] json) {
    Object v = Json.parse(json);
    if (v == null) {
      return EMPTY;
    }
    if (!(v instanceof Map)) {
      throw new FormatException("KMS context is not a JSON object");
    }
    TreeMap<String, String> m = new TreeMap<>(GoStrings.BYTE_ORDER);
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      Object value = e.getValue();
      if (value == null) {
        value = "";
      } else if (!(value instanceof String)) {
        throw new FormatException("KMS context values must be JSON strings");
      }
      m.put((String) e.getKey(), (String) value);
    }
    return m.isEmpty() ? EMPTY : new KmsContext(m);
  }

  /**
   * The canonical JSON bytes, as passed to a KMS as associated data.
   *
   * @return a new array
   */
  public byte[] toJson() {
    return GoStrings.jsonObject(entries);
  }

  /**
   * This context plus {@code key → value} unless {@code key} is already present (MinIO's rule for
   * the implicit bucket entry: a client-chosen value wins).
   *
   * @param key the key to add when absent
   * @param value its value
   * @return this context or an extended copy
   */
  public KmsContext withDefault(String key, String value) {
    if (entries.containsKey(key)) {
      return this;
    }
    TreeMap<String, String> m = new TreeMap<>(entries);
    m.put(key, value);
    return new KmsContext(m);
  }

  /**
   * The pairs, in canonical order.
   *
   * @return an unmodifiable view
   */
  public SortedMap<String, String> asMap() {
    return Collections.unmodifiableSortedMap(entries);
  }

  /**
   * The value of {@code key}.
   *
   * @param key the key
   * @return the value, or {@code null} when absent
   */
  public @Nullable String get(String key) {
    return entries.get(key);
  }

  /**
   * Whether the context has no pairs.
   *
   * @return {@code true} when empty
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The number of pairs.
   *
   * @return the size
   */
  public int size() {
    return entries.size();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof KmsContext && entries.equals(((KmsContext) o).entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  /** The canonical JSON (contexts are associated data, not secrets). */
  @Override
  public String toString() {
    return GoStrings.fromBytes(toJson());
  }
}
