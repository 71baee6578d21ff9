package io.keyrotate.kms.pkcs11;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The ciphertext format of {@link Pkcs11Kms}, version 1:
 *
 * <pre>
 * 'K' 'P' 0x01                        magic and format version
 * u8 algorithm                        0x01 = AES-256-GCM in the token (the only one so far)
 * u16 n, key name (n UTF-8 bytes)     which key (big-endian length, 1..1024) ...
 * u32 key version (big-endian)        ... and which version (1..2^31-1), so isCurrent can answer
 * nonce (12 random bytes)
 * AES-GCM ciphertext ‖ tag            48 bytes for a 32-byte data key
 * </pre>
 *
 * The associated data of the GCM operation is the header (everything before the ciphertext) followed by
 * MinIO's canonical JSON of the KMS context, so the key name, version, algorithm and context are all
 * authenticated by the token.
 */
final class Pkcs11Ciphertext {
  static final byte[] MAGIC = {'K', 'P', 1};
  static final byte AES_GCM = 1;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int DATA_KEY = 32;
  static final int MAX_NAME_BYTES = 1024;

  /** A parsed header: which key version made the ciphertext, and where the sealed part starts. */
  record Header(String name, int version, int length) {}

  private Pkcs11Ciphertext() {}

  /** The header of a well-formed ciphertext, or {@code null} when the bytes are not this format. */
  static @Nullable Header header(byte[] ct) {
    int fixed = MAGIC.length + 1 + 2;
    if (ct.length < fixed
        || ct[0] != MAGIC[0]
        || ct[1] != MAGIC[1]
        || ct[2] != MAGIC[2]
        || ct[3] != AES_GCM) {
      return null;
    }
    int n = ((ct[4] & 0xff) << 8) | (ct[5] & 0xff);
    int length = fixed + n + 4 + NONCE;
    if (n == 0 || n > MAX_NAME_BYTES || ct.length != length + DATA_KEY + TAG) {
      return null;
    }
    String name = new String(ct, fixed, n, StandardCharsets.UTF_8);
    if (!KeyLabels.isName(name)
        || !java.util.Arrays.equals(
            name.getBytes(StandardCharsets.UTF_8), 0, n, ct, fixed, fixed + n)) {
      return null; // not valid UTF-8 (a second encoding of the same name would be a malleability)
    }
    int version = ByteBuffer.wrap(ct, fixed + n, 4).getInt();
    if (version < 1) {
      return null;
    }
    return new Header(name, version, length);
  }

  /**
   * A ciphertext buffer with the header and nonce filled in; the caller seals the data key into the rest.
   */
  static byte[] start(String name, int version, byte[] nonce) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length == 0 || nameBytes.length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("key name must have 1.." + MAX_NAME_BYTES + " UTF-8 bytes");
    }
    byte[] out = new byte[headerLength(nameBytes.length) + DATA_KEY + TAG];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC).put(AES_GCM).putShort((short) nameBytes.length).put(nameBytes).putInt(version);
    b.put(nonce);
    return out;
  }

  static int headerLength(int nameBytes) {
    return MAGIC.length + 1 + 2 + nameBytes + 4 + NONCE;
  }
}
