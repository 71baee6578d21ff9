package io.keyrotate.examples.embedding;

import io.keyrotate.IntegrityException;
import io.keyrotate.KmsException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.DataKey;
import io.keyrotate.spi.DecryptRequest;
import io.keyrotate.spi.GenerateKeyRequest;
import io.keyrotate.spi.IsCurrentRequest;
import io.keyrotate.spi.KeyVersionState;
import io.keyrotate.spi.Kms;
import io.keyrotate.spi.KmsCiphertext;
import io.keyrotate.sse.KmsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Example of implementing the {@link Kms} SPI: named master keys with versions, held in memory, wrapping
 * data keys with AES-256-GCM (JDK provider). A real integration calls its KMS or HSM in the same three
 * places ({@link #generateKey}, {@link #decrypt}, optionally {@link #isCurrent}).
 *
 * <p><b>Ciphertext</b>: {@code len(name) ‖ name ‖ BE32(version) ‖ nonce(12) ‖ AES-GCM(data key) ‖
 * tag(16)}, authenticating the header and MinIO's canonical JSON of the context, so a ciphertext opens
 * only under its key, version and context. Naming the version lets {@link #isCurrent} tell whether a
 * rewrap would change anything.
 *
 * <p><b>Not for production</b>: the master keys live in this process's memory and die with it. Thread-safe.
 */
public final class InMemoryKms implements Kms {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK has no AES-GCM", e);
            }
          });

  private final Map<String, List<byte[]>> keys = new ConcurrentHashMap<>();
  private volatile String defaultKey;

  /**
   * A KMS with one key, which is the default key.
   *
   * @param defaultKey the key name
   */
  public InMemoryKms(String defaultKey) {
    createKey(defaultKey);
    this.defaultKey = defaultKey;
  }

  /**
   * Adds a key with one random version.
   *
   * @param name the key name
   */
  public void createKey(String name) {
    if (keys.putIfAbsent(name, new ArrayList<>(List.of(random(32)))) != null) {
      throw new IllegalArgumentException("key '" + name + "' exists");
    }
  }

  /**
   * Adds a random version to a key and makes it current; older versions still decrypt.
   *
   * @param name the key
   */
  public void rotate(String name) {
    List<byte[]> versions = versions(name);
    synchronized (versions) {
      versions.add(random(32));
    }
  }

  /**
   * Makes a key the default key.
   *
   * @param name the key
   */
  public void setDefaultKey(String name) {
    versions(name);
    this.defaultKey = name;
  }

  @Override
  public String defaultKeyId() {
    return defaultKey;
  }

  @Override
  public DataKey generateKey(GenerateKeyRequest request) {
    List<byte[]> versions = versions(request.keyId());
    byte[] master;
    int version;
    synchronized (versions) {
      version = versions.size();
      master = versions.get(version - 1);
    }
    byte[] plain = random(32);
    byte[] header = header(request.keyId(), version);
    byte[] nonce = random(12);
    try {
      Cipher c = init(Cipher.ENCRYPT_MODE, master, nonce, header, request.context());
      byte[] out = Arrays.copyOf(header, header.length + 12 + 48);
      System.arraycopy(nonce, 0, out, header.length, 12);
      c.doFinal(plain, 0, plain.length, out, header.length + 12);
      return new DataKey(SecretBytes.wrapOwned(plain), KmsCiphertext.copyOf(out), request.keyId());
    } catch (GeneralSecurityException e) {
      Arrays.fill(plain, (byte) 0);
      throw new KmsException("AES-GCM failed: " + e.getMessage(), e, false);
    }
  }

  @Override
  public SecretBytes decrypt(DecryptRequest request) {
    List<byte[]> versions = versions(request.keyId());
    byte[] ct = request.ciphertext().toByteArray();
    byte[] header = header(request.keyId(), 1);
    int h = header.length;
    if (ct.length != h + 12 + 48 || !Arrays.equals(ct, 0, h - 4, header, 0, h - 4)) {
      throw new IntegrityException("not a ciphertext of key '" + request.keyId() + "'");
    }
    int version = ByteBuffer.wrap(ct, h - 4, 4).getInt();
    byte[] master;
    synchronized (versions) {
      if (version < 1 || version > versions.size()) {
        throw new IntegrityException("key '" + request.keyId() + "' has no version " + version);
      }
      master = versions.get(version - 1);
    }
    byte[] plain = new byte[32];
    try {
      Cipher c =
          init(Cipher.DECRYPT_MODE, master, Arrays.copyOfRange(ct, h, h + 12), Arrays.copyOf(ct, h),
              request.context());
      c.doFinal(ct, h + 12, 48, plain, 0);
      return SecretBytes.wrapOwned(plain);
    } catch (AEADBadTagException e) {
      throw new IntegrityException("the data key does not authenticate under key '" + request.keyId() + "'", e);
    } catch (GeneralSecurityException e) {
      throw new KmsException("AES-GCM failed: " + e.getMessage(), e, false);
    }
  }

  @Override
  public KeyVersionState isCurrent(IsCurrentRequest request) {
    List<byte[]> versions = versions(request.keyId());
    byte[] ct = request.ciphertext().toByteArray();
    int current;
    synchronized (versions) {
      current = versions.size();
    }
    byte[] header = header(request.keyId(), current);
    return ct.length > header.length && Arrays.equals(ct, 0, header.length, header, 0, header.length)
        ? KeyVersionState.CURRENT
        : KeyVersionState.OUTDATED;
  }

  private List<byte[]> versions(String name) {
    List<byte[]> v = keys.get(name);
    if (v == null) {
      throw new KmsException("no key '" + name + "' in this KMS");
    }
    return v;
  }

  private static byte[] header(String name, int version) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + n.length + 4).put((byte) n.length).put(n).putInt(version).array();
  }

  private static Cipher init(int mode, byte[] master, byte[] nonce, byte[] header, Map<String, String> context)
      throws GeneralSecurityException {
    Cipher c = GCM.get();
    c.init(mode, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(header);
    c.updateAAD(KmsContext.of(context).toJson());
    return c;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public String toString() {
    return "InMemoryKms[" + keys.size() + " keys, default " + defaultKey + "]";
  }
}
