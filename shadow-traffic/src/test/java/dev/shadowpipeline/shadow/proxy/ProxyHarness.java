package dev.shadowpipeline.shadow.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts a {@link ShadowProxy} on free loopback ports for one test and reads back what it recorded. */
final class ProxyHarness implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();

  final ShadowProxy proxy;
  final Path outDir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ProxyHarness(
      String primaryUrl,
      String shadowUrl,
      Path outDir,
      UnaryOperator<ProxyConfig.Builder> customize)
      throws ProxyStartException {
    this(primaryUrl, shadowUrl, outDir, customize, b -> b);
  }

  /** A proxy whose builder is customized too (capture settings, live labels). */
  ProxyHarness(
      String primaryUrl,
      String shadowUrl,
      Path outDir,
      UnaryOperator<ProxyConfig.Builder> customize,
      UnaryOperator<ShadowProxy.Builder> start)
      throws ProxyStartException {
    this.outDir = outDir;
    ProxyConfig.Builder builder =
        ProxyConfig.builder(primaryUrl, shadowUrl)
            .host("127.0.0.1")
            .port(0)
            .adminPort(0)
            .outDir(outDir)
            .eventLoops(2);
    this.proxy = start.apply(ShadowProxy.builder(customize.apply(builder).build())).start();
  }

  static ProxyHarness start(String primaryUrl, String shadowUrl, Path outDir)
      throws ProxyStartException {
    return new ProxyHarness(primaryUrl, shadowUrl, outDir, b -> b);
  }

  String url() {
    return "http://127.0.0.1:" + proxy.port();
  }

  String adminUrl() {
    return "http://127.0.0.1:" + proxy.adminPort();
  }

  HttpResponse<byte[]> post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  HttpResponse<byte[]> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> admin(String method, String path, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(adminUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the proxy (the graceful path SIGTERM takes) and returns every record it wrote. */
  List<JsonNode> closeAndReadRecords() {
    proxy.close();
    return readRecords(proxy.recordsFile());
  }

  static List<JsonNode> readRecords(Path file) {
    try {
      List<JsonNode> records = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          records.add(MAPPER.readTree(line));
        }
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    proxy.close();
  }
}
