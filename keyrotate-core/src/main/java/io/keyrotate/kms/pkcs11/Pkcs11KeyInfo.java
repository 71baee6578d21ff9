package io.keyrotate.kms.pkcs11;

import java.util.List;

/**
 * A master key on the token, as {@link Pkcs11Kms#keys()} lists it.
 *
 * @param name the key name (its version-1 {@code CKA_LABEL})
 * @param currentVersion the highest version, which new data keys use
 * @param versions every version on the token, ascending
 * @param isDefault whether it is the configured default key
 */
public record Pkcs11KeyInfo(String name, int currentVersion, List<Integer> versions, boolean isDefault) {
  /** Copies the versions. */
  public Pkcs11KeyInfo {
    versions = List.copyOf(versions);
  }
}
