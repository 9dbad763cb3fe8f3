package dev.lambdatck.refimpl.runtimeapi;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.http.EventLoops;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
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
                ch.pipeline().addLast(backend.faults().has(Fault.REJECT_EXPECT_CONTINUE)
                        ? new RefusingExpectContinueHandler() : new HttpServerExpectContinueHandler());
                ch.pipeline().addLast(new RuntimeApiHandler(backend));
            }
        });
    }

    /** Under the reject-expect-continue fault: every Expect: 100-continue gets 417 and the request is dropped. */
    private static final class RefusingExpectContinueHandler extends HttpServerExpectContinueHandler {
        @Override
        protected HttpResponse acceptMessage(HttpRequest request) {
            return null;
        }

        @Override
        protected HttpResponse rejectResponse(HttpRequest request) {
            return Reply.error(RuntimeApiErrors.expectationFailed()).toResponse();
        }
    }
}
