@NullMarked
package io.keyrotate.kms.local;

import org.jspecify.annotations.NullMarked;
