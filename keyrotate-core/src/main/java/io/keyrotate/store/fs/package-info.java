/**
 * {@link io.keyrotate.store.fs.FileObjectStore}: keyrotate's embedded object store in a local directory,
 * with crash-safe updates, streaming listings, and the internal data and checkpoint stores of a job.
 */
@NullMarked
package io.keyrotate.store.fs;

import org.jspecify.annotations.NullMarked;
