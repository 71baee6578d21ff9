@NullMarked
package io.keyrotate.internal.files;

import org.jspecify.annotations.NullMarked;
