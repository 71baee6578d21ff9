package io.keyrotate.crypto;

/**
 * The DARE format versions, with their wire ids (header byte 0).
 *
 * <p>keyrotate writes only {@link #V2_0}. {@link #V1_0} is read for compatibility with very old objects; it
 * cannot detect a stream cut at a package boundary, so accept it only when you must.
 */
public enum DareVersion {
  /** DARE 1.0 ({@code 0x10}): explicit sequence numbers, no final-package flag. Decryption only. */
  V1_0(0x10),
  /** DARE 2.0 ({@code 0x20}): what MinIO writes; detects truncation, extension and reordering. */
  V2_0(0x20);

  private final int id;

  DareVersion(int id) {
    this.id = id;
  }

  /**
   * The wire id stored in byte 0 of every package header.
   *
   * @return {@code 0x10} or {@code 0x20}
   */
  public int id() {
    return id;
  }
}
