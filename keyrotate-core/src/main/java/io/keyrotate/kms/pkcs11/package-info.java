/**
 * {@link io.keyrotate.kms.pkcs11.Pkcs11Kms}: a {@link io.keyrotate.spi.Kms} whose master keys live in a
 * PKCS#11 token (an HSM, or SoftHSM2 for tests) and never leave it; reached through the JDK's SunPKCS11
 * provider.
 */
@NullMarked
package io.keyrotate.kms.pkcs11;

import org.jspecify.annotations.NullMarked;
