package io.keyrotate.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import io.keyrotate.job.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product document's examples, the reading rules, and the input variants. */
class KeyRotateYamlTest {

  static String resource(String name) {
    try (InputStream in = KeyRotateYamlTest.class.getResourceAsStream("/jobs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String job(String flagsAndMore) {
    return "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n" + flagsAndMore;
  }

  static KeyRotateJob.Builder myBucket() {
    return KeyRotateJob.builder().bucket("my-bucket");
  }

  // ---- the product document -------------------------------------------------------------------

  @Test
  void parse_exampleEncryptPlaintext_isPlaintextOnlyWithDefaultKey() {
    assertEquals(
        myBucket().filter(Filter.builder().plaintextOnly(true).build()).build(),
        KeyRotateYaml.parse(resource("encrypt-plaintext.yaml")));
  }

  @Test
  void parse_exampleRotateKmsKey_filtersByKmsKey() {
    assertEquals(
        myBucket().filter(Filter.builder().kmsKey("old-key-id").build()).build(),
        KeyRotateYaml.parse(resource("rotate-kmskey.yaml")));
  }

  @Test
  void parse_exampleEncryptAndRotate_isTheDefaults() {
    KeyRotateJob job = KeyRotateYaml.parse(resource("encrypt-and-rotate.yaml"));
    assertEquals(myBucket().build(), job);
    assertEquals(Encryption.defaults(), job.encryption());
    assertEquals(Filter.none(), job.filter());
    assertEquals(Retry.defaults(), job.retry());
    assertNull(job.notification());
  }

  static KeyRotateJob filledSample() {
    return KeyRotateJob.builder()
        .bucket("photos")
        .prefix("2024/")
        .encryption(Encryption.of("my-key", Map.of("project", "alpha")))
        .filter(
            Filter.builder()
                .newerThan(Duration.ofDays(30))
                .olderThan(Duration.ofDays(7))
                .createdAfter(Instant.parse("2024-01-01T00:00:00Z"))
                .createdBefore(Instant.parse("2024-06-30T12:00:00Z"))
                .tag("name", "pick*")
                .metadata("content-type", "image/*")
                .kmsKey("old-key-id")
                .build())
        .notification(Notify.of("https://notify.example.com/keyrotate", "Bearer xxxxx"))
        .retry(new Retry(10, Duration.ofMillis(500)))
        .build();
  }

  @Test
  void parse_sampleWithPlaceholdersFilledIn_givesEveryField() {
    assertEquals(filledSample(), KeyRotateYaml.parse(resource("sample-filled.yaml")));
  }

  @Test
  void parse_sampleWithItsPlaceholders_isRejectedAtTheFirstOne() {
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class,
            () -> KeyRotateYaml.parse(resource("sample-template.yaml")));
    assertEquals("keyrotate.bucket", e.field());
    assertEquals(3, e.line());
    assertEquals(11, e.column());
    assertTrue(e.problem().startsWith("'BUCKET' is not a valid bucket name"), e.getMessage());
  }

  @Test
  void parse_sampleTemplateFieldByField_rejectsEachPlaceholder() {
    String t = resource("sample-template.yaml").replace("BUCKET", "photos");
    assertField("keyrotate.encryption.key", 6, 10, t, "is a template placeholder");
    t = t.replace("<kms-key-id>", "my-key");
    assertField("keyrotate.encryption.context", 7, 14, t, "is a template placeholder");
    t = t.replace("<base64-encoded-kms-context>", "e30=");
    assertField("keyrotate.flags.filter.createdAfter", 15, 21, t, "invalid date 'date'");
    t = t.replace("createdAfter: \"date\"", "createdAfter: \"2024-01-01\"");
    assertField("keyrotate.flags.filter.createdBefore", 16, 22, t, "invalid date 'date'");
    t = t.replace("createdBefore: \"date\"", "createdBefore: \"2025-01-01\"");
    // the sample's newerThan and olderThan are both 7d: a window that selects nothing
    assertField(
        "keyrotate.flags.filter.newerThan", 13, 18, t, "keyrotate.flags.filter.olderThan");
    t = t.replace("newerThan: \"7d\"", "newerThan: \"8d\"");
    KeyRotateJob job = KeyRotateYaml.parse(t);
    assertEquals(List.of("PREFIX"), job.prefixes());
    assertEquals(Duration.ofDays(8), job.filter().newerThan());
  }

  // ---- accepted forms -------------------------------------------------------------------------

  @Test
  void parse_kmskeyidSpelling_isAnAliasOfKmskey() {
    assertEquals(
        KeyRotateYaml.parse(job("  flags:\n    filter:\n      kmskey: k1\n")),
        KeyRotateYaml.parse(job("  flags:\n    filter:\n      kmskeyid: k1\n")));
  }

  @Test
  void parse_encryptionAbsentEmptyOrNull_meansDefaults() {
    KeyRotateJob expected = myBucket().build();
    assertEquals(expected, KeyRotateYaml.parse(job("")));
    assertEquals(expected, KeyRotateYaml.parse(job("  encryption: {}\n")));
    assertEquals(expected, KeyRotateYaml.parse(job("  encryption:\n    # key: k\n")));
    assertEquals(expected, KeyRotateYaml.parse(job("  encryption:\n    key: \"\"\n    context: ''\n")));
  }

  @Test
  void parse_encryptionTypeSseKms_isAcceptedAsInMinioJobFiles() {
    assertEquals(
        myBucket().encryption(Encryption.of("k", Map.of())).build(),
        KeyRotateYaml.parse(job("  encryption:\n    type: sse-kms\n    key: k\n")));
  }

  @Test
  void parse_datesQuotedOrNot_areTheSame() {
    String unquoted = job("  flags:\n    filter:\n      createdAfter: 2023-03-02\n");
    String quoted = job("  flags:\n    filter:\n      createdAfter: \"2023-03-02\"\n");
    String instant = job("  flags:\n    filter:\n      createdAfter: 2023-03-02T00:00:00Z\n");
    Instant t = Instant.parse("2023-03-02T00:00:00Z");
    assertEquals(t, KeyRotateYaml.parse(unquoted).filter().createdAfter());
    assertEquals(t, KeyRotateYaml.parse(quoted).filter().createdAfter());
    assertEquals(t, KeyRotateYaml.parse(instant).filter().createdAfter());
  }

  @Test
  void parse_prefixList_keepsOrder() {
    assertEquals(
        List.of("a/", "b/"),
        KeyRotateYaml.parse(job("  prefix:\n    - a/\n    - b/\n")).prefixes());
    assertEquals(List.of("a/"), KeyRotateYaml.parse(job("  prefix: [a/]\n")).prefixes());
    assertEquals(List.of("2024"), KeyRotateYaml.parse(job("  prefix: 2024\n")).prefixes());
  }

  @Test
  void parse_emptySectionsAndFlowStyle_areAccepted() {
    assertEquals(myBucket().build(), KeyRotateYaml.parse(job("  flags:\n")));
    assertEquals(myBucket().build(), KeyRotateYaml.parse(job("  flags:\n    filter:\n    notify: {}\n    retry: {}\n")));
    assertEquals(
        myBucket().filter(Filter.builder().plaintextOnly(true).build()).build(),
        KeyRotateYaml.parse(
            "{keyrotate: {apiVersion: v1, bucket: my-bucket, flags: {filter: {plaintextOnly: true}}}}"));
  }

  @Test
  void parse_retryPartial_keepsTheOtherDefault() {
    assertEquals(
        new Retry(5, Retry.DEFAULT_DELAY),
        KeyRotateYaml.parse(job("  flags:\n    retry:\n      attempts: 5\n")).retry());
    assertEquals(
        new Retry(3, Duration.ofSeconds(2)),
        KeyRotateYaml.parse(job("  flags:\n    retry:\n      delay: 2s\n")).retry());
  }

  @Test
  void parse_byteOrderMarkAndCrLf_areAccepted() {
    String text = "\ufeff" + resource("encrypt-plaintext.yaml").replace("\n", "\r\n");
    assertTrue(KeyRotateYaml.parse(text).filter().plaintextOnly());
  }

  // ---- the other inputs -----------------------------------------------------------------------

  @Test
  void parse_reader_readsTheWholeText() {
    assertEquals(
        filledSample(), KeyRotateYaml.parse(new StringReader(resource("sample-filled.yaml"))));
  }

  @Test
  void parse_readerThatFails_isAJobDefinitionException() {
    Reader failing =
        new Reader() {
          @Override
          public int read(char[] buf, int off, int len) throws IOException {
            throw new IOException("disk on fire");
          }

          @Override
          public void close() {}
        };
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(failing));
    assertEquals("keyrotate: cannot read the job text: disk on fire", e.getMessage());
  }

  @Test
  void parse_endlessReader_stopsAtTheLimit() {
    Reader endless =
        new Reader() {
          @Override
          public int read(char[] buf, int off, int len) {
            java.util.Arrays.fill(buf, off, off + len, ' ');
            return len;
          }

          @Override
          public void close() {}
        };
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(endless));
    assertTrue(e.problem().contains("longer than " + KeyRotateYaml.MAX_CHARS), e.getMessage());
  }

  @Test
  void parse_path_readsAUtf8File(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("job.yaml");
    Files.writeString(f, resource("sample-filled.yaml"));
    assertEquals(filledSample(), KeyRotateYaml.parse(f));
  }

  @Test
  void parse_missingFile_namesIt(@TempDir Path dir) {
    Path f = dir.resolve("nope.yaml");
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(f));
    assertEquals("keyrotate", e.field());
    assertTrue(e.problem().startsWith("cannot read job file " + f + ": NoSuchFileException"), e.getMessage());
  }

  @Test
  void parse_fileNotUtf8OrTooLarge_namesIt(@TempDir Path dir) throws IOException {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, job("  prefix: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        "keyrotate: job file " + latin1 + " is not UTF-8 text",
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(latin1)).getMessage());
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[KeyRotateYaml.MAX_CHARS + 1]);
    assertEquals(
        "keyrotate: job file " + big + " is larger than " + KeyRotateYaml.MAX_CHARS + " bytes",
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(big)).getMessage());
  }

  @Test
  void parse_directory_isAReadError(@TempDir Path dir) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(dir));
    assertTrue(e.problem().startsWith("cannot read job file " + dir), e.getMessage());
  }

  static void assertField(String field, int line, int column, String yaml, String problemPart) {
    JobDefinitionException e =
        assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(yaml));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.problem().contains(problemPart), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith(field + " (line " + line + ", column " + column + "): "),
        e.getMessage());
  }

  @Test
  void assertField_failsOnAValidJob() {
    // the helper above is what most error tests rely on: it must not pass on success
    assertThrows(
        AssertionError.class,
        () -> assertField("keyrotate", 1, 1, resource("encrypt-plaintext.yaml"), ""));
  }
}
