package io.keyrotate.yaml;

import static io.keyrotate.yaml.KeyRotateYamlTest.assertField;
import static io.keyrotate.yaml.KeyRotateYamlTest.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyrotate.JobDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per reading rule: the field path, line, column and what was expected. */
class KeyRotateYamlErrorsTest {
  private static final String FILTER = "  flags:\n    filter:\n";

  private static JobDefinitionException error(String yaml) {
    return assertThrows(JobDefinitionException.class, () -> KeyRotateYaml.parse(yaml));
  }

  // ---- document ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n", "# only a comment\n", "---\n...\n"})
  void parse_emptyDocument_saysSo(String yaml) {
    assertEquals("keyrotate: is missing: the job file is empty", error(yaml).getMessage());
  }

  @Test
  void parse_rootNotAMapping_saysWhatItIs() {
    assertEquals(
        "keyrotate (line 1, column 1): a job file is a mapping with the single key 'keyrotate', got a"
            + " list",
        error("- keyrotate\n").getMessage());
    assertEquals(
        "keyrotate (line 1, column 1): a job file is a mapping with the single key 'keyrotate', got a"
            + " string",
        error("keyrotate\n").getMessage());
  }

  @Test
  void parse_otherBatchJobTypes_areRefused() {
    assertEquals(
        "replicate (line 1, column 1): only keyrotate jobs are supported; 'replicate' is another"
            + " batch job type",
        error("replicate:\n  apiVersion: v1\n").getMessage());
    assertField("expire", 1, 1, "expire: {}\n", "only keyrotate jobs are supported");
  }

  @Test
  void parse_unknownTopLevelKey_isRefused() {
    assertField("keyrotat", 1, 1, "keyrotat:\n  bucket: x\n", "is not a known key; expected one of: keyrotate");
    assertField("keyrotate", 1, 1, "{}\n", "is required: the job file must start with 'keyrotate:'");
  }

  @Test
  void parse_twoDocuments_isRefused() {
    String two = KeyRotateYamlTest.resource("encrypt-plaintext.yaml") + "---\n" + KeyRotateYamlTest.resource("encrypt-plaintext.yaml");
    JobDefinitionException e = error(two);
    assertEquals(
        "is not valid YAML: expected a single document in the stream, but found another document",
        e.problem());
    assertEquals(8, e.line());
  }

  @Test
  void parse_jobWithoutBody_saysWhatIsExpected() {
    assertField(
        "keyrotate", 1, 11, "keyrotate:\n",
        "expected a mapping with the keys apiVersion, bucket, prefix, encryption, flags, got no value");
  }

  // ---- keys -----------------------------------------------------------------------------------

  @Test
  void parse_unknownKey_namesItsPathAndTheKnownKeys() {
    assertEquals(
        "keyrotate.flags.filter.newerthan (line 6, column 7): is not a known key (did you mean"
            + " newerThan? keys are case-sensitive); expected one of: newerThan, olderThan,"
            + " createdAfter, createdBefore, tags, metadata, kmskey, plaintextOnly,"
            + " forceEncryptLocked",
        error(job(FILTER + "      newerthan: 7d\n")).getMessage());
    assertField("keyrotate.buckets", 4, 3, job("  buckets: x\n"), "is not a known key");
    assertField("keyrotate.flags.retry.tries", 6, 7, job("  flags:\n    retry:\n      tries: 3\n"),
        "expected one of: attempts, delay");
  }

  @Test
  void parse_duplicateKey_pointsAtTheSecond() {
    assertEquals(
        "keyrotate.bucket (line 4, column 3): is given twice (first at line 3); give each key once",
        error(job("  bucket: other-bucket\n")).getMessage());
    assertField(
        "keyrotate.flags.filter.kmskeyid", 7, 7, job(FILTER + "      kmskey: a\n      kmskeyid: b\n"),
        "is another spelling of keyrotate.flags.filter.kmskey; give only one of them");
  }

  @Test
  void parse_nonStringKey_isRefused() {
    assertField("keyrotate", 4, 5, job("  ? [a, b]\n  : c\n"), "keys must be strings, got a list");
    assertField("keyrotate", 4, 3, job("  ~: c\n"), "keys must be strings, got no value");
  }

  // ---- required fields and versions -------------------------------------------------------------

  @Test
  void parse_missingBucket_isRequired() {
    assertEquals(
        "keyrotate.bucket (line 1, column 1): is required (expected the bucket name)",
        error("keyrotate:\n  apiVersion: v1\n").getMessage());
  }

  @Test
  void parse_missingApiVersion_isRequired() {
    assertField("keyrotate.apiVersion", 1, 1, "keyrotate:\n  bucket: my-bucket\n", "is required (expected v1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2", "V1", "1", "v1.0"})
  void parse_unsupportedApiVersion_isRefused(String version) {
    assertEquals(
        "keyrotate.apiVersion (line 2, column 15): unsupported version '" + version + "' (expected v1)",
        error("keyrotate:\n  apiVersion: " + version + "\n  bucket: my-bucket\n").getMessage());
  }

  @Test
  void parse_invalidBucket_isRefusedWithTheRules() {
    assertField(
        "keyrotate.bucket", 3, 11, "keyrotate:\n  apiVersion: v1\n  bucket: My_Bucket\n",
        "'My_Bucket' is not a valid bucket name (3-63 characters");
  }

  // ---- types ----------------------------------------------------------------------------------

  @Test
  void parse_wrongTypes_sayWhatWasExpectedAndWhatCame() {
    assertField("keyrotate.bucket", 3, 11, "keyrotate:\n  apiVersion: v1\n  bucket: [a, b]\n",
        "expected a string, got a list");
    assertField("keyrotate.flags", 4, 10, job("  flags: [filter]\n"),
        "expected a mapping with the keys filter, notify, retry, got a list");
    assertField("keyrotate.encryption", 4, 15, job("  encryption: default\n"),
        "expected a mapping with the keys key, context, type, got a string");
    assertField("keyrotate.prefix", 4, 11, job("  prefix: {a: b}\n"),
        "expected a string or a list of strings, got a mapping");
    assertField("keyrotate.prefix[1]", 4, 15, job("  prefix: [a, [b]]\n"), "expected a string, got a list");
    assertField("keyrotate.flags.filter.tags", 6, 13, job(FILTER + "      tags: {key: a, value: b}\n"),
        "expected a list of {key, value} entries, got a mapping");
    assertField("keyrotate.flags.filter.tags[0]", 6, 14, job(FILTER + "      tags: [name]\n"),
        "expected an entry with key and value, got a string");
    assertField("keyrotate.flags.notify", 5, 13, job("  flags:\n    notify: https://h/\n"),
        "expected a mapping with the keys endpoint, token, got a string");
    assertField("keyrotate.encryption.key", 5, 10, job("  encryption:\n    key: !!binary aGk=\n"),
        "expected a string, got a value tagged tag:yaml.org,2002:binary");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "True", "\"true\"", "1", "on", "[true]"})
  void parse_booleanOtherThanTrueOrFalse_isRefused(String value) {
    assertField("keyrotate.flags.filter.plaintextOnly", 6, 22,
        job(FILTER + "      plaintextOnly: " + value + "\n"), "expected true or false, got ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"10\"", "1.5", "0x10", "ten", "1e3"})
  void parse_attemptsNotAWholeNumber_isRefused(String value) {
    assertField("keyrotate.flags.retry.attempts", 6, 17,
        job("  flags:\n    retry:\n      attempts: " + value + "\n"), "expected a whole number, got ");
  }

  @Test
  void parse_attemptsBelowOneOrHuge_isRefused() {
    assertEquals(
        "keyrotate.flags.retry.attempts (line 6, column 17): must be at least 1, got 0",
        error(job("  flags:\n    retry:\n      attempts: 0\n")).getMessage());
    assertField("keyrotate.flags.retry.attempts", 6, 17, job("  flags:\n    retry:\n      attempts: -3\n"),
        "must be at least 1, got -3");
    assertField("keyrotate.flags.retry.attempts", 6, 17,
        job("  flags:\n    retry:\n      attempts: 99999999999\n"), "is too large: 99999999999");
  }

  @Test
  void parse_nullScalar_asksForAValue() {
    assertEquals(
        "keyrotate.bucket (line 3, column 10): has no value (expected a string); give a value or remove"
            + " the key",
        error("keyrotate:\n  apiVersion: v1\n  bucket:\n").getMessage());
    assertField("keyrotate.flags.filter.newerThan", 6, 18, job(FILTER + "      newerThan: ~\n"), "has no value");
  }

  // ---- durations and dates ----------------------------------------------------------------------

  @Test
  void parse_durationWithoutUnit_asksForOne() {
    assertEquals(
        "keyrotate.flags.filter.newerThan (line 6, column 18): needs a unit: 10 of what? Write for"
            + " example 7d, 12h, 30s or 500ms (units w, d, h, m, s, ms)",
        error(job(FILTER + "      newerThan: 10\n")).getMessage());
    assertField("keyrotate.flags.retry.delay", 6, 14, job("  flags:\n    retry:\n      delay: 500\n"),
        "needs a unit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7x", "\"0s\"", "-1d", "1.5h", "\"\"", "7 days"})
  void parse_badDuration_namesTheFieldAndTheSyntax(String value) {
    assertField("keyrotate.flags.filter.olderThan", 6, 18,
        job(FILTER + "      olderThan: " + value + "\n"), "(expected terms like 7d, 5d12h30s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"date", "\"date\"", "2023-3-2", "2023-02-30", "2023-03-02 10:00:00", "03/02/2023"})
  void parse_badDate_namesTheFieldAndTheSyntax(String value) {
    assertField("keyrotate.flags.filter.createdBefore", 6, 22,
        job(FILTER + "      createdBefore: " + value + "\n"), "invalid date '");
  }

  @Test
  void parse_dateOutsideYears1To9999_isRefused() {
    assertField("keyrotate.flags.filter.createdAfter", 6, 21,
        job(FILTER + "      createdAfter: 0000-12-31\n"), "must be in the years 0001 to 9999");
  }

  @Test
  void parse_createdWindowSelectingNothing_namesBothFields() {
    String yaml =
        job(FILTER + "      createdAfter: 2024-06-01\n      createdBefore: 2024-01-01\n");
    JobDefinitionException e = error(yaml);
    assertEquals("keyrotate.flags.filter.createdAfter", e.field());
    assertEquals(6, e.line());
    assertEquals(21, e.column());
    assertTrue(e.problem().contains("keyrotate.flags.filter.createdBefore"), e.getMessage());
    assertTrue(e.problem().contains("select nothing"), e.getMessage());
    // equal bounds select nothing too
    assertField("keyrotate.flags.filter.createdAfter", 6, 21,
        job(FILTER + "      createdAfter: 2024-01-01\n      createdBefore: 2024-01-01T00:00:00Z\n"),
        "keyrotate.flags.filter.createdBefore");
  }

  @Test
  void parse_ageWindowSelectingNothing_namesBothFields() {
    JobDefinitionException e =
        error(job(FILTER + "      olderThan: 30d\n      newerThan: 7d\n"));
    assertEquals("keyrotate.flags.filter.newerThan", e.field());
    assertEquals(7, e.line());
    assertEquals(18, e.column());
    assertTrue(e.problem().contains("newerThan (1w) must be longer than olderThan (4w2d)"), e.getMessage());
    assertTrue(e.problem().contains("keyrotate.flags.filter.olderThan"), e.getMessage());
  }

  // ---- lists ----------------------------------------------------------------------------------

  @Test
  void parse_emptyLists_areRefused() {
    assertField("keyrotate.prefix", 4, 11, job("  prefix: []\n"),
        "must not be an empty list; omit prefix to process the whole bucket");
    assertField("keyrotate.flags.filter.metadata", 6, 17, job(FILTER + "      metadata: []\n"),
        "must not be an empty list");
  }

  @Test
  void parse_repeatedPrefix_pointsAtTheRepeat() {
    assertEquals(
        "keyrotate.prefix[2] (line 7, column 7): repeats prefix 'a/'",
        error(job("  prefix:\n    - a/\n    - b/\n    - a/\n")).getMessage());
  }

  @Test
  void parse_entryWithoutKeyOrValue_saysWhichPart() {
    assertField("keyrotate.flags.filter.tags[1].value", 8, 11,
        job(FILTER + "      tags:\n        - {key: a, value: b}\n        - key: c\n"),
        "is required (expected a value pattern (use \"*\" to match any value))");
    assertField("keyrotate.flags.filter.metadata[0].key", 7, 11,
        job(FILTER + "      metadata:\n        - value: b\n"), "is required");
    assertField("keyrotate.flags.filter.tags[0].key", 7, 16,
        job(FILTER + "      tags:\n        - key: \"\"\n          value: b\n"), "must not be empty");
    assertField("keyrotate.flags.filter.tags[0].colour", 8, 11,
        job(FILTER + "      tags:\n        - key: a\n          colour: b\n"),
        "expected one of: key, value");
  }

  // ---- encryption -----------------------------------------------------------------------------

  @Test
  void parse_contextNotBase64_saysSo() {
    assertField("keyrotate.encryption.context", 5, 14,
        job("  encryption:\n    context: \"not base64!\"\n"), "not valid standard base64");
  }

  @Test
  void parse_contextNotAJsonObjectOfStrings_saysSo() {
    // W10= is base64 of []; eyJhIjoxfQ== of {"a":1}
    for (String ctx : new String[] {"W10=", "eyJhIjoxfQ=="}) {
      assertField("keyrotate.encryption.context", 5, 14, job("  encryption:\n    context: " + ctx + "\n"),
          "is not a JSON object whose values are strings");
    }
  }

  @Test
  void parse_encryptionTypeOtherThanSseKms_isRefused() {
    assertField("keyrotate.encryption.type", 5, 11, job("  encryption:\n    type: sse-s3\n"),
        "only sse-kms is supported");
  }

  @Test
  void parse_keyWithSurroundingSpace_isRefused() {
    assertField("keyrotate.encryption.key", 5, 10, job("  encryption:\n    key: \" k\"\n"),
        "must not have leading or trailing white space");
  }

  // ---- notify ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"notify.endpoint", "ftp://h/x", "/hook", "\"\""})
  void parse_endpointNotAbsoluteHttpUrl_isRefused(String endpoint) {
    assertField("keyrotate.flags.notify.endpoint", 6, 17,
        job("  flags:\n    notify:\n      endpoint: " + endpoint + "\n"),
        "must be an absolute http:// or https:// URL");
  }

  @Test
  void parse_tokenWithoutEndpoint_asksForTheEndpoint() {
    assertField("keyrotate.flags.notify.endpoint", 5, 5, job("  flags:\n    notify:\n      token: t\n"),
        "is required (expected an http:// or https:// URL)");
  }

  @Test
  void parse_badToken_neverEchoesIt() {
    String secret = "Bearer hunter2-s3cr3t";
    String[] jobs = {
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: \"" + secret + "\\n\"\n"),
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: [" + secret + "]\n"),
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: \"" + secret + "\"x\"\n"),
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: \"" + secret + "\n"),
      job("  flags:\n    notify:\n      endpoint: ftp://h/\n      token: \"" + secret + "\"\n"),
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: " + secret + "\n      token: x\n"),
      job("  flags:\n    notify:\n      endpoint: https://h/\n      token: \"" + secret + "\u0001\"\n"),
    };
    for (String yaml : jobs) {
      JobDefinitionException e = error(yaml);
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertFalse(String.valueOf(e.getCause()).contains("hunter2"), e.getMessage());
    }
  }

  // ---- placeholders ---------------------------------------------------------------------------

  @Test
  void parse_placeholderLeftIn_isRefusedInAnyStringField() {
    assertEquals(
        "keyrotate.flags.filter.kmskey (line 6, column 15): is a template placeholder; replace it with"
            + " a real value or remove the line (quote it if you mean the text)",
        error(job(FILTER + "      kmskey: <kms-key-id>\n")).getMessage());
    assertEquals(
        "<kms-key-id>",
        KeyRotateYaml.parse(job(FILTER + "      kmskey: \"<kms-key-id>\"\n")).filter().kmsKey());
    assertField("keyrotate.prefix", 4, 11, job("  prefix: <prefix>\n"), "is a template placeholder");
    assertField("keyrotate.flags.notify.token", 7, 14,
        job("  flags:\n    notify:\n      endpoint: https://h/\n      token: <token>\n"),
        "is a template placeholder");
  }

  // ---- YAML syntax and limits -------------------------------------------------------------------

  @Test
  void parse_syntaxError_isPositionedAndNamesWhereItHappened() {
    JobDefinitionException e = error(job("  flags:\n    filter:\n      tags: [a, b\n"));
    assertEquals("keyrotate.flags.filter.tags[1]", e.field());
    assertTrue(e.problem().startsWith("is not valid YAML: "), e.getMessage());
    assertEquals(7, e.line());
    JobDefinitionException tab = error(job("  flags:\n\tfilter: {}\n"));
    assertTrue(tab.problem().startsWith("is not valid YAML: "), tab.getMessage());
    assertEquals(5, tab.line());
  }

  @Test
  void parse_nonPrintableCharacter_isPositioned() {
    JobDefinitionException e = error(job("  prefix: a\u0000b\n"));
    assertEquals(
        "is not valid YAML: the character U+0000 is not allowed in YAML text", e.problem());
    assertEquals(4, e.line());
    assertEquals(12, e.column());
  }

  @Test
  void parse_escapedLoneSurrogate_isRefusedByTheField() {
    assertField("keyrotate.prefix", 4, 11, job("  prefix: \"a\\ud800\"\n"),
        "must be well-formed Unicode");
    assertField("keyrotate.encryption.key", 5, 10, job("  encryption:\n    key: \"k\\x01\"\n"),
        "must not contain control characters");
  }

  @Test
  void parse_undefinedAlias_isRefused() {
    JobDefinitionException e = error(job("  prefix: *nowhere\n"));
    assertTrue(e.problem().contains("undefined alias"), e.getMessage());
    assertEquals(4, e.line());
  }

  @Test
  void parse_deepNesting_isRefusedAtTheLimit() {
    String deep = "keyrotate: " + "[".repeat(GuardedParser.MAX_DEPTH + 5) + "]".repeat(GuardedParser.MAX_DEPTH + 5);
    JobDefinitionException e = error(deep);
    assertTrue(e.problem().startsWith("is nested more than 32 levels deep"), e.getMessage());
    assertEquals(1, e.line());
    assertEquals("keyrotate[0][0][0][0][0][0][0][0][0]…", e.field());
  }

  @Test
  void parse_manyAliases_isRefused() {
    StringBuilder b = new StringBuilder(job("  prefix: &p a\n  encryption: {}\n")).append("  x: [");
    for (int i = 0; i <= GuardedParser.MAX_ALIASES; i++) {
      b.append("*p, ");
    }
    b.append("]\n");
    JobDefinitionException e = error(b.toString());
    assertTrue(e.problem().startsWith("uses more than 50 aliases"), e.getMessage());
  }

  @Test
  void parse_tooLongText_isRefusedBeforeParsing() {
    String huge = job("  prefix: " + "a".repeat(KeyRotateYaml.MAX_CHARS) + "\n");
    assertEquals(
        "keyrotate: the job text has " + huge.length() + " characters; at most 1048576 are accepted",
        error(huge).getMessage());
  }

  @Test
  void parse_aliasOfACollectionWhereAStringBelongs_isATypeErrorAtTheAnchoredValue() {
    // The composed tree shares the anchored node: the position is that of the anchored value.
    assertField("keyrotate.bucket", 3, 11,
        "keyrotate:\n  apiVersion: v1\n  prefix: &l [a]\n  encryption: {}\n  bucket: *l\n",
        "expected a string, got a list");
  }

  @Test
  void parse_recursiveAlias_isATypeErrorNotALoop() {
    assertField("keyrotate.prefix[0]", 4, 11, job("  prefix: &r [*r]\n"), "expected a string, got a list");
  }
}
