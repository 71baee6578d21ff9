package io.keyrotate.sse;

import io.keyrotate.FormatException;

/**
 * The two AEAD cipher suites MinIO uses for sealed keys, DARE packages and config blobs, with their
 * wire identifiers.
 *
 * <p>MinIO picks the suite from the CPU (AES-256-GCM with AES hardware, ChaCha20-Poly1305
 * otherwise); keyrotate reads both and writes AES-256-GCM unless told otherwise. Both take a
 * 32-byte key, a 12-byte nonce and produce a 16-byte tag.
 */
public enum AeadCipher {
  /** AES-256 in Galois/Counter mode; DARE id {@code 0x00}, config-blob name {@code AES-256-GCM}. */
  AES_256_GCM(0x00, "AES-256-GCM"),
  /**
   * ChaCha20-Poly1305 (RFC 8439); DARE id {@code 0x01}, config-blob name {@code ChaCha20-Poly1305}.
   */
  CHACHA20_POLY1305(0x01, "ChaCha20-Poly1305");

  private final int dareId;
  private final String configName;

  AeadCipher(int dareId, String configName) {
    this.dareId = dareId;
    this.configName = configName;
  }

  /**
   * The cipher-suite byte of a DARE package header.
   *
   * @return {@code 0x00} or {@code 0x01}
   */
  public int dareId() {
    return dareId;
  }

  /**
   * The {@code algorithm} value of a MinIO config-blob header (sio-go algorithm name).
   *
   * @return {@code AES-256-GCM} or {@code ChaCha20-Poly1305}
   */
  public String configName() {
    return configName;
  }

  /**
   * Looks up a DARE cipher-suite byte.
   *
   * @param id the header byte
   * @return the suite
   * @throws FormatException for any other value
   */
  public static AeadCipher fromDareId(int id) {
    for (AeadCipher c : values()) {
      if (c.dareId == id) {
        return c;
      }
    }
    throw new FormatException("unsupported DARE cipher suite 0x" + Integer.toHexString(id & 0xFF));
  }

  /**
   * Looks up a config-blob algorithm name (exact, case-sensitive, as sio-go compares).
   *
   * @param name the algorithm name
   * @return the suite
   * @throws FormatException for any other name
   */
  public static AeadCipher fromConfigName(String name) {
    for (AeadCipher c : values()) {
      if (c.configName.equals(name)) {
        return c;
      }
    }
    throw new FormatException(
        "unsupported config-blob algorithm (expected AES-256-GCM or ChaCha20-Poly1305)");
  }
}
