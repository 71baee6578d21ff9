/** Tests of the DARE format: golden vectors, mutations, properties and differential checks. */
@NullMarked
package io.keyrotate.crypto;

import org.jspecify.annotations.NullMarked;
