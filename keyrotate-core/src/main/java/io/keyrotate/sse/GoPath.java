package io.keyrotate.sse;

/**
 * An exact port of Go's {@code path.Clean} and {@code path.Join}, which MinIO applies to {@code
 * (bucket, object)} before binding a sealed key or a KMS context to an object.
 *
 * <p>The rules are purely lexical on {@code '/'}-separated elements: repeated slashes collapse,
 * {@code .} elements vanish, {@code ..} removes the previous element (and survives at the start of
 * a relative path), a trailing slash is dropped, and an empty result is {@code "."}. Consequences
 * that a compatible implementation must keep: {@code join("bucket", "../x")} is {@code "x"} (an
 * object name can leave its bucket), and {@code join("bucket", "")} is {@code "bucket"}. Only the
 * ASCII characters {@code '/'} and {@code '.'} are special, so working on UTF-16 code units gives
 * the same result as Go's byte-wise loop.
 *
 * <p>Thread-safe (stateless).
 */
public final class GoPath {
  private GoPath() {}

  /**
   * Go's {@code path.Join(elements...)}: joins the non-empty elements with {@code '/'} and cleans
   * the result; all elements empty gives {@code ""}.
   *
   * @param elements path elements
   * @return the joined, cleaned path
   */
  public static String join(String... elements) {
    StringBuilder sb = new StringBuilder();
    for (String e : elements) {
      if (sb.length() > 0 || !e.isEmpty()) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(e);
      }
    }
    return sb.length() == 0 ? "" : clean(sb.toString());
  }

  /**
   * Go's {@code path.Clean}: the shortest lexically equivalent path.
   *
   * @param path any string
   * @return the cleaned path; {@code "."} for an empty result
   */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int n = path.length();
    boolean rooted = path.charAt(0) == '/';
    char[] out = new char[n];
    int w = 0; // write position in out
    int r = 0; // read position in path
    int dotdot = 0; // out[0..dotdot) cannot be backtracked over
    if (rooted) {
      out[w++] = '/';
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      char c = path.charAt(r);
      if (c == '/') {
        r++; // empty element
      } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++; // "." element
      } else if (c == '.'
          && path.charAt(r + 1) == '.'
          && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2; // ".." element
        if (w > dotdot) {
          w--; // drop the last element of out
          while (w > dotdot && out[w] != '/') {
            w--;
          }
        } else if (!rooted) {
          out = ensure(out, w + 3);
          if (w > 0) {
            out[w++] = '/';
          }
          out[w++] = '.';
          out[w++] = '.';
          dotdot = w;
        }
      } else {
        if ((rooted && w != 1) || (!rooted && w != 0)) {
          out = ensure(out, w + 1);
          out[w++] = '/';
        }
        while (r < n && path.charAt(r) != '/') {
          out = ensure(out, w + 1);
          out[w++] = path.charAt(r++);
        }
      }
    }
    return w == 0 ? "." : new String(out, 0, w);
  }

  /**
   * Whether {@code s} is a non-empty relative path that {@link #clean(String)} leaves unchanged and
   * that contains no {@code ..} element; for two such strings {@code join(a, b)} is simply {@code a
   * + "/" + b}. Conservative: {@code false} only means "take the general path".
   */
  static boolean isCleanRelative(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(0) == '/' || s.charAt(n - 1) == '/') {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || s.charAt(i) == '/') {
        int len = i - start;
        if (len == 0
            || (len == 1 && s.charAt(start) == '.')
            || (len == 2 && s.charAt(start) == '.' && s.charAt(start + 1) == '.')) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  private static char[] ensure(char[] a, int size) {
    return size <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(size, a.length * 2));
  }
}
