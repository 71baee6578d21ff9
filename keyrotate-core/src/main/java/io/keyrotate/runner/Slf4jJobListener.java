package io.keyrotate.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobListener} that writes the per-object audit trail to slf4j: one line per version on the
 * logger {@value #LOGGER_NAME}, at INFO for changed versions, DEBUG for skipped and unselected ones, and
 * WARN for failures, each as the outcome's JSON line (so keys and messages with line breaks or control
 * characters stay on one line). Job start and finish are logged by the runner itself.
 *
 * <p>Thread-safe; stateless.
 */
public final class Slf4jJobListener implements JobListener {
  /** The logger name of the audit trail. */
  public static final String LOGGER_NAME = "io.keyrotate.runner.audit";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  /** Creates the listener. */
  public Slf4jJobListener() {}

  @Override
  public void objectFinished(ObjectOutcome outcome) {
    switch (outcome.action()) {
      case FAIL:
        LOG.warn("{}", outcome.toJson());
        break;
      case SKIP:
      case NOT_SELECTED:
        if (LOG.isDebugEnabled()) {
          LOG.debug("{}", outcome.toJson());
        }
        break;
      default:
        if (LOG.isInfoEnabled()) {
          LOG.info("{}", outcome.toJson());
        }
    }
  }
}
