package io.keyrotate.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.job.KeyRotateJob;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Random, mutated and hostile text: {@link KeyRotateYaml#parse} either returns a job (which then
 * round-trips) or throws {@link JobDefinitionException}; nothing else escapes.
 */
class KeyRotateYamlFuzzProperties {
  private static final String SECRET = "s3cr3t-t0k3n";

  private static final List<String> SEEDS =
      List.of(
          KeyRotateYamlTest.resource("encrypt-plaintext.yaml"),
          KeyRotateYamlTest.resource("rotate-kmskey.yaml"),
          KeyRotateYamlTest.resource("encrypt-and-rotate.yaml"),
          KeyRotateYamlTest.resource("sample-filled.yaml").replace("xxxxx", SECRET),
          KeyRotateYamlTest.resource("sample-template.yaml"),
          KeyRotateYaml.template());

  /** Parses and checks the only allowed outcomes; returns the failure, if any. */
  private static @Nullable JobDefinitionException parseOnlyFailsCleanly(String text) {
    KeyRotateJob job;
    try {
      job = KeyRotateYaml.parse(text);
    } catch (JobDefinitionException e) {
      assertFalse(e.field().isEmpty(), e::getMessage);
      assertFalse(e.problem().isEmpty(), e::getMessage);
      return e;
    }
    assertEquals(job, KeyRotateYaml.parse(KeyRotateYaml.write(job)));
    return null;
  }

  @Property(tries = 2000)
  void parse_anyText_throwsOnlyJobDefinitionException(@ForAll("anyText") String text) {
    parseOnlyFailsCleanly(text);
  }

  @Property(tries = 1000)
  void parse_lineMutationsOfTheSample_neverEchoTheToken(@ForAll("lineMutations") String text) {
    JobDefinitionException e = parseOnlyFailsCleanly(text);
    if (e != null) {
      assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
  }

  @Property(tries = 20)
  void parse_hostileStructures_failCleanlyAndQuickly(@ForAll("hostile") String text) {
    // A generous bound: these inputs are at most 1 MiB, and an unbounded expansion or a stack
    // overflow would not finish (or would throw an Error) long before.
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          parseOnlyFailsCleanly(text);
          try {
            KeyRotateYaml.parse(new StringReader(text));
          } catch (JobDefinitionException expected) {
            // the reader path must fail the same way
          }
        });
  }

  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    Arbitrary<String> yamlChars =
        Arbitraries.strings().withChars(" \t\n-:?,[]{}#&*!|>'\"%@`~<>=.0123456789abkeyrotate\\").ofMaxLength(80);
    Arbitrary<String> garbage =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(200)
            .flatMap(
                b ->
                    Arbitraries.of(
                        new String(b, StandardCharsets.UTF_8), new String(b, StandardCharsets.ISO_8859_1)));
    Arbitrary<String> charEdits =
        Combinators.combine(seed, Arbitraries.integers().between(1, 8).list().ofSize(3), Arbitraries.chars().list().ofSize(3))
            .as(KeyRotateYamlFuzzProperties::editChars);
    Arbitrary<String> truncated =
        seed.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(i -> s.substring(0, i)));
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        yamlChars,
        garbage,
        charEdits,
        truncated,
        lineMutations());
  }

  /** Replaces, inserts or deletes characters at pseudo-random places. */
  private static String editChars(String s, List<Integer> steps, List<Character> chars) {
    StringBuilder b = new StringBuilder(s);
    int pos = 0;
    for (int i = 0; i < steps.size(); i++) {
      pos = (pos + steps.get(i) * 37) % Math.max(1, b.length());
      char c = chars.get(i);
      switch (steps.get(i) % 3) {
        case 0:
          if (b.length() > 0) {
            b.setCharAt(pos, c);
          }
          break;
        case 1:
          b.insert(pos, c);
          break;
        default:
          if (b.length() > 0) {
            b.deleteCharAt(pos);
          }
      }
    }
    return b.toString();
  }

  @Provide
  Arbitrary<String> lineMutations() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS.get(3), SEEDS.get(0), SEEDS.get(5));
    return Combinators.combine(
            seed,
            Arbitraries.integers().between(0, 2).list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.integers().between(0, 40).list().ofSize(8))
        .as(KeyRotateYamlFuzzProperties::mutateLines);
  }

  /** Deletes, duplicates or swaps whole lines, keeping each line's text. */
  private static String mutateLines(String s, List<Integer> ops, List<Integer> where) {
    List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
    for (int i = 0; i < ops.size(); i++) {
      int a = where.get(2 * i) % lines.size();
      int b = where.get(2 * i + 1) % lines.size();
      switch (ops.get(i)) {
        case 0:
          if (lines.size() > 1) {
            lines.remove(a);
          }
          break;
        case 1:
          lines.add(b, lines.get(a));
          break;
        default:
          Collections.swap(lines, a, b);
      }
    }
    return String.join("\n", lines);
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.of(
        billionLaughs(9, 9),
        billionLaughs(5, 9),
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  prefix: " + nestedLists(5, 9),
        "keyrotate: " + "[".repeat(100_000),
        "keyrotate: " + "[".repeat(100_000) + "]".repeat(100_000),
        "keyrotate: " + "{a: ".repeat(50_000),
        deepBlockMapping(2_000),
        "keyrotate:\n  apiVersion: v1\n  bucket: " + "a".repeat(10_000_000) + "\n",
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  prefix: \"" + "\\u0041".repeat(150_000) + "\"\n",
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  prefix:\n" + "    - p\n".repeat(100_000),
        "keyrotate: &a\n  apiVersion: v1\n  bucket: my-bucket\n  flags: *a\n",
        "&a [*a, *a]",
        "keyrotate: !!python/object:os.system rm\n",
        "keyrotate: ${HOME}\n",
        "%YAML 1.1\n---\nkeyrotate: {}\n",
        "%YAML 9.9\n---\nkeyrotate: {}\n",
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n" + "  k: v\n".repeat(60_000));
  }

  private static String billionLaughs(int levels, int width) {
    StringBuilder b = new StringBuilder("keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n");
    b.append("  l0: &l0 [\"lol\"]\n");
    for (int i = 1; i <= levels; i++) {
      b.append("  l").append(i).append(": &l").append(i).append(" [");
      for (int j = 0; j < width; j++) {
        b.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
      }
      b.append("]\n");
    }
    b.append("  prefix: *l").append(levels).append('\n');
    return b.toString();
  }

  private static String nestedLists(int levels, int width) {
    String s = "a";
    for (int i = 0; i < levels; i++) {
      s = "[" + String.join(", ", Collections.nCopies(width, s)) + "]";
      if (s.length() > 200_000) {
        break;
      }
    }
    return s;
  }

  private static String deepBlockMapping(int depth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append(" ".repeat(i)).append("k:\n");
    }
    return b.toString();
  }
}
