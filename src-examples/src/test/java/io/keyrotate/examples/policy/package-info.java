/** Example: unit-testing what a job will do, with the pure rotation policy and no store or KMS. */
@NullMarked
package io.keyrotate.examples.policy;

import org.jspecify.annotations.NullMarked;
