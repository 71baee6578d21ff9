package io.keyrotate.yaml;

import static io.keyrotate.yaml.KeyRotateYamlTest.filledSample;
import static io.keyrotate.yaml.KeyRotateYamlTest.myBucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import io.keyrotate.job.Encryption;
import io.keyrotate.job.Filter;
import io.keyrotate.job.KeyRotateJob;
import io.keyrotate.job.Notify;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link KeyRotateYaml#write} and {@link KeyRotateYaml#template}. */
class KeyRotateYamlWriteTest {

  @Test
  void write_defaults_isTheProductExampleShape() {
    assertEquals(
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  encryption: {}\n",
        KeyRotateYaml.write(myBucket().build()));
  }

  @Test
  void write_everyField_isTheSampleShapeWithCanonicalValues() {
    assertEquals(
        "keyrotate:\n"
            + "  apiVersion: v1\n"
            + "  bucket: photos\n"
            + "  prefix: 2024/\n"
            + "  encryption:\n"
            + "    key: my-key\n"
            + "    context: eyJwcm9qZWN0IjoiYWxwaGEifQ==\n"
            + "  flags:\n"
            + "    filter:\n"
            + "      newerThan: 4w2d\n"
            + "      olderThan: 1w\n"
            + "      createdAfter: 2024-01-01\n"
            + "      createdBefore: 2024-06-30T12:00:00Z\n"
            + "      tags:\n"
            + "        - key: name\n"
            + "          value: pick*\n"
            + "      metadata:\n"
            + "        - key: content-type\n"
            + "          value: image/*\n"
            + "      kmskey: old-key-id\n"
            + "    notify:\n"
            + "      endpoint: https://notify.example.com/keyrotate\n"
            + "      token: Bearer xxxxx\n"
            + "    retry:\n"
            + "      attempts: 10\n"
            + "      delay: 500ms\n",
        KeyRotateYaml.write(filledSample()));
    assertEquals(filledSample(), KeyRotateYaml.parse(KeyRotateYaml.write(filledSample())));
  }

  @Test
  void write_prefixListAndBooleans_areWrittenOnlyWhenSet() {
    KeyRotateJob job =
        myBucket()
            .prefixes(List.of("a/", "b/"))
            .filter(Filter.builder().plaintextOnly(true).forceEncryptLocked(true).build())
            .build();
    assertEquals(
        "keyrotate:\n  apiVersion: v1\n  bucket: my-bucket\n  prefix:\n    - a/\n    - b/\n"
            + "  encryption: {}\n  flags:\n    filter:\n      plaintextOnly: true\n"
            + "      forceEncryptLocked: true\n",
        KeyRotateYaml.write(job));
    assertEquals(job, KeyRotateYaml.parse(KeyRotateYaml.write(job)));
  }

  @Test
  void write_stringsYamlWouldMisread_areQuotedAndReadBack() {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put("k", "v");
    KeyRotateJob job =
        myBucket()
            .prefixes(
                List.of("true", "null", "~", "", "123", "0x1F", "- a", "a: b", "#x", "*a", "&a", "!t",
                    " lead", "trail ", "line\nbreak", "tab\there", "nul\u0000", "<prefix>", "2024-01-01",
                    "'q'", "\"dq\"", "{a}", "[a]", "? x", "---", "é😀", "\u0085\u2028\ufeff"))
            .encryption(Encryption.of("<kms-key-id>", ctx))
            .filter(Filter.builder().tag("yes", "no").metadata("on", "off").kmsKey("1.5").build())
            .notification(Notify.of("https://h.example/hook?a=b#frag", "Bearer \u00e9 'x' \"y\" # z"))
            .build();
    String yaml = KeyRotateYaml.write(job);
    assertEquals(job, KeyRotateYaml.parse(yaml), yaml);
    assertTrue(yaml.contains("\"<prefix>\""), yaml);
    assertTrue(yaml.contains("\"<kms-key-id>\""), yaml);
  }

  @Test
  void write_includesTheTokenButToStringDoesNot() {
    KeyRotateJob job = myBucket().notification(Notify.of("https://h/", "Bearer t0ken-value")).build();
    assertTrue(KeyRotateYaml.write(job).contains("token: Bearer t0ken-value"));
    assertFalse(job.toString().contains("t0ken-value"));
  }

  // ---- template -------------------------------------------------------------------------------

  private static final Map<String, String> FILLED =
      Map.ofEntries(
          Map.entry("<bucket>", "photos"),
          Map.entry("<prefix>", "2024/"),
          Map.entry("<kms-key-id>", "my-key"),
          Map.entry("<base64-encoded-kms-context>", "eyJwcm9qZWN0IjoiYWxwaGEifQ=="),
          Map.entry("newerThan: <duration>", "newerThan: 30d"),
          Map.entry("olderThan: <duration>", "olderThan: 7d"),
          Map.entry("createdAfter: <date>", "createdAfter: 2024-01-01"),
          Map.entry("createdBefore: <date>", "createdBefore: 2024-06-30T12:00:00Z"),
          Map.entry("<https-url>", "https://notify.example.com/keyrotate"),
          Map.entry("<token>", "\"Bearer xxxxx\""));

  private static String fill(String template, Map<String, String> values) {
    String t = template;
    for (Map.Entry<String, String> e : values.entrySet()) {
      t = t.replace(e.getKey(), e.getValue());
    }
    return t;
  }

  @Test
  void template_withPlaceholdersFilledIn_parsesToEveryField() {
    KeyRotateJob job = KeyRotateYaml.parse(fill(KeyRotateYaml.template(), FILLED));
    assertEquals(
        filledSample().toBuilder().retry(io.keyrotate.job.Retry.defaults()).build()
            .toBuilder()
            .filter(filledSample().filter().toBuilder().kmsKey("my-key").build())
            .build(),
        job);
  }

  @Test
  void template_eachPlaceholderLeftIn_isAnErrorNamingItsField() {
    Map<String, String> fields =
        Map.ofEntries(
            Map.entry("<bucket>", "keyrotate.bucket"),
            Map.entry("<prefix>", "keyrotate.prefix"),
            Map.entry("<base64-encoded-kms-context>", "keyrotate.encryption.context"),
            Map.entry("newerThan: <duration>", "keyrotate.flags.filter.newerThan"),
            Map.entry("olderThan: <duration>", "keyrotate.flags.filter.olderThan"),
            Map.entry("createdAfter: <date>", "keyrotate.flags.filter.createdAfter"),
            Map.entry("createdBefore: <date>", "keyrotate.flags.filter.createdBefore"),
            Map.entry("<https-url>", "keyrotate.flags.notify.endpoint"),
            Map.entry("<token>", "keyrotate.flags.notify.token"));
    for (Map.Entry<String, String> left : fields.entrySet()) {
      Map<String, String> values = new LinkedHashMap<>(FILLED);
      values.remove(left.getKey());
      String yaml = fill(KeyRotateYaml.template(), values);
      JobDefinitionException e =
          assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(yaml), left.getKey());
      assertEquals(left.getValue(), e.field(), e.getMessage());
      assertTrue(e.problem().startsWith("is a template placeholder"), e.getMessage());
    }
    // <kms-key-id> appears twice: encryption.key comes first
    Map<String, String> values = new LinkedHashMap<>(FILLED);
    values.remove("<kms-key-id>");
    JobDefinitionException e =
        assertThrows(
            JobDefinitionException.class,
            () -> KeyRotateYaml.parse(fill(KeyRotateYaml.template(), values)));
    assertEquals("keyrotate.encryption.key", e.field());
  }

  @Test
  void template_isCommentedAndShapedLikeTheProductSample() {
    String t = KeyRotateYaml.template();
    assertTrue(t.startsWith("# keyrotate batch job"), t);
    for (String key :
        List.of("apiVersion: v1", "bucket:", "prefix:", "encryption:", "flags:", "filter:", "notify:",
            "retry:", "kmskey:", "plaintextOnly: false", "forceEncryptLocked: false")) {
      assertTrue(t.contains(key), key);
    }
  }
}
