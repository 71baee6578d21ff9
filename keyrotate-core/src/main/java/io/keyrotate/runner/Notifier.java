package io.keyrotate.runner;

import io.keyrotate.job.Notify;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a job's JSON summary to its {@code notify.endpoint}: {@code Content-Type: application/json},
 * {@code Authorization: <token>} verbatim when a token is set, a 10 s timeout per attempt, up to 3
 * attempts (1 s, then 2 s apart), success on any 2xx answer. Redirects are never followed, so the token
 * only ever goes to the configured endpoint. The token is never logged; logs name the endpoint without
 * its query string.
 *
 * <p>Thread-safe.
 */
final class Notifier {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Sleeper sleeper;
  private final Duration backoff;

  Notifier(Sleeper sleeper, Duration backoff) {
    this.sleeper = sleeper;
    this.backoff = backoff;
  }

  NotificationResult send(Notify notify, String jsonBody) {
    URI endpoint = notify.endpoint();
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    String token = notify.token();
    if (token != null) {
      rb.header("Authorization", token);
    }
    HttpRequest request = rb.build();
    int status = -1;
    @Nullable String error = null;
    int attempt = 0;
    while (attempt < ATTEMPTS) {
      attempt++;
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        status = response.statusCode();
        if (status / 100 == 2) {
          LOG.info("job notification delivered to {} (HTTP {})", safe(endpoint), status);
          return new NotificationResult(endpoint, true, attempt, status, null);
        }
        error = "HTTP " + status;
      } catch (IOException e) {
        status = -1;
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
        break;
      }
      if (attempt < ATTEMPTS) {
        sleeper.sleep(backoff.toNanos() << (attempt - 1));
      }
    }
    LOG.warn(
        "job notification to {} failed after {} attempt(s): {}", safe(endpoint), attempt, error);
    return new NotificationResult(endpoint, false, attempt, status, error);
  }

  /** The endpoint without user info, query or fragment, for logs. */
  static String safe(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
