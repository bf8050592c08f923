// Benchmark helper for bench/forward-floor.sh: the least a forwarding core on Netty directly could cost, to weigh
// the structural change the proxy's p99 target calls for (a core on Netty instead of Vert.x's HTTP server and
// client) before making it. Not a proxy: no mirroring, no recording, no streaming (bodies are aggregated: the
// benchmark's are ~100 bytes), no timeouts, no header rules beyond dropping Connection; one keep-alive upstream pool
// per event loop, connections made on the loop of the caller that needs one, as the shadow proxy's primary pools.
// Run as a single-file program against the shadow jar (which carries Netty and its epoll transport):
//   java -cp cli/target/shadow.jar bench/java/NettyForward.java PORT UPSTREAM_PORT
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;

public class NettyForward {
  private static final int MAX_BODY = 1 << 20;
  private static int upstreamPort;
  // idle upstream connections of the event loop that made them
  private static final FastThreadLocal<ArrayDeque<Channel>> IDLE =
      new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
          return new ArrayDeque<>();
        }
      };

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    upstreamPort = Integer.parseInt(args[1]);
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(loops)
        .channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new Caller());
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("forwarding 127.0.0.1:" + port + " to 127.0.0.1:" + upstreamPort);
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A caller's connection: each request goes to an idle upstream connection of this loop, or a new one. */
  static final class Caller extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      request.headers().remove(HttpHeaderNames.CONNECTION);
      FullHttpRequest forwarded = request.retainedDuplicate();
      Channel caller = ctx.channel();
      Channel idle;
      while ((idle = IDLE.get().pollFirst()) != null && !idle.isActive()) {
        // closed by the upstream while idle: dropped
      }
      if (idle != null) {
        send(idle, caller, forwarded);
        return;
      }
      new Bootstrap()
          .group(caller.eventLoop())
          .channel(EpollSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BODY), new Upstream());
                }
              })
          .connect("127.0.0.1", upstreamPort)
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (f.isSuccess()) {
                      send(f.channel(), caller, forwarded);
                    } else {
                      forwarded.release();
                      caller.writeAndFlush(
                          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY));
                    }
                  });
    }
  }

  static void send(Channel upstream, Channel caller, FullHttpRequest request) {
    upstream.pipeline().get(Upstream.class).caller = caller;
    upstream.writeAndFlush(request);
  }

  /** An upstream connection: hands its answer to the caller waiting on it, then waits idle for the next request. */
  static final class Upstream extends SimpleChannelInboundHandler<FullHttpResponse> {
    Channel caller;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      Channel waiting = caller;
      caller = null;
      IDLE.get().addFirst(ctx.channel());
      waiting.writeAndFlush(response.retainedDuplicate());
    }
  }
}
