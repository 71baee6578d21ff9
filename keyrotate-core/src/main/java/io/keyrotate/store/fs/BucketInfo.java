package io.keyrotate.store.fs;

import java.time.Instant;

/**
 * A bucket of a {@link FileObjectStore}.
 *
 * @param name the bucket name
 * @param versioned whether every put creates a new version (else a put replaces the object)
 * @param created when the bucket was created
 */
public record BucketInfo(String name, boolean versioned, Instant created) {}
