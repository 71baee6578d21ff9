/**
 * Hostile-input campaigns, tampering and secrets-hygiene tests (issue 8, items 4–6): seeded and bounded,
 * run by {@code mvn verify}; each campaign writes its figures to {@code target/reliability/}.
 */
@NullMarked
package io.keyrotate.reliability;

import org.jspecify.annotations.NullMarked;
