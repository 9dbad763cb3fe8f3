package dev.lambdatck.refimpl.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The platform's I/O threads: one small group shared by the Invoke API listener and every Runtime API
 * listener, so an invocation never costs a thread. Also the platform's timer (deadlines, init limits).
 */
public final class EventLoops implements AutoCloseable {

    private final EventLoopGroup group;

    public EventLoops(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("refimpl-io", true),
                NioIoHandler.newFactory());
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Binds a listener; {@code port} 0 picks a free port. Blocks until bound. */
    public Channel bind(String host, int port, ChannelInitializer<SocketChannel> initializer) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        try {
            return b.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public io.netty.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return group.next().schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    public static int port(Channel serverChannel) {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
