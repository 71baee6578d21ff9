package io.keyrotate.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.yaml.KeyRotateYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate}, {@code validate} and the job files in {@code src-examples/jobs/}. */
class JobFilesTest {
  /** Surefire runs in the module directory. */
  static final Path JOBS = Path.of("jobs");

  @TempDir Path tmp;

  static List<Path> jobFiles() throws IOException {
    try (Stream<Path> s = Files.list(JOBS)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void jobs_everyProductDocumentExample_isThereAndValidates() throws IOException {
    List<String> names = jobFiles().stream().map(p -> p.getFileName().toString()).toList();
    assertTrue(
        names.containsAll(List.of("encrypt-plaintext.yaml", "rotate-kmskey.yaml", "encrypt-and-rotate.yaml")),
        names.toString());
    for (Path job : jobFiles()) {
      Cmd.run("validate", job.toString()).expect(0);
      assertEquals("ok\n", Cmd.run("validate", job.toString()).out());
      KeyRotateJob parsed = KeyRotateYaml.parse(job);
      assertEquals("my-bucket", parsed.bucket(), job + " runs against the demo bucket");
      assertEquals(parsed, KeyRotateYaml.parse(KeyRotateYaml.write(parsed)));
    }
  }

  @Test
  void jobs_productDocumentExamples_meanWhatTheDocumentSays() {
    KeyRotateJob plaintext = KeyRotateYaml.parse(JOBS.resolve("encrypt-plaintext.yaml"));
    assertTrue(plaintext.filter().plaintextOnly());
    KeyRotateJob rotate = KeyRotateYaml.parse(JOBS.resolve("rotate-kmskey.yaml"));
    assertEquals("old-key-id", rotate.filter().kmsKey());
    KeyRotateJob all = KeyRotateYaml.parse(JOBS.resolve("encrypt-and-rotate.yaml"));
    assertEquals(null, all.encryption().key());
    assertTrue(!all.filter().plaintextOnly());
  }

  @Test
  void generate_printsTheTemplateAndItNeedsFillingIn() throws IOException {
    String t = Cmd.run("generate").expect(0).out();
    assertEquals(KeyRotateYaml.template(), t);
    assertTrue(t.startsWith("keyrotate:") || t.contains("\nkeyrotate:"), t);
    Path f = tmp.resolve("t.yaml");
    Files.writeString(f, t);
    // the template holds placeholders: validate names the first one
    Cmd.run("validate", f.toString()).expect(2).errContains("keyrotate.");
  }

  @Test
  void validate_badFiles_exit2WithFieldLineAndColumn() throws IOException {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(
        f, "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  flags:\n    filter:\n      newerThan: \"7x\"\n");
    Cmd.run("validate", f.toString()).expect(2).errContains("keyrotate.flags.filter.newerThan").errContains("line 6");
    Files.writeString(f, "keyrotate:\n  apiVersion: v1\n  bukket: my-bucket\n");
    Cmd.run("validate", f.toString()).expect(2).errContains("bukket");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    Cmd.run("validate", f.toString()).expect(2).errContains("not UTF-8");
    Cmd.run("validate", tmp.resolve("missing.yaml").toString()).expect(2).errContains("no such job file");
    Cmd.run("validate", tmp.toString()).expect(2).errContains("no such job file");
    Cmd.run("validate").expect(2).errContains("JOB.yaml");
  }
}
