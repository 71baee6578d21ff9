package io.keyrotate.kms.local;

import io.keyrotate.SecretBytes;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyring file format, version 1 (binary, so key material never becomes a {@code String}):
 *
 * <pre>
 * "KRKEYRNG"                    8 bytes magic
 * u8  format version            = 1
 * u8  n, default key name       n bytes ASCII
 * u32 number of entries
 * entry: u8 n, name (n bytes), u16 version, i64 created epoch second, i32 nano, 32 key bytes
 * SHA-256 of everything above   32 bytes
 * </pre>
 *
 * All integers are big-endian. Entries are sorted by name, then version, and each key's versions are
 * 1..n without gaps. The digest makes truncation and corruption a clear error rather than a silently
 * shorter keyring.
 */
final class KeyringCodec {
  static final byte[] MAGIC = "KRKEYRNG".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  private static final int DIGEST = 32;

  /** The file does not hold a valid keyring; the message says why (never key material). */
  static final class Corrupt extends Exception {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  private KeyringCodec() {}

  /** Encodes a keyring; the caller wipes the returned array after writing it. */
  static byte[] encode(Keyring ring) {
    int size = MAGIC.length + 1 + 1 + ring.defaultKey.length() + 4;
    int entries = 0;
    for (Map.Entry<String, List<Keyring.MasterKey>> e : ring.keys.entrySet()) {
      size += e.getValue().size() * (1 + e.getKey().length() + 2 + 8 + 4 + Keyring.KEY_BYTES);
      entries += e.getValue().size();
    }
    byte[] out = new byte[size + DIGEST];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC).put((byte) VERSION);
    putName(b, ring.defaultKey);
    b.putInt(entries);
    for (Map.Entry<String, List<Keyring.MasterKey>> e : ring.keys.entrySet()) {
      for (Keyring.MasterKey k : e.getValue()) {
        putName(b, e.getKey());
        b.putShort((short) k.version());
        b.putLong(k.created().getEpochSecond()).putInt(k.created().getNano());
        k.key().copyTo(out, b.position());
        b.position(b.position() + Keyring.KEY_BYTES);
      }
    }
    b.put(sha256(out, size));
    return out;
  }

  private static void putName(ByteBuffer b, String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    b.put((byte) n.length).put(n);
  }

  /** Decodes a keyring; wipes {@code content} before returning. */
  static Keyring decode(byte[] content) throws Corrupt {
    try {
      return parse(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static Keyring parse(byte[] content) throws Corrupt {
    if (content.length < MAGIC.length + 1 || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new Corrupt("not a keyring file (bad magic)");
    }
    int version = content[MAGIC.length] & 0xff;
    if (version != VERSION) {
      throw new Corrupt("unsupported keyring format version " + version + " (this code reads " + VERSION + ")");
    }
    if (content.length < MAGIC.length + 1 + DIGEST) {
      throw new Corrupt("truncated");
    }
    int body = content.length - DIGEST;
    if (!MessageDigest.isEqual(sha256(content, body), Arrays.copyOfRange(content, body, content.length))) {
      throw new Corrupt("corrupt or truncated (digest mismatch)");
    }
    ByteBuffer b = ByteBuffer.wrap(content, 0, body);
    b.position(MAGIC.length + 1);
    Map<String, List<Keyring.MasterKey>> keys = new LinkedHashMap<>();
    try {
      String defaultKey = name(b);
      long entries = Integer.toUnsignedLong(b.getInt());
      String previous = null;
      for (long i = 0; i < entries; i++) {
        String name = name(b);
        int v = Short.toUnsignedInt(b.getShort());
        Instant created;
        try {
          created = Instant.ofEpochSecond(b.getLong(), b.getInt());
        } catch (DateTimeException e) {
          throw new Corrupt("entry " + i + " has an invalid creation time");
        }
        byte[] key = new byte[Keyring.KEY_BYTES];
        b.get(key);
        if (previous != null && name.compareTo(previous) < 0) {
          throw new Corrupt("entries are not sorted by name");
        }
        previous = name;
        List<Keyring.MasterKey> versions = keys.computeIfAbsent(name, n -> new ArrayList<>());
        if (v != versions.size() + 1) {
          Arrays.fill(key, (byte) 0);
          throw new Corrupt("key '" + name + "' has version " + v + " where " + (versions.size() + 1) + " belongs");
        }
        versions.add(new Keyring.MasterKey(v, created, SecretBytes.wrapOwned(key)));
      }
      if (b.hasRemaining()) {
        throw new Corrupt("unexpected data after the last entry");
      }
      if (!keys.containsKey(defaultKey)) {
        throw new Corrupt("the default key '" + defaultKey + "' has no entry");
      }
      return new Keyring(defaultKey, keys);
    } catch (BufferUnderflowException e) {
      wipe(keys);
      throw new Corrupt("truncated entry");
    } catch (Corrupt e) {
      wipe(keys);
      throw e;
    }
  }

  private static void wipe(Map<String, List<Keyring.MasterKey>> keys) {
    keys.values().forEach(v -> v.forEach(k -> k.key().close()));
  }

  private static String name(ByteBuffer b) throws Corrupt {
    int n = b.get() & 0xff;
    byte[] raw = new byte[n];
    b.get(raw);
    String name = new String(raw, StandardCharsets.US_ASCII);
    if (!Keyring.NAME.matcher(name).matches()) {
      throw new Corrupt("invalid key name in the file");
    }
    return name;
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
