package io.keyrotate.runner;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the completion webhook went. A failed delivery is reported here and never fails the job.
 *
 * @param endpoint where the summary was posted
 * @param delivered whether an attempt got a 2xx answer
 * @param attempts how many POSTs were made (1 to 3)
 * @param statusCode the HTTP status of the last answer, or -1 when no answer came
 * @param error why the last attempt failed, or {@code null} when delivered; never contains the token
 */
public record NotificationResult(
    URI endpoint, boolean delivered, int attempts, int statusCode, @Nullable String error) {
  /** Checks the components. */
  public NotificationResult {
    Objects.requireNonNull(endpoint, "endpoint");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }
}
