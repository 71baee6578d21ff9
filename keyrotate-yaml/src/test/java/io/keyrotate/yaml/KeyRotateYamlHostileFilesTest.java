package io.keyrotate.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.job.KeyRotateJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, bounded campaign over job <em>files</em> (issue 8, item 4): byte-level mutations of valid
 * jobs (invalid UTF-8, BOMs, NULs, huge length-like digit runs), random bytes, deep nesting, alias
 * bombs and huge scalars, read through {@link KeyRotateYaml#parse(Path)}. Only {@link
 * JobDefinitionException} may escape, each input finishes within a generous bound, and an accepted job
 * round-trips. The figures go to {@code target/reliability/yaml.txt}.
 */
class KeyRotateYamlHostileFilesTest {
  private static final byte[][] PREFIXES = {
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE}, {0}, {}
  };

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    for (int n = 1 + r.nextInt(4); n > 0 && b.length > 0; n--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) (0x80 + r.nextInt(0x80)); // a stray UTF-8 continuation or lead byte
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> b[at] = (byte) "\0\t\r\n:-[]{}&*!|>'\"%#".charAt(r.nextInt(19));
        case 4 -> {
          byte[] digits = utf8("9".repeat(1 + r.nextInt(40)));
          byte[] out = Arrays.copyOf(b, b.length + digits.length);
          System.arraycopy(digits, 0, out, at, digits.length);
          System.arraycopy(b, at, out, at + digits.length, b.length - at);
          b = out;
        }
        default -> {
          byte[] p = PREFIXES[r.nextInt(PREFIXES.length)];
          byte[] out = Arrays.copyOf(p, p.length + b.length);
          System.arraycopy(b, 0, out, p.length, b.length);
          b = out;
        }
      }
    }
    return b;
  }

  private static List<byte[]> hostile() {
    String head = "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n";
    StringBuilder laughs = new StringBuilder(head).append("  l0: &l0 [\"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
      laughs.append("  l").append(i).append(": &l").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
    }
    laughs.append("  prefix: *l9\n");
    return List.of(
        utf8(laughs.toString()),
        utf8("keyrotate: " + "[".repeat(200_000)),
        utf8("keyrotate: " + "{a: ".repeat(100_000)),
        utf8(head + "  prefix: " + "a".repeat(KeyRotateYaml.MAX_CHARS + 1) + "\n"),
        utf8(head + "  prefix: " + "a".repeat(KeyRotateYaml.MAX_CHARS - head.length() - 20) + "\n"),
        utf8(head + "  prefix:\n" + "    - p\n".repeat(100_000)),
        utf8(head + "  retry:\n    attempts: " + "9".repeat(5_000) + "\n"),
        utf8(head + "  retry:\n    delay: " + "9".repeat(5_000) + "ms\n"),
        utf8(head + "  filter:\n    createdAfter: " + "9".repeat(5_000) + "-01-01\n"));
  }

  @Test
  void parsePath_mutatedAndHostileFiles_throwOnlyJobDefinitionException(TestReporter reporter)
      throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (String name : List.of("encrypt-plaintext.yaml", "rotate-kmskey.yaml", "encrypt-and-rotate.yaml",
        "sample-filled.yaml", "sample-template.yaml")) {
      seeds.add(utf8(KeyRotateYamlTest.resource(name)));
    }
    seeds.add(utf8(KeyRotateYaml.template()));
    SplittableRandom r = new SplittableRandom(0x8_0410L);
    List<byte[]> inputs = new ArrayList<>(hostile());
    for (int i = 0; i < 1500; i++) {
      if (i % 20 == 0) {
        byte[] junk = new byte[r.nextInt(300)];
        r.nextBytes(junk);
        inputs.add(junk);
      } else {
        inputs.add(mutate(seeds.get(r.nextInt(seeds.size())), r));
      }
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    Path file = dir.resolve("job.yaml");
    for (byte[] input : inputs) {
      Files.write(file, input);
      String outcome =
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
              KeyRotateJob job = KeyRotateYaml.parse(file);
              assertEquals(job, KeyRotateYaml.parse(KeyRotateYaml.write(job)), "round trip");
              return "returned a job";
            } catch (JobDefinitionException e) {
              return "JobDefinitionException";
            } catch (RuntimeException | Error e) { // anything else is a finding, reported with the input
              if (findings.size() < 20) {
                int n = Math.min(input.length, 96);
                findings.add(e + " on " + input.length + " bytes " + HexFormat.of().formatHex(input, 0, n));
              }
              return "FINDING";
            }
          });
      outcomes.merge(outcome, 1, Integer::sum);
    }
    String report =
        "campaign: yaml\nseed: 0x80410\ninputs tried: " + inputs.size() + "\n"
            + outcomes.entrySet().stream().map(e -> "outcome " + e.getKey() + ": " + e.getValue() + "\n")
                .reduce("", String::concat)
            + findings.stream().map(f -> "finding: " + f + "\n").reduce("", String::concat);
    reporter.publishEntry("campaign yaml", inputs.size() + " inputs, outcomes " + outcomes);
    Path out = Path.of("target", "reliability");
    Files.createDirectories(out);
    Files.writeString(out.resolve("yaml.txt"), report);
    if (!findings.isEmpty()) {
      fail(report);
    }
  }
}
