package io.keyrotate.kms.local;

import io.keyrotate.IntegrityException;
import io.keyrotate.SecretBytes;
import io.keyrotate.spi.KmsCiphertext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The keyring's ciphertext format, version 1:
 *
 * <pre>
 * 'K' 'R' 0x01                        magic and format version
 * u8 n, key name (n ASCII bytes)      which key ...
 * u32 key version (big-endian)        ... and which version, so isCurrent can answer
 * salt (16 random bytes)
 * nonce (12 random bytes)
 * AES-256-GCM ciphertext ‖ tag        48 bytes for a 32-byte data key
 * </pre>
 *
 * The GCM key is HMAC-SHA256(master key version, {@code "keyrotate/local-kms/v1"} ‖ salt), so no two
 * ciphertexts share a GCM key in practice and random nonces never approach GCM's limits. The associated
 * data is the header (everything before the ciphertext) followed by MinIO's canonical JSON of the KMS
 * context, so the name, version and context are all authenticated.
 */
final class NativeCiphertext {
  private static final byte[] MAGIC = {'K', 'R', 1};
  private static final byte[] LABEL = "keyrotate/local-kms/v1".getBytes(StandardCharsets.US_ASCII);
  static final int SALT = 16;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int DATA_KEY = 32;

  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> instance("AES/GCM/NoPadding"));
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> mac());

  /** The parsed header of a ciphertext. */
  static final class Header {
    final String name;
    final int version;
    final int length; // bytes up to the GCM ciphertext

    Header(String name, int version, int length) {
      this.name = name;
      this.version = version;
      this.length = length;
    }
  }

  private NativeCiphertext() {}

  /** The header, or {@code null} when the bytes are not this format. */
  static @Nullable Header header(byte[] ct) {
    if (ct.length < MAGIC.length + 1 || !Arrays.equals(ct, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    int n = ct[MAGIC.length] & 0xff;
    int headerLength = MAGIC.length + 1 + n + 4 + SALT + NONCE;
    if (n == 0 || ct.length != headerLength + DATA_KEY + TAG) {
      return null;
    }
    String name = new String(ct, MAGIC.length + 1, n, StandardCharsets.US_ASCII);
    if (!Keyring.NAME.matcher(name).matches()) {
      return null;
    }
    int version = ByteBuffer.wrap(ct, MAGIC.length + 1 + n, 4).getInt();
    return new Header(name, version, headerLength);
  }

  static KmsCiphertext seal(
      String name, Keyring.MasterKey master, SecretBytes dataKey, byte[] context, SecureRandom random) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    int headerLength = MAGIC.length + 1 + nameBytes.length + 4 + SALT + NONCE;
    byte[] out = new byte[headerLength + DATA_KEY + TAG];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC).put((byte) nameBytes.length).put(nameBytes).putInt(master.version());
    byte[] saltNonce = new byte[SALT + NONCE];
    random.nextBytes(saltNonce);
    b.put(saltNonce);
    byte[] plain = dataKey.toByteArray();
    byte[] key = deriveKey(master, out, headerLength - SALT - NONCE);
    try {
      Cipher c = GCM.get();
      c.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG * 8, out, headerLength - NONCE, NONCE));
      c.updateAAD(out, 0, headerLength);
      c.updateAAD(context);
      c.doFinal(plain, 0, plain.length, out, headerLength);
      return KmsCiphertext.copyOf(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  static SecretBytes open(Keyring.MasterKey master, byte[] ct, Header h, byte[] context) {
    byte[] key = deriveKey(master, ct, h.length - SALT - NONCE);
    byte[] plain = new byte[DATA_KEY];
    try {
      Cipher c = GCM.get();
      c.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG * 8, ct, h.length - NONCE, NONCE));
      c.updateAAD(ct, 0, h.length);
      c.updateAAD(context);
      int n = c.doFinal(ct, h.length, DATA_KEY + TAG, plain, 0);
      if (n != DATA_KEY) {
        throw new IntegrityException("KMS ciphertext has the wrong length");
      }
      return SecretBytes.wrapOwned(plain);
    } catch (AEADBadTagException e) {
      Arrays.fill(plain, (byte) 0);
      throw new IntegrityException(
          "KMS ciphertext does not authenticate under key '" + h.name + "' version " + h.version
              + " and this context", e);
    } catch (GeneralSecurityException e) {
      Arrays.fill(plain, (byte) 0);
      throw new IllegalStateException("AES-GCM failed", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] deriveKey(Keyring.MasterKey master, byte[] buf, int saltOffset) {
    byte[] mk = master.key().toByteArray();
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(mk, "HmacSHA256"));
      mac.update(LABEL);
      mac.update(buf, saltOffset, SALT);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    } finally {
      Arrays.fill(mk, (byte) 0);
    }
  }

  private static Cipher instance(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(transformation + " is required", e);
    }
  }

  private static Mac mac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required", e);
    }
  }
}
