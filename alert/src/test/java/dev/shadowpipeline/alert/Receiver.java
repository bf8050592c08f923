package dev.shadowpipeline.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP receiver on 127.0.0.1 with scripted answers; records every request it gets. */
final class Receiver implements AutoCloseable {

  record Answer(int status, Map<String, String> headers, String body) {}

  record Received(
      String method, String path, Map<String, List<String>> headers, byte[] body, long atNanos) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer fallback = new Answer(204, Map.of(), "");

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body,
                  System.nanoTime()));
          Answer answer;
          synchronized (script) {
            answer = script.isEmpty() ? fallback : script.pollFirst();
          }
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
          if (out.length > 0) {
            try (OutputStream stream = exchange.getResponseBody()) {
              stream.write(out);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** Answers the next requests in order, then the fallback (204). */
  Receiver then(int status, Map<String, String> headers, String body) {
    synchronized (script) {
      script.addLast(new Answer(status, headers, body));
    }
    return this;
  }

  Receiver always(int status) {
    fallback = new Answer(status, Map.of(), "");
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
