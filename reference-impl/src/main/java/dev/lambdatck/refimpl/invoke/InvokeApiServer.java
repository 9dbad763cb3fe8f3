package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.FaultSet;
import dev.lambdatck.refimpl.http.EventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.UUID;
import java.util.function.Consumer;

/** The Invoke API listener. Request bodies are aggregated up to 6,291,456 bytes; larger ones get AWS's 413. */
public final class InvokeApiServer {

    private InvokeApiServer() {
    }

    public static Channel bind(EventLoops loops, String host, int port, FunctionDirectory directory, FaultSet faults,
                               Consumer<String> log) {
        InvokeApiHandler handler = new InvokeApiHandler(directory, faults, loops, log);
        return loops.bind(host, port, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024)));
                ch.pipeline().addLast(new PayloadAggregator(faults));
                ch.pipeline().addLast(handler);
            }
        });
    }

    /** Answers an oversized request in AWS's shape and closes, without reading the rest into memory. */
    private static final class PayloadAggregator extends HttpObjectAggregator {
        private final FaultSet faults;

        PayloadAggregator(FaultSet faults) {
            // truncate-oversized-payload: larger bodies are read in full (and cut by the handler)
            super(faults.has(dev.lambdatck.refimpl.faults.Fault.TRUNCATE_OVERSIZED_PAYLOAD)
                    ? 4 * InvokeApiError.MAX_SYNC_PAYLOAD : InvokeApiError.MAX_SYNC_PAYLOAD, true);
            this.faults = faults;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse r = InvokeApiError.tooLarge(InvokeApiError.MAX_SYNC_PAYLOAD, faults).toResponse(UUID.randomUUID().toString());
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

}
