@NullMarked
package io.keyrotate.runner;

import org.jspecify.annotations.NullMarked;
