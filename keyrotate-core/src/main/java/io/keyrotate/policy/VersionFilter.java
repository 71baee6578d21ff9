package io.keyrotate.policy;

import io.keyrotate.ObjectVersion;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A selection rule over object versions that says why it rejected. Build the standard ones with {@link
 * VersionFilters}; combine with {@link #and}.
 *
 * <p>Implementations must be pure (no I/O, no clock: the instant is a parameter) and must not throw for
 * any version.
 */
@FunctionalInterface
public interface VersionFilter {
  /**
   * Tests one version.
   *
   * @param version the version
   * @param now the instant ages are judged at
   * @return {@code null} when the version passes, else why it does not
   */
  Decision.@Nullable NotSelected test(ObjectVersion version, Instant now);

  /**
   * Both rules: passes when this and {@code other} pass; otherwise this rule's rejection if it rejects,
   * else {@code other}'s. {@code other} is not evaluated when this rule rejects.
   *
   * @param other the second rule
   * @return the conjunction
   */
  default VersionFilter and(VersionFilter other) {
    Objects.requireNonNull(other, "other");
    return (version, now) -> {
      Decision.NotSelected first = test(version, now);
      return first != null ? first : other.test(version, now);
    };
  }
}
