package io.keyrotate.yaml;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A {@link Parser} decorator that bounds what the composer may build from untrusted text, and tracks
 * where in the job the parser is so that syntax errors can name a field.
 *
 * <p>Limits: nesting depth (the composer recurses once per level, so an unbounded depth is a stack
 * overflow) and the number of aliases of any kind (a job file needs none; snakeyaml's own limit counts
 * only aliases of collections). Not thread-safe; one instance per parse.
 */
final class GuardedParser implements Parser {
  /** Deeper than any job file (the deepest field is at level 6) by a wide margin. */
  static final int MAX_DEPTH = 32;

  /** Aliases of any kind a document may use. */
  static final int MAX_ALIASES = 50;

  private static final int MAX_PATH_KEY_CHARS = 40;
  private static final int MAX_PATH_PARTS = 10;

  /** One open collection: a mapping (with the key being read) or a sequence (with the index). */
  private static final class Frame {
    final boolean mapping;
    boolean atKey = true;
    String key = "?";
    int index = -1;

    Frame(boolean mapping) {
      this.mapping = mapping;
    }
  }

  private final Parser delegate;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private int aliases;
  private Optional<Mark> lastMark = Optional.empty();

  GuardedParser(Parser delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return delegate.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public Event next() {
    Event e = delegate.next();
    if (e.getStartMark().isPresent()) {
      lastMark = e.getStartMark();
    }
    switch (e.getEventId()) {
      case Scalar:
        node(((ScalarEvent) e).getValue(), false);
        break;
      case Alias:
        if (++aliases > MAX_ALIASES) {
          throw limit("uses more than " + MAX_ALIASES + " aliases (*name); a job file needs none");
        }
        node(null, false);
        break;
      case MappingStart:
      case SequenceStart:
        node(null, true);
        if (stack.size() >= MAX_DEPTH) {
          throw limit(
              "is nested more than " + MAX_DEPTH + " levels deep; a job file needs at most 6");
        }
        stack.push(new Frame(e.getEventId() == Event.ID.MappingStart));
        break;
      case MappingEnd:
      case SequenceEnd:
        if (!stack.isEmpty()) {
          stack.pop();
          Frame parent = stack.peek();
          if (parent != null && parent.mapping) {
            parent.atKey = !parent.atKey;
          }
        }
        break;
      default:
        break;
    }
    return e;
  }

  /** Records a node event in the open collection; collections flip a mapping's state on their end. */
  private void node(@Nullable String scalar, boolean collectionStart) {
    Frame top = stack.peek();
    if (top == null) {
      return;
    }
    if (!top.mapping) {
      top.index++;
      return;
    }
    if (top.atKey) {
      top.key = scalar == null ? "?" : clipKey(scalar);
      if (!collectionStart) {
        top.atKey = false;
      }
    } else if (!collectionStart) {
      top.atKey = true;
    }
  }

  private static String clipKey(String key) {
    return key.length() <= MAX_PATH_KEY_CHARS
        ? Texts.clip(key)
        : Texts.clip(key.substring(0, MAX_PATH_KEY_CHARS)) + "…";
  }

  /**
   * The field path the parser is in, e.g. {@code keyrotate.flags.filter}; {@code keyrotate} at the top.
   */
  String path() {
    StringBuilder b = new StringBuilder();
    Iterator<Frame> it = stack.descendingIterator();
    int parts = 0;
    while (it.hasNext()) {
      Frame f = it.next();
      if (++parts > MAX_PATH_PARTS) {
        b.append('…'); // only a hostile document is this deep; keep the message short
        break;
      }
      boolean inValue = f.mapping ? !f.atKey : f.index >= 0;
      if (!inValue) {
        break;
      }
      if (f.mapping) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(f.key);
      } else {
        b.append('[').append(f.index).append(']');
      }
    }
    return b.length() == 0 ? "keyrotate" : b.toString();
  }

  /** The start of the last event read, if any. */
  Optional<Mark> lastMark() {
    return lastMark;
  }

  private JobDefinitionException limit(String problem) {
    return YamlSource.error(path(), lastMark, problem);
  }
}
