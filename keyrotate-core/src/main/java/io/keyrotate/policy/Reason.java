package io.keyrotate.policy;

/**
 * The stable code of a {@link Decision}: why the policy chose its action. Each action has its own enum,
 * so a code cannot be attached to the wrong action; this interface lets reports group decisions by code
 * without caring which enum it comes from.
 *
 * <p>The {@link #name()} of every constant is part of the public contract (reports, dashboards and
 * alerts key on it): constants may be added, never renamed or removed.
 */
public sealed interface Reason permits ChangeReason, SkipReason, FilterCategory, FailReason {
  /**
   * The stable code, e.g. {@code LOCKED_PLAINTEXT}.
   *
   * @return the enum constant's name
   */
  String name();

  /**
   * The action every decision with this code takes.
   *
   * @return the action
   */
  Decision.Action action();
}
