/**
 * The rotation policy: which object versions a keyrotate job selects and what it does to each, as a
 * pure function. {@link io.keyrotate.policy.RotationPolicy#decide RotationPolicy.decide} maps one
 * {@link io.keyrotate.ObjectVersion}, the {@link io.keyrotate.job.KeyRotateJob} and a {@link
 * io.keyrotate.policy.PolicyContext} (clock instant, target key, optional key-version check) to a
 * {@link io.keyrotate.policy.Decision} with a stable reason code. The filters are available one category
 * at a time as {@link io.keyrotate.policy.VersionFilter}s ({@link io.keyrotate.policy.VersionFilters})
 * and the value pattern matcher as {@link io.keyrotate.policy.Wildcard}.
 *
 * <p>Nothing in this package does I/O, logs, reads a clock or keeps state: security teams can unit-test
 * their job definitions against it and get the answer the job runner will act on.
 */
@NullMarked
package io.keyrotate.policy;

import org.jspecify.annotations.NullMarked;
