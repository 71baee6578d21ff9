/** The command line against a PKCS#11 token (SoftHSM2), reusing keyrotate-core's token test helper. */
@NullMarked
package io.keyrotate.kms.pkcs11;

import org.jspecify.annotations.NullMarked;
