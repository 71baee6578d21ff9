@NullMarked
package io.keyrotate.store.fs;

import org.jspecify.annotations.NullMarked;
