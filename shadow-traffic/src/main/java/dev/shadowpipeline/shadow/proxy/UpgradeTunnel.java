package dev.shadowpipeline.shadow.proxy;

import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.TransportError;
import dev.shadowpipeline.shadow.metrics.ProxyMetrics.RequestResult;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request asking to switch protocols ({@code Upgrade: websocket}, say) is passed through to the primary as a tunnel:
 * when the primary agrees ({@code 101 Switching Protocols}), its answer head goes to the caller and from then on the
 * bytes of both connections are copied both ways, untouched, until either side closes. It is not mirrored: a
 * conversation on a socket has no request/answer pairs to compare. A primary that refuses has its answer relayed as
 * it is. Counted in {@code shadow_requests_total{result="tunneled"}}.
 */
final class UpgradeTunnel {

  private static final Logger log = LoggerFactory.getLogger(UpgradeTunnel.class);

  private final ProxyCore core;
  private final HttpClient primary;
  private final HttpServerRequest req;

  UpgradeTunnel(ProxyCore core, HttpClient primary, HttpServerRequest req) {
    this.core = core;
    this.primary = primary;
    this.req = req;
  }

  /** Whether the caller asks to switch protocols on this connection. */
  static boolean isUpgrade(HttpServerRequest req) {
    if (!req.headers().contains(HttpHeaders.UPGRADE)) {
      return false;
    }
    for (String value : req.headers().getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",", -1)) {
        if (token.trim().equalsIgnoreCase("upgrade")) {
          return true;
        }
      }
    }
    return false;
  }

  void start() {
    req.pause();
    String remote = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    MultiMap headers =
        ForwardedHeaders.forUpstream(req.headers(), remote, req.isSSL() ? "https" : "http");
    // hop-by-hop fields are what this request is about: the upgrade is asked of the primary on the
    // caller's behalf
    headers.set(HttpHeaders.CONNECTION, "Upgrade");
    headers.set(HttpHeaders.UPGRADE, req.getHeader(HttpHeaders.UPGRADE));
    UpstreamAddress address = core.config.primary();
    long timeout = core.config.primaryTimeout().toMillis();
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost(address.host())
            .setPort(address.port())
            .setSsl(address.ssl())
            .setURI(address.target(req.uri()))
            .setHeaders(address.authorize(headers)) // the URL's user:password, as Basic auth
            .setConnectTimeout(timeout)
            .setTimeout(timeout);
    primary
        .request(options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(UpstreamErrors.classify(ar.cause(), address));
                return;
              }
              HttpClientRequest creq = ar.result();
              creq.exceptionHandler(t -> {});
              creq.connect()
                  .onComplete(
                      rar -> {
                        if (rar.failed()) {
                          fail(UpstreamErrors.classify(rar.cause(), address));
                        } else if (rar.result().statusCode() == 101) {
                          tunnel(rar.result());
                        } else {
                          relayRefusal(rar.result());
                        }
                      });
            });
  }

  private void tunnel(HttpClientResponse presp) {
    NetSocket upstream = presp.netSocket();
    HttpServerResponse resp = req.response();
    // the primary's 101 head (Sec-WebSocket-Accept and the like) is what the caller must see
    ForwardedHeaders.copyResponse(presp.headers(), resp.headers());
    resp.headers().set(HttpHeaders.CONNECTION, "Upgrade");
    resp.headers().set(HttpHeaders.UPGRADE, presp.getHeader(HttpHeaders.UPGRADE));
    req.toNetSocket()
        .onComplete(
            sar -> {
              if (sar.failed()) {
                log.debug(
                    "could not take over the caller's connection for the tunnel: {}",
                    sar.cause().toString());
                upstream.close();
                return;
              }
              core.metrics.request(RequestResult.TUNNELED);
              NetSocket caller = sar.result();
              caller.pipeTo(upstream);
              upstream.pipeTo(caller);
            });
  }

  private void relayRefusal(HttpClientResponse presp) {
    HttpServerResponse resp = req.response();
    resp.setStatusCode(presp.statusCode());
    if (!presp.statusMessage().equals(resp.getStatusMessage())) {
      resp.setStatusMessage(presp.statusMessage());
    }
    ForwardedHeaders.copyResponse(presp.headers(), resp.headers());
    if (!resp.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      resp.setChunked(true);
    }
    // the caller expected this connection to change protocols; after a refusal it is closed, not
    // reused
    resp.putHeader(HttpHeaders.CONNECTION, "close");
    core.metrics.request(RequestResult.FORWARDED);
    req.resume();
    // streamed with back-pressure: a refusal's body is not held in memory either
    presp.pipeTo(resp).onComplete(v -> req.connection().close());
  }

  private void fail(TransportError error) {
    core.metrics.request(RequestResult.PRIMARY_UNREACHABLE);
    HttpServerResponse resp = req.response();
    if (!resp.closed() && !resp.ended()) {
      resp.setStatusCode(error.kind() == ErrorKind.TIMEOUT ? 504 : 502)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.CONNECTION, "close")
          .end(ProxiedRequest.errorJson("primary unreachable", error.message()));
    }
  }
}
