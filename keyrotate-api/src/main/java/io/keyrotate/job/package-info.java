/**
 * The immutable keyrotate job model: what a job file says, validated at construction.
 */
@NullMarked
package io.keyrotate.job;

import org.jspecify.annotations.NullMarked;
