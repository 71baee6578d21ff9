/**
 * Crash-safe file primitives shared by the embedded store and the local KMS: a seam through which every
 * mutating file-system call goes (so tests can fail any single step), atomic whole-file replacement, and
 * a strict checksummed line format. Not API.
 */
@NullMarked
package io.keyrotate.internal.files;

import org.jspecify.annotations.NullMarked;
