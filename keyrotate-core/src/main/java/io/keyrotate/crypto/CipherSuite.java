package io.keyrotate.crypto;

import io.keyrotate.FormatException;

/**
 * The AEAD cipher suites of the DARE format, with their wire ids (header byte 1). Both take a 32-byte key,
 * a 12-byte nonce and produce a 16-byte tag.
 *
 * <p>Immutable and thread-safe.
 */
public enum CipherSuite {
  /** AES-256 in GCM mode (wire id {@code 0x00}); MinIO's choice on CPUs with AES-NI. */
  AES_256_GCM(0x00),
  /** ChaCha20-Poly1305 as in RFC 8439 (wire id {@code 0x01}); MinIO's choice on ARM64 and others. */
  CHACHA20_POLY1305(0x01);

  private final int id;

  CipherSuite(int id) {
    this.id = id;
  }

  /**
   * The wire id stored in byte 1 of every DARE package header.
   *
   * @return {@code 0x00} or {@code 0x01}
   */
  public int id() {
    return id;
  }

  /**
   * The suite with a wire id.
   *
   * @param id header byte 1, as an unsigned value
   * @return the suite
   * @throws FormatException when no suite has that id
   */
  public static CipherSuite fromId(int id) {
    if (id == 0x00) {
      return AES_256_GCM;
    }
    if (id == 0x01) {
      return CHACHA20_POLY1305;
    }
    throw new FormatException("unsupported DARE cipher suite id 0x" + Integer.toHexString(id & 0xff));
  }
}
