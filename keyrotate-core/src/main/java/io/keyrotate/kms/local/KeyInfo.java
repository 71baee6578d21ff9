package io.keyrotate.kms.local;

import java.time.Instant;

/**
 * A key of a {@link LocalKms}, without its key material.
 *
 * @param name the key name (the KMS key id)
 * @param currentVersion the version new data keys are encrypted under (1 for a new key; each rotation adds
 *     one); older versions stay available for decryption
 * @param created when the current version was created
 * @param isDefault whether this is the KMS default key
 */
public record KeyInfo(String name, int currentVersion, Instant created, boolean isDefault) {}
