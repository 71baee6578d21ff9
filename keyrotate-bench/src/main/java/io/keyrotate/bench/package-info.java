/** JMH benchmarks of keyrotate's hot paths; results and how to reproduce them are in README.md. */
@NullMarked
package io.keyrotate.bench;

import org.jspecify.annotations.NullMarked;
