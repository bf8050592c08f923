package dev.shadowpipeline.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a proxy as its callers do, with the JDK's HTTP client from the test thread. */
public final class Callers {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Callers() {}

  /** POSTs {@code {"id": id}} to {@code /predict} on the proxy's port and returns the answer. */
  public static HttpResponse<String> predict(int port, int id)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"id\": " + id + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs an admin endpoint of the proxy ({@code /health}, {@code /metrics}). */
  public static String admin(int adminPort, String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
