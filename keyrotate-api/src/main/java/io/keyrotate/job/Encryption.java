package io.keyrotate.job;

import io.keyrotate.internal.ContextJson;
import io.keyrotate.internal.Texts;
import io.keyrotate.JobDefinitionException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code encryption} section of a job: the target KMS key (absent = the KMS default key) and the
 * client KMS context applied to every object the job encrypts or rewraps.
 *
 * <p>Immutable and thread-safe. The context keeps the order in which it was given; it is serialised
 * canonically (sorted) only when it reaches the KMS.
 */
public final class Encryption {
  /** The largest decoded context accepted, in bytes; KMS contexts are small. */
  public static final int MAX_CONTEXT_BYTES = 64 * 1024;

  private static final String FIELD_KEY = "keyrotate.encryption.key";
  private static final String FIELD_CONTEXT = "keyrotate.encryption.context";
  private static final Encryption DEFAULTS = new Encryption(null, Map.of());

  private final @Nullable String key;
  private final Map<String, String> context;

  private Encryption(@Nullable String key, Map<String, String> context) {
    this.key = key;
    this.context = context;
  }

  /**
   * The empty section ({@code encryption: {}}): default KMS key, no context.
   *
   * @return the defaults
   */
  public static Encryption defaults() {
    return DEFAULTS;
  }

  /**
   * Creates a section.
   *
   * @param key the KMS key id, or {@code null} for the KMS default key; must not be blank or have
   *     surrounding white space
   * @param context the client context (copied, order kept); keys and values must be well-formed Unicode
   * @return the section
   * @throws JobDefinitionException naming the field when a value is invalid
   */
  public static Encryption of(@Nullable String key, Map<String, String> context) {
    if (key != null) {
      if (key.isEmpty() || key.isBlank()) {
        throw new JobDefinitionException(FIELD_KEY, "must not be empty (omit it to use the default key)");
      }
      if (!key.strip().equals(key)) {
        throw new JobDefinitionException(
            FIELD_KEY, "must not have leading or trailing white space: '" + Texts.clip(key) + "'");
      }
      for (int i = 0; i < key.length(); i++) {
        if (Character.isISOControl(key.charAt(i))) {
          throw new JobDefinitionException(FIELD_KEY, "must not contain control characters");
        }
      }
      if (!Texts.isWellFormed(key)) {
        throw new JobDefinitionException(FIELD_KEY, "must be well-formed Unicode (no lone surrogates)");
      }
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "context key");
      String v = Objects.requireNonNull(e.getValue(), "context value");
      if (!Texts.isWellFormed(k) || !Texts.isWellFormed(v)) {
        throw new JobDefinitionException(
            FIELD_CONTEXT, "keys and values must be well-formed Unicode (no lone surrogates)");
      }
      copy.put(k, v);
    }
    if (key == null && copy.isEmpty()) {
      return DEFAULTS;
    }
    return new Encryption(key, Collections.unmodifiableMap(copy));
  }

  /**
   * Decodes the job-file form of the context: standard base64 of a JSON object whose values are all
   * strings.
   *
   * @param base64 the encoded context
   * @return the decoded context, in the order of the JSON object
   * @throws JobDefinitionException naming {@code keyrotate.encryption.context} for bad base64, bad UTF-8,
   *     non-object JSON, non-string values or duplicate keys
   */
  public static Map<String, String> decodeContext(String base64) {
    try {
      return ContextJson.parseBase64(base64.strip(), MAX_CONTEXT_BYTES);
    } catch (IllegalArgumentException e) {
      throw new JobDefinitionException(
          FIELD_CONTEXT,
          "must be base64 of a JSON object whose values are strings; it " + e.getMessage());
    }
  }

  /**
   * Encodes a context in the job-file form (base64 of compact JSON, in map order).
   *
   * @param context the context
   * @return standard padded base64
   */
  public static String encodeContext(Map<String, String> context) {
    return Base64.getEncoder()
        .encodeToString(ContextJson.write(context).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The target KMS key id as written.
   *
   * @return the key id, or {@code null} for the KMS default key
   */
  public @Nullable String key() {
    return key;
  }

  /**
   * The client context, in the order given.
   *
   * @return an unmodifiable map, empty when none was given
   */
  public Map<String, String> context() {
    return context;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Encryption
        && Objects.equals(key, ((Encryption) o).key)
        && context.equals(((Encryption) o).context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, context);
  }

  @Override
  public String toString() {
    return "Encryption{key=" + (key == null ? "<default>" : key) + ", context=" + context + "}";
  }
}
