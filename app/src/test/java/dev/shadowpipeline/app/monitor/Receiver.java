package dev.shadowpipeline.app.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP receiver on loopback that answers 204 like Discord and keeps every JSON body it got. */
public final class Receiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

  public Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(JSON.readTree(in.readAllBytes()));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/webhooks/1/token";
  }

  /** The {@code content} line of each Discord message received. */
  public List<String> contents() {
    return bodies.stream().map(b -> b.path("content").asText()).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
