package io.keyrotate.policy;

/**
 * Which selection rule rejected a version: the codes of {@link Decision.NotSelected}. {@link #BUCKET} and
 * {@link #PREFIX} are the job's scope; the others are the {@code flags.filter} categories. The policy
 * checks them in the order declared here and reports the first that rejects.
 */
public enum FilterCategory implements Reason {
  /** The version is in another bucket than the job's. */
  BUCKET("bucket"),
  /** The version's key starts with none of the job's prefixes. */
  PREFIX("prefix"),
  /** {@code newerThan}: the version's age is not less than the bound. */
  NEWER_THAN("newerThan"),
  /** {@code olderThan}: the version's age is less than the bound. */
  OLDER_THAN("olderThan"),
  /** {@code createdAfter}: the version's modification time is not after the bound. */
  CREATED_AFTER("createdAfter"),
  /** {@code createdBefore}: the version's modification time is not before the bound. */
  CREATED_BEFORE("createdBefore"),
  /** {@code tags}: no entry matches any of the version's tags. */
  TAGS("tags"),
  /** {@code metadata}: no entry matches any of the version's user metadata or content headers. */
  METADATA("metadata"),
  /** {@code kmskey}: the version is not SSE-KMS under that key. */
  KMS_KEY("kmskey"),
  /** {@code plaintextOnly}: the version is not plaintext. */
  PLAINTEXT_ONLY("plaintextOnly");

  private final String field;

  FilterCategory(String field) {
    this.field = field;
  }

  /**
   * The field name in a job file ({@code kmskey}, {@code newerThan}, …).
   *
   * @return the YAML field name
   */
  public String field() {
    return field;
  }

  @Override
  public Decision.Action action() {
    return Decision.Action.NOT_SELECTED;
  }
}
