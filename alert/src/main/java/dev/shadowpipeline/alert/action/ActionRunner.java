package dev.shadowpipeline.alert.action;

import dev.shadowpipeline.alert.AlertEvent;
import dev.shadowpipeline.alert.AlertEvent.DriftDetected;
import dev.shadowpipeline.alert.AlertJson;
import dev.shadowpipeline.alert.action.OnDriftAction.PostSummary;
import dev.shadowpipeline.alert.action.OnDriftAction.RunCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code on-drift} actions off the caller's thread. The returned future always completes normally with an
 * {@link ActionResult}; failures and timeouts are results, logged once.
 */
public final class ActionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
  static final int MAX_OUTPUT_BYTES = 64 * 1024;

  private final boolean dryRun;
  private final HttpClient client;

  /** @param dryRun when true, actions are described, not run */
  public ActionRunner(boolean dryRun) {
    this.dryRun = dryRun;
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Runs the action for an event (normally {@link DriftDetected}). */
  public CompletableFuture<ActionResult> run(OnDriftAction action, AlertEvent event) {
    String summary = AlertJson.of(event);
    if (action instanceof PostSummary post) {
      if (dryRun) {
        return done(
            new ActionResult(
                ActionResult.Outcome.DRY_RUN,
                -1,
                "would POST to " + post.url().masked() + ": " + summary,
                ""));
      }
      return post(post, summary);
    }
    RunCommand command = (RunCommand) action;
    if (dryRun) {
      return done(
          new ActionResult(ActionResult.Outcome.DRY_RUN, -1, "would run " + command.command(), ""));
    }
    CompletableFuture<ActionResult> result = new CompletableFuture<>();
    Thread thread =
        new Thread(() -> result.complete(runCommand(command, event, summary)), "shadow-on-drift");
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  private CompletableFuture<ActionResult> post(PostSummary post, String summary) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(post.url().value()))
              .timeout(post.timeout())
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(summary, StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException e) {
      return done(
          logged(
              new ActionResult(
                  ActionResult.Outcome.FAILED,
                  -1,
                  "",
                  "on-drift URL is not a valid http(s) URL: " + post.url().masked())));
    }
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                boolean timeout = cause instanceof java.net.http.HttpTimeoutException;
                return logged(
                    new ActionResult(
                        timeout ? ActionResult.Outcome.TIMED_OUT : ActionResult.Outcome.FAILED,
                        -1,
                        "",
                        post.url().scrub("POST to " + post.url().masked() + " failed: " + cause)));
              }
              String body = cut(response.body());
              boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
              return logged(
                  new ActionResult(
                      ok ? ActionResult.Outcome.SUCCEEDED : ActionResult.Outcome.FAILED,
                      response.statusCode(),
                      body,
                      ok
                          ? ""
                          : "POST to "
                              + post.url().masked()
                              + " answered HTTP "
                              + response.statusCode()));
            });
  }

  private static ActionResult runCommand(RunCommand command, AlertEvent event, String summary) {
    ProcessBuilder builder = new ProcessBuilder(command.command()).redirectErrorStream(true);
    if (command.workingDirectory() != null) {
      builder.directory(command.workingDirectory().toFile());
    }
    builder.environment().put("SHADOW_EVENT", event.kind());
    if (event instanceof DriftDetected drift) {
      builder.environment().put("SHADOW_RUN_ID", drift.runId());
      builder.environment().put("SHADOW_DRIFT_SHARE", Double.toString(drift.driftShare()));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return logged(
          new ActionResult(
              ActionResult.Outcome.FAILED,
              -1,
              "",
              "cannot start " + command.command().get(0) + ": " + e.getMessage()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    // read output on its own thread: a process blocked on a full pipe would otherwise never exit
    Thread reader =
        new Thread(() -> drain(process.getInputStream(), output), "shadow-on-drift-output");
    reader.setDaemon(true);
    reader.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(summary.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // the command need not read its input
    }
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        reader.join(1_000);
        return logged(
            new ActionResult(
                ActionResult.Outcome.TIMED_OUT,
                -1,
                text(output),
                command.command().get(0)
                    + " did not finish within "
                    + command.timeout().toMillis()
                    + " ms; killed"));
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return logged(new ActionResult(ActionResult.Outcome.FAILED, -1, text(output), "interrupted"));
    }
    int exit = process.exitValue();
    return logged(
        new ActionResult(
            exit == 0 ? ActionResult.Outcome.SUCCEEDED : ActionResult.Outcome.FAILED,
            exit,
            text(output),
            exit == 0 ? "" : command.command().get(0) + " exited with " + exit));
  }

  private static void drain(InputStream in, ByteArrayOutputStream kept) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (kept) {
          int room = MAX_OUTPUT_BYTES - kept.size();
          if (room > 0) {
            kept.write(buffer, 0, Math.min(room, n));
          }
        }
      }
    } catch (IOException closed) {
      // the process was killed; keep what was read
    }
  }

  private static String text(ByteArrayOutputStream output) {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  private static String cut(String body) {
    return body == null
        ? ""
        : body.length() <= MAX_OUTPUT_BYTES ? body : body.substring(0, MAX_OUTPUT_BYTES);
  }

  private static ActionResult logged(ActionResult result) {
    if (result.outcome() == ActionResult.Outcome.SUCCEEDED
        || result.outcome() == ActionResult.Outcome.DRY_RUN) {
      // DEBUG: the monitor's run lines print the outcome and the output (on stdout, also when a
      // one-off command hides INFO); at INFO a schedule would show it twice
      LOG.debug(
          "on-drift action {} (exit {}); output:\n{}",
          result.outcome(),
          result.exitCode(),
          result.output());
    } else {
      LOG.warn(
          "on-drift action {}: {}; output:\n{}",
          result.outcome(),
          result.reason(),
          result.output());
    }
    return result;
  }

  private static CompletableFuture<ActionResult> done(ActionResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
