package io.keyrotate.runner;

import java.util.Objects;

/**
 * A decision about one version in the runner's terms: the action, its stable reason code and a human
 * detail. Made by a {@link Decider} from the rotation policy's decision.
 *
 * @param action what to do
 * @param reason the reason code (enum name, or the filter's job-file name for {@code NOT_SELECTED})
 * @param detail a one-line explanation
 */
record Plan(ObjectOutcome.Action action, String reason, String detail) {
  Plan {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
