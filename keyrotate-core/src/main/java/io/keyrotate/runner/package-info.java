/**
 * The keyrotate job runner: {@link io.keyrotate.runner.KeyRotation} runs a {@link
 * io.keyrotate.job.KeyRotateJob} against an {@link io.keyrotate.spi.ObjectStore} and a {@link
 * io.keyrotate.spi.Kms}, and hands back a {@link io.keyrotate.runner.JobHandle} to watch, pause, resume,
 * cancel and await it.
 *
 * <p>How a job runs: one lister pages through the versions of the job's bucket and prefixes in listing
 * order and feeds a bounded queue; {@code N} workers decide each version with the rotation policy and
 * perform the decision (encrypt, convert, rewrap) with compare-and-set writes, retrying transient failures.
 * Progress is checkpointed as the contiguous finished prefix of the listing, so a resumed job never skips
 * a version that was in flight or failed. Every version the listing visits produces exactly one {@link
 * io.keyrotate.runner.ObjectOutcome}, which goes to the {@link io.keyrotate.runner.JobListener}s and the
 * optional JSON-lines file; the {@link io.keyrotate.runner.JobReport} sums them up.
 *
 * <p>Logging: slf4j at job boundaries only (start, finish and abort at INFO, retries at DEBUG, exhausted
 * retries at WARN). Keys, data keys, wrapped keys, nonces and the notify token are never logged.
 */
@NullMarked
package io.keyrotate.runner;

import org.jspecify.annotations.NullMarked;
