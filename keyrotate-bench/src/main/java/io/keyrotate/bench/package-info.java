/** JMH benchmarks of keyrotate; never asserted. Figures and commands: keyrotate-bench/README.md. */
@NullMarked
package io.keyrotate.bench;

import org.jspecify.annotations.NullMarked;
