package io.keyrotate.kms.pkcs11;

import io.keyrotate.KmsException;
import io.keyrotate.internal.Texts;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How to reach a PKCS#11 token and which keys to use: the configuration of {@link Pkcs11Kms}.
 *
 * <p>Build one with {@link #builder()}, or read a file with {@link #read(Path)} (format: see {@link
 * Pkcs11Kms}). The PIN is never held here: the configuration names where to read it (an environment
 * variable, a file, or a caller-owned {@code char[]} that {@link Pkcs11Kms#close()} wipes), and {@link
 * #toString()} names only that source.
 *
 * <p>Immutable and thread-safe, except that a {@code char[]} PIN is shared with the caller.
 */
public final class Pkcs11Config {
  /** The keys a configuration file may contain. */
  static final Set<String> FILE_KEYS =
      Set.of("library", "slot", "slotListIndex", "pin.env", "pin.file", "keys", "defaultKey");

  private final Path library;
  private final @Nullable Long slot;
  private final @Nullable Integer slotListIndex;
  private final PinSource pin;
  private final List<String> keys;
  private final String defaultKey;

  private Pkcs11Config(Builder b) {
    if (b.library == null) {
      throw new IllegalArgumentException("PKCS#11 config: 'library' (path of the PKCS#11 module) is required");
    }
    if ((b.slot == null) == (b.slotListIndex == null)) {
      throw new IllegalArgumentException(
          "PKCS#11 config: exactly one of 'slot' (slot id) and 'slotListIndex' is required");
    }
    if (b.pin == null) {
      throw new IllegalArgumentException(
          "PKCS#11 config: a PIN source is required ('pin.env' or 'pin.file')");
    }
    if (b.defaultKey == null) {
      throw new IllegalArgumentException("PKCS#11 config: 'defaultKey' is required");
    }
    checkName(b.defaultKey, "defaultKey");
    for (String k : b.keys) {
      checkName(k, "keys");
    }
    if (!b.keys.isEmpty() && !b.keys.contains(b.defaultKey)) {
      throw new IllegalArgumentException(
          "PKCS#11 config: 'defaultKey' " + Texts.clip(b.defaultKey) + " is not among 'keys'");
    }
    this.library = b.library;
    this.slot = b.slot;
    this.slotListIndex = b.slotListIndex;
    this.pin = b.pin;
    this.keys = List.copyOf(b.keys);
    this.defaultKey = b.defaultKey;
  }

  private static void checkName(String name, String field) {
    if (!KeyLabels.isName(name)) {
      throw new IllegalArgumentException(
          "PKCS#11 config: '" + field + "': '" + Texts.clip(name) + "' is not a key name (1..256"
              + " characters, no control characters, not ending in #<digits>)");
    }
  }

  /**
   * A new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a configuration file (a Java properties file; see {@link Pkcs11Kms} for its keys). A relative
   * {@code pin.file} is resolved against the file's directory.
   *
   * @param file the file
   * @return the configuration
   * @throws KmsException when the file cannot be read or is invalid; the message names the file and the
   *     offending key
   */
  public static Pkcs11Config read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new KmsException("PKCS#11 config " + file + " does not exist", e, false);
    } catch (IOException | IllegalArgumentException e) {
      throw new KmsException("cannot read PKCS#11 config " + file + ": " + e.getMessage(), e, false);
    }
    try {
      return parse(p, file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new KmsException(file + ": " + e.getMessage(), e, false);
    }
  }

  static Pkcs11Config parse(Properties p, @Nullable Path baseDir) {
    Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
    unknown.removeAll(FILE_KEYS);
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      String hint = first.equals("pin") ? " (never put the PIN itself here: use pin.env or pin.file)" : "";
      throw new IllegalArgumentException(
          "PKCS#11 config: unknown key '" + Texts.clip(first) + "'" + hint + "; known keys: "
              + new TreeSet<>(FILE_KEYS));
    }
    Builder b = builder();
    String library = value(p, "library");
    if (library != null) {
      b.library(Path.of(library));
    }
    String slot = value(p, "slot");
    if (slot != null) {
      b.slot(number(slot, "slot"));
    }
    String index = value(p, "slotListIndex");
    if (index != null) {
      long i = number(index, "slotListIndex");
      if (i > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("PKCS#11 config: 'slotListIndex' is too large: " + index);
      }
      b.slotListIndex((int) i);
    }
    String env = value(p, "pin.env");
    String pinFile = value(p, "pin.file");
    if (env != null && pinFile != null) {
      throw new IllegalArgumentException("PKCS#11 config: give only one of 'pin.env' and 'pin.file'");
    }
    if (env != null) {
      b.pinFromEnvironment(env);
    }
    if (pinFile != null) {
      Path f = Path.of(pinFile);
      b.pinFromFile(baseDir == null || f.isAbsolute() ? f : baseDir.resolve(f));
    }
    String keys = value(p, "keys");
    if (keys != null) {
      for (String k : keys.split(",", -1)) {
        b.key(k.strip());
      }
    }
    String def = value(p, "defaultKey");
    if (def != null) {
      b.defaultKey(def);
    }
    return b.build();
  }

  private static @Nullable String value(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      return null;
    }
    v = v.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("PKCS#11 config: '" + key + "' is empty");
    }
    return v;
  }

  private static long number(String s, String key) {
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "PKCS#11 config: '" + key + "' must be a non-negative decimal number, is '" + Texts.clip(s)
              + "'");
    }
  }

  /**
   * The path of the PKCS#11 module (shared library).
   *
   * @return the path
   */
  public Path library() {
    return library;
  }

  /**
   * The slot id, or {@code null} when the slot is chosen by {@link #slotListIndex()}.
   *
   * @return the slot id
   */
  public @Nullable Long slot() {
    return slot;
  }

  /**
   * The index into the module's slot list, or {@code null} when the slot is chosen by {@link #slot()}.
   *
   * @return the index
   */
  public @Nullable Integer slotListIndex() {
    return slotListIndex;
  }

  /**
   * The key names this KMS serves; empty when it serves every key on the token.
   *
   * @return the names
   */
  public List<String> keys() {
    return keys;
  }

  /**
   * The default key name.
   *
   * @return the name
   */
  public String defaultKey() {
    return defaultKey;
  }

  PinSource pin() {
    return pin;
  }

  /** Names the library, slot, keys and the PIN's source, never the PIN. */
  @Override
  public String toString() {
    return "Pkcs11Config[library=" + library + ", "
        + (slot != null ? "slot=" + slot : "slotListIndex=" + slotListIndex) + ", pin=" + pin
        + ", keys=" + (keys.isEmpty() ? "all" : keys) + ", defaultKey=" + defaultKey + "]";
  }

  /** Where the PIN comes from. Read at each login; the caller wipes the returned array. */
  abstract static class PinSource {
    abstract char[] read();

    /** Wipes a PIN held in memory; a no-op for sources that read on demand. */
    void wipe() {}

    /** Names the source, never the PIN. */
    @Override
    public abstract String toString();
  }

  private static final class EnvPin extends PinSource {
    private final String variable;

    EnvPin(String variable) {
      this.variable = variable;
    }

    @Override
    char[] read() {
      String v = System.getenv(variable);
      if (v == null || v.isEmpty()) {
        throw new KmsException("the PKCS#11 PIN variable " + variable + " is not set");
      }
      return v.toCharArray();
    }

    @Override
    public String toString() {
      return "env " + variable;
    }
  }

  private static final class FilePin extends PinSource {
    private final Path file;

    FilePin(Path file) {
      this.file = file;
    }

    @Override
    char[] read() {
      byte[] bytes = null;
      try {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
          if (perms.contains(PosixFilePermission.OTHERS_READ)) {
            throw new KmsException(
                "the PKCS#11 PIN file " + file + " is readable by others; run: chmod o-r " + file);
          }
        }
        bytes = Files.readAllBytes(file);
        int n = bytes.length;
        while (n > 0 && (bytes[n - 1] == '\n' || bytes[n - 1] == '\r')) {
          n--; // one trailing line end, as editors write it
        }
        if (n == 0) {
          throw new KmsException("the PKCS#11 PIN file " + file + " is empty");
        }
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, n));
        char[] pin = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return pin;
      } catch (NoSuchFileException e) {
        throw new KmsException("the PKCS#11 PIN file " + file + " does not exist", e, false);
      } catch (CharacterCodingException e) {
        throw new KmsException("the PKCS#11 PIN file " + file + " is not UTF-8", null, false);
      } catch (IOException e) {
        throw new KmsException(
            "cannot read the PKCS#11 PIN file " + file + ": " + e.getClass().getSimpleName(), e, false);
      } finally {
        if (bytes != null) {
          Arrays.fill(bytes, (byte) 0);
        }
      }
    }

    @Override
    public String toString() {
      return "file " + file;
    }
  }

  private static final class ArrayPin extends PinSource {
    private final char[] pin;

    ArrayPin(char[] pin) {
      this.pin = pin;
    }

    @Override
    char[] read() {
      synchronized (pin) {
        return pin.clone();
      }
    }

    @Override
    void wipe() {
      synchronized (pin) {
        Arrays.fill(pin, '\0');
      }
    }

    @Override
    public String toString() {
      return "char[] (redacted)";
    }
  }

  /** Builds a {@link Pkcs11Config}; not thread-safe. */
  public static final class Builder {
    private @Nullable Path library;
    private @Nullable Long slot;
    private @Nullable Integer slotListIndex;
    private @Nullable PinSource pin;
    private final Set<String> keys = new LinkedHashSet<>();
    private @Nullable String defaultKey;

    private Builder() {}

    /**
     * The PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}.
     *
     * @param library the shared library
     * @return this builder
     */
    public Builder library(Path library) {
      this.library = library;
      return this;
    }

    /**
     * The slot by id.
     *
     * @param slot the PKCS#11 slot id
     * @return this builder
     */
    public Builder slot(long slot) {
      this.slot = slot;
      return this;
    }

    /**
     * The slot by its index in the module's slot list.
     *
     * @param index the index, from 0
     * @return this builder
     */
    public Builder slotListIndex(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("slotListIndex must not be negative");
      }
      this.slotListIndex = index;
      return this;
    }

    /**
     * Reads the user PIN from an environment variable at each login.
     *
     * @param variable the variable's name
     * @return this builder
     */
    public Builder pinFromEnvironment(String variable) {
      this.pin = new EnvPin(variable);
      return this;
    }

    /**
     * Reads the user PIN from a file (UTF-8, one trailing line end ignored) at each login. The file must
     * not be readable by others.
     *
     * @param file the file
     * @return this builder
     */
    public Builder pinFromFile(Path file) {
      this.pin = new FilePin(file);
      return this;
    }

    /**
     * Uses this user PIN. The array is not copied: the KMS reads it at each login and {@link
     * Pkcs11Kms#close()} overwrites it with zeros.
     *
     * @param pin the PIN
     * @return this builder
     */
    public Builder pin(char[] pin) {
      this.pin = new ArrayPin(pin);
      return this;
    }

    /**
     * Adds a key name this KMS serves. Without any, it serves every key on the token.
     *
     * @param name the key name
     * @return this builder
     */
    public Builder key(String name) {
      keys.add(name);
      return this;
    }

    /**
     * The default key name.
     *
     * @param name the key name
     * @return this builder
     */
    public Builder defaultKey(String name) {
      this.defaultKey = name;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when something required is missing or invalid
     */
    public Pkcs11Config build() {
      return new Pkcs11Config(this);
    }
  }
}
