package io.keyrotate.yaml;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.internal.Texts;
import io.keyrotate.job.Dates;
import io.keyrotate.job.Durations;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Binds a composed YAML node tree to a {@link KeyRotateJob}, strictly: unknown and duplicate keys,
 * wrong types, null scalars and template placeholders are errors, each positioned at its node. Errors
 * the job model raises are re-positioned at the node of the field they name.
 *
 * <p>Not thread-safe; one instance per parse.
 */
final class JobReader {
  static final String ROOT = "keyrotate";

  /**
   * A whole unquoted value like {@code <kms-key-id>}: a template placeholder left in. Quoted, the same
   * text is an ordinary string (so that any value can be written and read back).
   */
  static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][A-Za-z0-9 _.-]*>");

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

  /** The YAML path and node of each value, by the field name the job model uses in its errors. */
  private final Map<String, Located> located = new HashMap<>();

  private record Located(String path, Node node) {}

  /** The entries of one mapping, by key, and the node that introduced it (for "is required"). */
  private record Section(String path, Node anchor, Map<String, NodeTuple> entries) {
    @Nullable Node get(String key) {
      NodeTuple t = entries.get(key);
      return t == null ? null : t.getValueNode();
    }

    @Nullable Node keyNode(String key) {
      NodeTuple t = entries.get(key);
      return t == null ? null : t.getKeyNode();
    }
  }

  KeyRotateJob read(@Nullable Node root) {
    if (root == null || isNull(root)) {
      throw new JobDefinitionException(ROOT, "is missing: the job file is empty");
    }
    try {
      return readRoot(root);
    } catch (JobDefinitionException e) {
      throw position(e, root);
    }
  }

  private JobDefinitionException position(JobDefinitionException e, Node fallback) {
    if (e.line() > 0) {
      return e;
    }
    Located at = located.get(e.field());
    if (at == null) {
      return at(e.field(), fallback, e.problem());
    }
    return at(at.path(), at.node(), e.problem());
  }

  private KeyRotateJob readRoot(Node root) {
    if (!(root instanceof MappingNode)) {
      throw at(
          ROOT,
          root,
          "a job file is a mapping with the single key 'keyrotate', got " + kind(root));
    }
    Map<String, NodeTuple> top = new LinkedHashMap<>();
    for (NodeTuple t : ((MappingNode) root).getValue()) {
      String key = key("", t.getKeyNode(), top);
      if (key.equals("replicate") || key.equals("expire")) {
        throw at(
            key,
            t.getKeyNode(),
            "only keyrotate jobs are supported; '" + key + "' is another batch job type");
      }
      if (!key.equals(ROOT)) {
        throw unknownKey("", key, t.getKeyNode(), List.of(ROOT));
      }
      top.put(key, t);
    }
    NodeTuple body = top.get(ROOT);
    if (body == null) {
      throw at(ROOT, root, "is required: the job file must start with 'keyrotate:'");
    }
    Section job =
        section(
            ROOT,
            body.getKeyNode(),
            body.getValueNode(),
            List.of("apiVersion", "bucket", "prefix", "encryption", "flags"),
            false);

    KeyRotateJob.Builder b = KeyRotateJob.builder();
    b.apiVersion(string(required(job, "apiVersion", "expected v1"), ROOT + ".apiVersion"));
    b.bucket(string(required(job, "bucket", "expected the bucket name"), ROOT + ".bucket"));
    Node prefix = job.get("prefix");
    if (prefix != null) {
      readPrefix(b, prefix);
    }
    Node encryption = job.get("encryption");
    if (encryption != null) {
      b.encryption(readEncryption(job.keyNode("encryption"), encryption));
    }
    Node flags = job.get("flags");
    if (flags != null) {
      Section f =
          section(
              ROOT + ".flags",
              job.keyNode("flags"),
              flags,
              List.of("filter", "notify", "retry"),
              true);
      Node filter = f.get("filter");
      if (filter != null) {
        b.filter(readFilter(f.keyNode("filter"), filter));
      }
      Node notify = f.get("notify");
      if (notify != null) {
        b.notification(readNotify(f.keyNode("notify"), notify));
      }
      Node retry = f.get("retry");
      if (retry != null) {
        b.retry(readRetry(f.keyNode("retry"), retry));
      }
    }
    return b.build();
  }

  private void readPrefix(KeyRotateJob.Builder b, Node node) {
    String path = ROOT + ".prefix";
    if (node instanceof SequenceNode) {
      List<Node> items = ((SequenceNode) node).getValue();
      if (items.isEmpty()) {
        throw at(path, node, "must not be an empty list; omit prefix to process the whole bucket");
      }
      List<String> prefixes = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        prefixes.add(string(items.get(i), path + "[" + i + "]"));
      }
      b.prefixes(prefixes);
    } else if (node instanceof ScalarNode) {
      b.prefix(string(node, path));
    } else {
      throw at(path, node, "expected a string or a list of strings, got " + kind(node));
    }
  }

  private Encryption readEncryption(Node keyNode, Node node) {
    String path = ROOT + ".encryption";
    Section s = section(path, keyNode, node, List.of("key", "context", "type"), true);
    Node type = s.get("type");
    if (type != null) {
      // MinIO's own job files carry `type: sse-kms`; keyrotate always seals with SSE-KMS.
      String t = string(type, path + ".type");
      if (!t.equals("sse-kms")) {
        throw at(
            path + ".type",
            type,
            "only sse-kms is supported: keyrotate encrypts and rotates into SSE-KMS (SSE-S3 objects"
                + " are converted); remove type or set it to sse-kms");
      }
    }
    String key = null;
    Node keyValue = s.get("key");
    if (keyValue != null) {
      key = string(keyValue, path + ".key");
      if (key.isEmpty()) {
        key = null; // as in MinIO: an empty key means the KMS default key
      }
    }
    Map<String, String> context = Map.of();
    Node contextValue = s.get("context");
    if (contextValue != null) {
      String text = string(contextValue, path + ".context");
      if (!text.isEmpty()) {
        context = Encryption.decodeContext(text);
      }
    }
    return Encryption.of(key, context);
  }

  private Filter readFilter(Node keyNode, Node node) {
    String path = ROOT + ".flags.filter";
    Section s =
        section(
            path,
            keyNode,
            node,
            List.of(
                "newerThan",
                "olderThan",
                "createdAfter",
                "createdBefore",
                "tags",
                "metadata",
                "kmskey",
                "kmskeyid",
                "plaintextOnly",
                "forceEncryptLocked"),
            true);
    Filter.Builder f = Filter.builder();
    Node n;
    if ((n = s.get("newerThan")) != null) {
      f.newerThan(duration(n, path + ".newerThan"));
    }
    if ((n = s.get("olderThan")) != null) {
      f.olderThan(duration(n, path + ".olderThan"));
    }
    if ((n = s.get("createdAfter")) != null) {
      f.createdAfter(date(n, path + ".createdAfter"));
    }
    if ((n = s.get("createdBefore")) != null) {
      f.createdBefore(date(n, path + ".createdBefore"));
    }
    if ((n = s.get("tags")) != null) {
      readEntries(f, true, n, path + ".tags");
    }
    if ((n = s.get("metadata")) != null) {
      readEntries(f, false, n, path + ".metadata");
    }
    Node kmskey = s.get("kmskey");
    Node kmskeyid = s.get("kmskeyid");
    if (kmskey != null && kmskeyid != null) {
      throw at(
          path + ".kmskeyid",
          s.keyNode("kmskeyid"),
          "is another spelling of " + path + ".kmskey; give only one of them");
    }
    if (kmskey != null || kmskeyid != null) {
      String name = kmskey != null ? "kmskey" : "kmskeyid";
      Node value = kmskey != null ? kmskey : kmskeyid;
      String text = string(value, path + "." + name);
      located.put(path + ".kmskey", new Located(path + "." + name, value));
      f.kmsKey(text);
    }
    if ((n = s.get("plaintextOnly")) != null) {
      f.plaintextOnly(bool(n, path + ".plaintextOnly"));
    }
    if ((n = s.get("forceEncryptLocked")) != null) {
      f.forceEncryptLocked(bool(n, path + ".forceEncryptLocked"));
    }
    return f.build();
  }

  private void readEntries(Filter.Builder f, boolean tags, Node node, String path) {
    String what = "a list of {key, value} entries";
    if (!(node instanceof SequenceNode)) {
      throw at(path, node, "expected " + what + ", got " + kind(node));
    }
    List<Node> items = ((SequenceNode) node).getValue();
    if (items.isEmpty()) {
      throw at(path, node, "must not be an empty list; omit it to not filter on it");
    }
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      Node item = items.get(i);
      if (!(item instanceof MappingNode)) {
        throw at(p, item, "expected an entry with key and value, got " + kind(item));
      }
      Section e = section(p, item, item, List.of("key", "value"), false);
      String key = string(required(e, "key", "expected the tag or metadata key"), p + ".key");
      String value =
          string(
              required(e, "value", "expected a value pattern (use \"*\" to match any value)"),
              p + ".value");
      if (tags) {
        f.tag(key, value);
      } else {
        f.metadata(key, value);
      }
    }
  }

  private @Nullable Notify readNotify(Node keyNode, Node node) {
    String path = ROOT + ".flags.notify";
    Section s = section(path, keyNode, node, List.of("endpoint", "token"), true);
    if (s.entries().isEmpty()) {
      return null; // `notify:` with every line commented out, or `notify: {}`
    }
    String endpoint =
        string(required(s, "endpoint", "expected an http:// or https:// URL"), path + ".endpoint");
    Node token = s.get("token");
    return Notify.of(endpoint, token == null ? null : string(token, path + ".token"));
  }

  private Retry readRetry(Node keyNode, Node node) {
    String path = ROOT + ".flags.retry";
    Section s = section(path, keyNode, node, List.of("attempts", "delay"), true);
    int attempts = Retry.DEFAULT_ATTEMPTS;
    Duration delay = Retry.DEFAULT_DELAY;
    Node n;
    if ((n = s.get("attempts")) != null) {
      attempts = integer(n, path + ".attempts");
    }
    if ((n = s.get("delay")) != null) {
      delay = duration(n, path + ".delay");
    }
    return new Retry(attempts, delay);
  }

  // ---- structure ------------------------------------------------------------------------------

  /**
   * Reads a mapping's entries, rejecting duplicate and unknown keys.
   *
   * @param nullIsEmpty whether a null value (a section whose lines are all commented out) means empty
   */
  private Section section(
      String path, Node anchor, Node node, List<String> allowed, boolean nullIsEmpty) {
    if (nullIsEmpty && isNull(node)) {
      return new Section(path, anchor, Map.of());
    }
    if (!(node instanceof MappingNode)) {
      throw at(
          path,
          node,
          "expected a mapping with the keys " + String.join(", ", allowed) + ", got " + kind(node));
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      String key = key(path, t.getKeyNode(), entries);
      if (!allowed.contains(key)) {
        throw unknownKey(path, key, t.getKeyNode(), allowed);
      }
      entries.put(key, t);
    }
    return new Section(path, anchor, entries);
  }

  /** The text of a mapping key; keys are plain strings and appear once. */
  private String key(String path, Node keyNode, Map<String, NodeTuple> seen) {
    if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
      throw at(
          path.isEmpty() ? ROOT : path, keyNode, "keys must be strings, got " + kind(keyNode));
    }
    String key = ((ScalarNode) keyNode).getValue();
    NodeTuple first = seen.get(key);
    if (first != null) {
      throw at(
          join(path, Texts.clip(key)),
          keyNode,
          "is given twice (first at line " + line(first.getKeyNode()) + "); give each key once");
    }
    return key;
  }

  private static JobDefinitionException unknownKey(
      String path, String key, Node keyNode, List<String> allowed) {
    String hint = "";
    for (String a : allowed) {
      if (a.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        hint = " (did you mean " + a + "? keys are case-sensitive)";
      }
    }
    return at(
        join(path, Texts.clip(key)),
        keyNode,
        "is not a known key"
            + hint
            + "; expected one of: "
            + String.join(", ", allowed.contains("kmskeyid") ? withoutAlias(allowed) : allowed));
  }

  private static List<String> withoutAlias(List<String> allowed) {
    List<String> out = new ArrayList<>(allowed);
    out.remove("kmskeyid");
    return out;
  }

  private static Node required(Section s, String key, String expected) {
    Node n = s.get(key);
    if (n == null) {
      throw at(s.path() + "." + key, s.anchor(), "is required (" + expected + ")");
    }
    return n;
  }

  // ---- scalars --------------------------------------------------------------------------------

  /**
   * A string value. Plain scalars that YAML would read as numbers or booleans keep their text (a bucket
   * may be called {@code 2024}). Never quotes the value in an error: it may be the notify token.
   */
  private String string(Node node, String path) {
    ScalarNode s = scalar(node, path, "a string");
    Tag tag = s.getTag();
    boolean textual =
        tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL);
    if (!textual) {
      throw at(path, node, "expected a string, got a value tagged " + Texts.clip(tag.getValue()));
    }
    String text = s.getValue();
    if (s.isPlain() && PLACEHOLDER.matcher(text).matches()) {
      throw at(
          path,
          node,
          "is a template placeholder; replace it with a real value or remove the line (quote it"
              + " if you mean the text)");
    }
    located.put(path, new Located(path, node));
    return text;
  }

  private boolean bool(Node node, String path) {
    ScalarNode s = scalar(node, path, "true or false");
    if (s.getTag().equals(Tag.BOOL) && s.getValue().equals("true")) {
      return true;
    }
    if (s.getTag().equals(Tag.BOOL) && s.getValue().equals("false")) {
      return false;
    }
    throw at(path, node, "expected true or false, got " + describe(s));
  }

  private int integer(Node node, String path) {
    ScalarNode s = scalar(node, path, "a whole number");
    String text = s.getValue();
    if (!s.getTag().equals(Tag.INT) || !INTEGER.matcher(text).matches()) {
      throw at(path, node, "expected a whole number, got " + describe(s));
    }
    located.put(path, new Located(path, node));
    try {
      return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw at(path, node, "is too large: " + Texts.clip(text));
    }
  }

  private Duration duration(Node node, String path) {
    ScalarNode s = scalar(node, path, "a duration such as 7d, 5d12h30s or 500ms");
    if (s.getTag().equals(Tag.INT)) {
      throw at(
          path,
          node,
          "needs a unit: "
              + Texts.clip(s.getValue())
              + " of what? Write for example 7d, 12h, 30s or 500ms (units w, d, h, m, s, ms)");
    }
    String text = string(node, path);
    return Durations.parse(path, text);
  }

  private Instant date(Node node, String path) {
    // Unquoted and quoted dates alike: the scalar's text, never a YAML timestamp resolution.
    return Dates.parse(path, string(node, path));
  }

  private static ScalarNode scalar(Node node, String path, String expected) {
    if (!(node instanceof ScalarNode)) {
      throw at(path, node, "expected " + expected + ", got " + kind(node));
    }
    if (isNull(node)) {
      throw at(
          path, node, "has no value (expected " + expected + "); give a value or remove the key");
    }
    return (ScalarNode) node;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "no value";
    }
    if (tag.equals(Tag.BOOL)) {
      return "a boolean";
    }
    if (tag.equals(Tag.INT)) {
      return "an integer";
    }
    if (tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    return "a string";
  }

  /** A scalar for an error message of a field that is never secret. */
  private static String describe(ScalarNode s) {
    return kind(s) + " '" + Texts.clip(s.getValue()) + "'";
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(-1);
  }

  static JobDefinitionException at(String path, Node node, String problem) {
    Optional<Mark> mark = node.getStartMark();
    return YamlSource.error(path, mark, problem);
  }
}
