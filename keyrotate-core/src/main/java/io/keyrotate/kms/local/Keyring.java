package io.keyrotate.kms.local;

import io.keyrotate.SecretBytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of named master keys, each with versions 1..n, and the name of the default key.
 * Updates return a new keyring that shares the unchanged {@link MasterKey}s.
 */
final class Keyring {
  /** Key names: letters, digits, {@code . _ -}; 1..128 characters, starting with a letter or digit. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static final int KEY_BYTES = 32;
  static final int MAX_VERSIONS = 65_535;

  /**
   * One version of one key.
   *
   * @param version 1-based
   * @param created when it was created
   * @param key 32 bytes
   */
  record MasterKey(int version, Instant created, SecretBytes key) {}

  final String defaultKey;
  /** Name to versions, oldest first (index = version - 1). */
  final Map<String, List<MasterKey>> keys;

  Keyring(String defaultKey, Map<String, List<MasterKey>> keys) {
    TreeMap<String, List<MasterKey>> copy = new TreeMap<>();
    keys.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    if (!copy.containsKey(defaultKey)) {
      throw new IllegalArgumentException("the default key '" + defaultKey + "' is not in the keyring");
    }
    this.defaultKey = defaultKey;
    this.keys = Collections.unmodifiableMap(copy);
  }

  /** A keyring of one key with one version, which is the default key. */
  static Keyring single(String name, SecretBytes key, Instant created) {
    checkName(name);
    return new Keyring(name, Map.of(name, List.of(new MasterKey(1, created, key))));
  }

  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid key name '" + io.keyrotate.internal.Texts.clip(name)
              + "': use 1..128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  @Nullable MasterKey current(String name) {
    List<MasterKey> v = keys.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  @Nullable MasterKey version(String name, int version) {
    List<MasterKey> v = keys.get(name);
    return v == null || version < 1 || version > v.size() ? null : v.get(version - 1);
  }

  Keyring withKey(String name, SecretBytes key, Instant now) {
    checkName(name);
    if (keys.containsKey(name)) {
      throw new IllegalArgumentException("key '" + name + "' already exists");
    }
    TreeMap<String, List<MasterKey>> next = new TreeMap<>(keys);
    next.put(name, List.of(new MasterKey(1, now, key)));
    return new Keyring(defaultKey, next);
  }

  Keyring withNewVersion(String name, SecretBytes key, Instant now) {
    List<MasterKey> v = keys.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no key '" + name + "'");
    }
    if (v.size() >= MAX_VERSIONS) {
      throw new IllegalArgumentException("key '" + name + "' has the most versions allowed");
    }
    List<MasterKey> grown = new ArrayList<>(v);
    grown.add(new MasterKey(v.size() + 1, now, key));
    TreeMap<String, List<MasterKey>> next = new TreeMap<>(keys);
    next.put(name, grown);
    return new Keyring(defaultKey, next);
  }

  Keyring withDefault(String name) {
    if (!keys.containsKey(name)) {
      throw new IllegalArgumentException("no key '" + name + "'");
    }
    return new Keyring(name, keys);
  }

  List<KeyInfo> describe() {
    List<KeyInfo> out = new ArrayList<>();
    keys.forEach(
        (name, v) -> {
          MasterKey c = v.get(v.size() - 1);
          out.add(new KeyInfo(name, c.version(), c.created(), name.equals(defaultKey)));
        });
    return out;
  }

  /** Wipes every key of this keyring. */
  void wipe() {
    keys.values().forEach(v -> v.forEach(k -> k.key().close()));
  }
}
