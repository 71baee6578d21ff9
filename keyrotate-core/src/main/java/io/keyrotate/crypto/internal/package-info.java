/**
 * DARE implementation details: per-thread ciphers, the package decoder with sio's acceptance rules, and
 * the stream adapters. Not exported; use {@link io.keyrotate.crypto.Dare}.
 */
@NullMarked
package io.keyrotate.crypto.internal;

import org.jspecify.annotations.NullMarked;
