package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.http.EventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;

/** A Runtime API 2018-06-01 listener for one execution environment. */
public final class RuntimeApiServer {

    /** Request line limit; Go's net/http (RAPID) allows the whole 1 MiB header budget for it. */
    public static final int MAX_INITIAL_LINE = 64 * 1024;
    /** Header block limit, as Go's default {@code MaxHeaderBytes} (1 MiB); beyond it: 431. */
    public static final int MAX_HEADER_BYTES = 1024 * 1024;

    private RuntimeApiServer() {
    }

    /** Binds a listener on {@code host}, free port, serving {@code backend}. */
    public static Channel bind(EventLoops loops, String host, RuntimeApiBackend backend) {
        return loops.bind(host, 0, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(64 * 1024)));
                ch.pipeline().addLast(new HttpServerExpectContinueHandler());
                ch.pipeline().addLast(new RuntimeApiHandler(backend));
            }
        });
    }
}
