package io.keyrotate.runner;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named counters of a job, in the form a {@link io.keyrotate.spi.JobCheckpoint} stores them. Names:
 *
 * <ul>
 *   <li>{@code versions}: versions visited; {@code selected}: of those, the ones not {@code
 *       NOT_SELECTED};
 *   <li>{@code action.<ACTION>}: versions by final action; {@code reason.<ACTION>.<REASON>}: by action and
 *       reason code;
 *   <li>{@code bytes}: stored bytes of changed versions; {@code bytesFailed}: of failed ones;
 *   <li>{@code attempts}: attempts made to change versions; {@code kmsCalls}: KMS calls made;
 *   <li>{@code internal.rotated}, {@code internal.skipped}, {@code internal.failed}: internal-data blobs.
 * </ul>
 *
 * <p>Not thread-safe; callers guard it.
 */
final class Counters {
  static final String VERSIONS = "versions";
  static final String SELECTED = "selected";
  static final String BYTES = "bytes";
  static final String BYTES_FAILED = "bytesFailed";
  static final String ATTEMPTS = "attempts";
  static final String KMS_CALLS = "kmsCalls";
  static final String INTERNAL_ROTATED = "internal.rotated";
  static final String INTERNAL_SKIPPED = "internal.skipped";
  static final String INTERNAL_FAILED = "internal.failed";

  private final TreeMap<String, Long> values = new TreeMap<>();

  Counters() {}

  Counters(Map<String, Long> initial) {
    addAll(initial);
  }

  static String actionKey(ObjectOutcome.Action a) {
    return "action." + a.name();
  }

  static String reasonKey(ObjectOutcome.Action a, String reason) {
    return "reason." + a.name() + "." + reason;
  }

  void add(ObjectOutcome o) {
    add(VERSIONS, 1);
    add(actionKey(o.action()), 1);
    add(reasonKey(o.action(), o.reason()), 1);
    if (o.action() != ObjectOutcome.Action.NOT_SELECTED) {
      add(SELECTED, 1);
    }
    if (o.action().changesObject()) {
      add(BYTES, o.size());
    } else if (o.action() == ObjectOutcome.Action.FAIL) {
      add(BYTES_FAILED, o.size());
    }
    add(ATTEMPTS, o.attempts());
  }

  void add(String name, long delta) {
    if (delta != 0) {
      values.merge(name, delta, Long::sum);
    }
  }

  void set(String name, long value) {
    values.put(name, value);
  }

  void addAll(Map<String, Long> other) {
    for (Map.Entry<String, Long> e : other.entrySet()) {
      add(e.getKey(), e.getValue());
    }
  }

  long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  long action(ObjectOutcome.Action a) {
    return get(actionKey(a));
  }

  /** Versions changed (or in a dry run, that would be). */
  long changed() {
    return action(ObjectOutcome.Action.ENCRYPT)
        + action(ObjectOutcome.Action.CONVERT)
        + action(ObjectOutcome.Action.REWRAP);
  }

  Map<ObjectOutcome.Action, Long> byAction() {
    EnumMap<ObjectOutcome.Action, Long> m = new EnumMap<>(ObjectOutcome.Action.class);
    for (ObjectOutcome.Action a : ObjectOutcome.Action.values()) {
      m.put(a, action(a));
    }
    return Collections.unmodifiableMap(m);
  }

  /** Counts keyed {@code ACTION/REASON}, in name order. */
  Map<String, Long> byReason() {
    TreeMap<String, Long> m = new TreeMap<>();
    for (Map.Entry<String, Long> e : values.tailMap("reason.", true).entrySet()) {
      if (!e.getKey().startsWith("reason.")) {
        break;
      }
      String rest = e.getKey().substring("reason.".length());
      int dot = rest.indexOf('.');
      m.put(rest.substring(0, dot) + "/" + rest.substring(dot + 1), e.getValue());
    }
    return Collections.unmodifiableMap(m);
  }

  Map<String, Long> toMap() {
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  Counters copy() {
    return new Counters(values);
  }
}
