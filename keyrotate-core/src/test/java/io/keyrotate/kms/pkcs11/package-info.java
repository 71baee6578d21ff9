@NullMarked
package io.keyrotate.kms.pkcs11;

import org.jspecify.annotations.NullMarked;
