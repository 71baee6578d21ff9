package io.keyrotate.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the path.Join/Clean port, checked against an independent stack-based model of Go's
 * documented rules (split on '/', drop empty and '.', resolve '..' against the previous element or
 * keep it at the start of a relative path, drop it at the root).
 */
class GoPathProperties {

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars('a', 'b', '.', '/', 'é', '\\').ofMaxLength(14);
  }

  @Property(tries = 800)
  void clean_anyPath_equalsTheStackModel(@ForAll("paths") String p) {
    assertEquals(model(p), GoPath.clean(p));
  }

  @Property(tries = 400)
  void clean_anyPath_isIdempotentAndCanonical(@ForAll("paths") String p) {
    String c = GoPath.clean(p);
    assertEquals(c, GoPath.clean(c));
    assertFalse(c.isEmpty());
    assertFalse(c.contains("//"), c);
    assertFalse(c.length() > 1 && c.endsWith("/"), c);
    for (String e : c.split("/", -1)) {
      assertFalse(e.equals(".") && !c.equals("."), c);
    }
  }

  @Property(tries = 800)
  void join_twoElements_equalsCleanOfTheNonEmptyElementsJoined(
      @ForAll("paths") String bucket, @ForAll("paths") String object) {
    String expected;
    if (bucket.isEmpty() && object.isEmpty()) {
      expected = "";
    } else if (bucket.isEmpty()) {
      expected = model(object);
    } else if (object.isEmpty()) {
      expected = model(bucket);
    } else {
      expected = model(bucket + "/" + object);
    }
    assertEquals(expected, GoPath.join(bucket, object));
  }

  @Property(tries = 800)
  void isCleanRelative_bothTrue_meansJoinIsPlainConcatenation(
      @ForAll("paths") String bucket, @ForAll("paths") String object) {
    if (GoPath.isCleanRelative(bucket) && GoPath.isCleanRelative(object)) {
      assertEquals(bucket + "/" + object, GoPath.join(bucket, object));
    }
    if (GoPath.isCleanRelative(bucket)) {
      assertEquals(bucket, GoPath.clean(bucket));
      assertTrue(!bucket.startsWith("/") && !bucket.isEmpty());
    }
  }

  /** Go's path.Clean rules, implemented independently of the port. */
  static String model(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    Deque<String> stack = new ArrayDeque<>();
    for (String e : p.split("/", -1)) {
      if (e.isEmpty() || e.equals(".")) {
        continue;
      }
      if (e.equals("..")) {
        if (!stack.isEmpty() && !stack.peekLast().equals("..")) {
          stack.removeLast();
        } else if (!rooted) {
          stack.addLast("..");
        }
      } else {
        stack.addLast(e);
      }
    }
    String body = String.join("/", stack);
    if (rooted) {
      return "/" + body;
    }
    return body.isEmpty() ? "." : body;
  }
}
