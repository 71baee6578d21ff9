package io.keyrotate.reliability;

import io.keyrotate.SecretBytes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks an object graph (our classes' fields, collections, maps, arrays) and collects what a close()
 * must have wiped: every {@link SecretBytes} (must be closed) and every {@code byte[]} field whose name
 * says it holds a key (must be all zeros). Reflection works because tests run on the class path.
 */
final class Wiped {
  private final List<String> unwiped = new ArrayList<>();
  private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
  private int secrets;

  private Wiped() {}

  /** The paths of key material still present after close (empty when everything was wiped). */
  static Wiped check(Object root) {
    Wiped w = new Wiped();
    w.visit(root, root.getClass().getSimpleName());
    return w;
  }

  List<String> unwiped() {
    return unwiped;
  }

  int secretsFound() {
    return secrets;
  }

  private void visit(Object o, String path) {
    if (seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof SecretBytes s) {
      secrets++;
      if (!s.isClosed()) {
        unwiped.add(path);
      }
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        if (e != null) {
          visit(e, path + "[" + i++ + "]");
        }
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (v != null) {
          visit(v, path + "[" + k + "]");
        }
      });
      return;
    }
    if (o instanceof Object[] a) {
      for (int i = 0; i < a.length; i++) {
        if (a[i] != null) {
          visit(a[i], path + "[" + i + "]");
        }
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.keyrotate")) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        Object v;
        try {
          f.setAccessible(true);
          v = f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
          continue;
        }
        if (v == null) {
          continue;
        }
        String p = path + "." + f.getName();
        if (v instanceof byte[] b) {
          if (f.getName().toLowerCase(java.util.Locale.ROOT).contains("key")) {
            secrets++;
            for (byte x : b) {
              if (x != 0) {
                unwiped.add(p);
                break;
              }
            }
          }
        } else {
          visit(v, p);
        }
      }
    }
  }
}
