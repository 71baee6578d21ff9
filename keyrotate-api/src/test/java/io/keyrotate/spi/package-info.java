@NullMarked
package io.keyrotate.spi;

import org.jspecify.annotations.NullMarked;
