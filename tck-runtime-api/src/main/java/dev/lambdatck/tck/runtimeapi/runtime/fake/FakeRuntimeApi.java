package dev.lambdatck.tck.runtimeapi.runtime.fake;

import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.TargetException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The strict fake platform of the runtime suite: a Runtime API (2018-06-01) server on 127.0.0.1 and a free
 * port that hands out the events a test queues, holds {@code GET /next} until one exists, answers every
 * post as the API specifies (202 {@code {"status":"OK"}}, 400 InvalidRequestID, 403 InvalidStateTransition,
 * 413 above 6,291,556 buffered bytes, 400 InvalidFunctionResponseMode), records every request with its
 * timing, and answers in hostile ways when a test asks. Every request goes to the test's evidence as an
 * exchange {@code runtime->tck}.
 *
 * <p>Why not WireMock (or Jetty/Netty): the suite must observe the runtime's bytes exactly, and those
 * libraries normalise precisely what is under test. WireMock answers with fixed delays, not "when the
 * test queues an event", so a long-poll {@code /next} with a deadline and abandonment detection does not
 * fit its stub model; Jetty 11 under WireMock does not expose request trailers or chunk boundaries, and
 * Netty's decoder splits chunks by read size and accepts bare-LF framing. Hostile answers (reset, close,
 * truncated body, malformed chunks) need the socket anyway. The API is small (four endpoints, one
 * client), so a blocking server with one thread per connection and a strict request reader
 * ({@link WireReader}) is the simpler and more faithful tool.
 */
public final class FakeRuntimeApi implements AutoCloseable {

    /** Largest buffered result the platform accepts (6 MiB + 100 bytes); one more byte is answered 413. */
    public static final long MAX_BUFFERED_RESPONSE = 6_291_556L;
    public static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";

    private final ServerSocket server;
    private final TckTimeouts timeouts;
    private final EvidenceLog evidence;
    private final InvocationBook book = new InvocationBook();
    private final BlockingQueue<Object> forNext = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedDeque<Answer> forPosts = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;
    private volatile boolean closeAfterAnswers;
    private volatile Answer nextFailure;
    private int waitingNext;
    private int maxWaitingNext;

    private FakeRuntimeApi(ServerSocket server, TckTimeouts timeouts) {
        this.server = server;
        this.timeouts = timeouts;
        this.evidence = EvidenceLog.current();
        this.acceptor = new Thread(this::acceptLoop, "fake-runtime-api-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Binds 127.0.0.1 on a free port and starts serving. */
    public static FakeRuntimeApi start(TckTimeouts timeouts) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            FakeRuntimeApi api = new FakeRuntimeApi(s, timeouts);
            api.acceptor.start();
            return api;
        } catch (IOException e) {
            throw new TargetException("the fake Runtime API could not bind a loopback port: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Queues an event for the next (or a waiting) {@code GET /next}. */
    public Event enqueue(Event event) {
        forNext.add(event);
        return event;
    }

    /** The next {@code GET /next} gets this answer instead of an event (in order with queued events). */
    public void enqueueNextAnswer(Answer answer) {
        forNext.add(answer);
    }

    /**
     * From now on every {@code GET /next} (including one already waiting) gets this answer: the platform
     * has failed for good, as a 500 from {@code /next} declares.
     */
    public void failNextFromNowOn(Answer answer) {
        this.nextFailure = answer;
        synchronized (this) {
            notifyAll();
        }
    }

    /** The next {@code /response} or {@code /error} post gets this answer instead of the normal one. */
    public void answerNextPost(Answer answer) {
        forPosts.add(answer);
    }

    /** Closes each connection after answering a post on it, as a platform closing idle keep-alive connections does. */
    public void closeConnectionsAfterAnswers(boolean close) {
        this.closeAfterAnswers = close;
    }

    /** Every request so far, in order of arrival. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(RecordedRequest.Kind kind) {
        return requests().stream().filter(r -> r.kind() == kind).toList();
    }

    /** Most {@code GET /next} requests ever held at once. */
    public synchronized int maxWaitingNext() {
        return maxWaitingNext;
    }

    public synchronized int waitingNext() {
        return waitingNext;
    }

    /** State-machine violations seen, e.g. a {@code /next} while an invocation had no result. */
    public List<String> violations() {
        return book.violations();
    }

    /** Waits for the first recorded request matching {@code p}; empty when none came within the time. */
    public Optional<RecordedRequest> await(Predicate<RecordedRequest> p, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (true) {
                for (RecordedRequest r : requests) if (p.test(r)) return Optional.of(r);
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) return Optional.empty();
                try {
                    wait(Math.max(1, Math.min(left, 50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /** Waits until the condition holds (re-checked on every request and answer, and at least every poll interval). */
    public boolean awaitCondition(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        long poll = Math.max(1, Math.min(50, timeouts.poll().toMillis()));
        synchronized (this) {
            while (true) {
                if (condition.getAsBoolean()) return true;
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) return condition.getAsBoolean();
                try {
                    wait(Math.max(1, Math.min(left, poll)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                int id = connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s, id), "fake-runtime-api-conn-" + id);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            socket.setTcpNoDelay(true);
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            WireReader reader = new WireReader(socket, in, () -> closed, () -> ResponseWriter.writeContinue(out));
            while (!closed) {
                WireRequest w = reader.read(timeouts.invoke().toMillis());
                if (w == null) return;
                RecordedRequest r = new RecordedRequest(sequence.incrementAndGet(), connection, w);
                add(r);
                boolean keep;
                try {
                    keep = w.framingError() == null ? handle(r, socket, reader, out) : refuseMalformed(r, out);
                } finally {
                    published(r);
                }
                // The close comes after answering a post, never after /next: the runtime's next request is then
                // the idempotent GET /next, which a client may resend on a new connection (RFC 9112 9.3.1).
                // Closing after /next would race the POST the runtime sends at once, which no client may replay.
                boolean closeIdle = closeAfterAnswers && r.kind() != RecordedRequest.Kind.NEXT;
                if (!keep || closeIdle || w.header("Connection").map("close"::equalsIgnoreCase).orElse(false)) return;
            }
        } catch (IOException e) {
            // the runtime closed or reset the connection: its requests are recorded, nothing else to do
        } finally {
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    private boolean refuseMalformed(RecordedRequest r, OutputStream out) throws IOException {
        Answer.Status a = Answer.error(400, "Tck.MalformedRequest", "the request could not be read: " + r.wire().framingError());
        send(r, out, a, 0, 0, "malformed request");
        return false;
    }

    /** @return whether the connection stays open */
    private boolean handle(RecordedRequest r, Socket socket, WireReader reader, OutputStream out) throws IOException {
        return switch (r.kind()) {
            case NEXT -> next(r, socket, reader, out);
            case RESPONSE, ERROR -> result(r, socket, out);
            case INIT_ERROR -> {
                send(r, out, Answer.status(book.initError()), 0, 0, null);
                yield true;
            }
            case OTHER -> {
                boolean known = r.wire().path().equals(RecordedRequest.PREFIX + "/invocation/next")
                        || r.wire().path().equals(RecordedRequest.PREFIX + "/init/error")
                        || r.wire().path().matches(RecordedRequest.PREFIX + "/invocation/.*/(response|error)");
                send(r, out, known ? new Answer.Status(405, List.of(), new byte[0])
                        : new Answer.Status(404, List.of(new Header("Content-Type", "text/plain")),
                        "404 page not found".getBytes(StandardCharsets.UTF_8)), 0, 0, null);
                yield true;
            }
        };
    }

    private boolean next(RecordedRequest r, Socket socket, WireReader reader, OutputStream out) throws IOException {
        if (book.nextArrived() == 403) {
            send(r, out, Answer.status(403), 0, 0, "GET /next after /init/error");
            return true;
        }
        Object item = nextFailure;
        if (item != null) return apply(r, socket, out, (Answer) item);
        long end = System.nanoTime() + timeouts.test().toNanos();
        synchronized (this) {
            waitingNext++;
            maxWaitingNext = Math.max(maxWaitingNext, waitingNext);
            notifyAll();
        }
        try {
            while (true) {
                try {
                    item = forNext.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    r.ended("the fake platform shut down while GET /next was waiting");
                    return false;
                }
                if (item != null) break;
                if (nextFailure != null) {
                    item = nextFailure;
                    break;
                }
                if (closed) {
                    r.ended("the test ended while GET /next was waiting for an event");
                    return false;
                }
                if (reader.peek(1) == WireReader.Peer.CLOSED) {
                    r.abandon();
                    return false;
                }
                if (System.nanoTime() > end) {
                    r.ended("no event within the test limit of " + timeouts.test().toMillis() + " ms; connection closed");
                    return false;
                }
            }
        } finally {
            synchronized (this) {
                waitingNext--;
                notifyAll();
            }
        }
        if (item instanceof Answer a) return apply(r, socket, out, a);
        Event e = (Event) item;
        String id = e.requestId();
        if (id != null && !id.isEmpty()) book.delivered(id);
        r.delivered(id);
        List<Header> headers = e.headersAt(System.currentTimeMillis());
        send(r, out, new Answer.Status(200, headers, e.payloadUnsafe()), e.pieceBytes(), e.pauseMs(), null);
        return true;
    }

    private boolean result(RecordedRequest r, Socket socket, OutputStream out) throws IOException {
        String id = r.pathRequestId();
        Answer injected = forPosts.poll();
        if (injected != null) {
            if (injected instanceof Answer.Status s && (s.status() == 413 || s.status() / 100 == 2)) book.answered(id);
            return apply(r, socket, out, injected);
        }
        int status = book.answer(id);
        Answer.Status answer = Answer.status(status);
        if (status == 202 && r.kind() == RecordedRequest.Kind.RESPONSE) {
            Optional<String> mode = r.header(RESPONSE_MODE);
            if (mode.isPresent() && !mode.get().equals("streaming")) {
                answer = Answer.error(400, "InvalidFunctionResponseMode", "Invalid function response mode");
            } else if (mode.isEmpty() && r.wire().bodyBytes() > MAX_BUFFERED_RESPONSE) {
                answer = Answer.status(413);
            }
        }
        if (answer.status() == 202 || answer.status() == 413 || answer.status() == 400 && status == 202) book.answered(id);
        send(r, out, answer, 0, 0, null);
        return true;
    }

    private boolean apply(RecordedRequest r, Socket socket, OutputStream out, Answer a) throws IOException {
        if (a instanceof Answer.Status s) {
            send(r, out, s, 0, 0, "answer injected by the test");
            return true;
        }
        r.ended(ResponseWriter.hostile(socket, out, a));
        return false;
    }

    private void send(RecordedRequest r, OutputStream out, Answer.Status a, int piece, long pause, String note) throws IOException {
        // recorded before it is written: a runtime may act on the answer (and exit) before the write returns
        r.answer(a.status(), a.headers(), a.body(), note);
        ResponseWriter.write(out, a.status(), a.headers(), a.body(), piece, pause);
    }

    private synchronized void add(RecordedRequest r) {
        requests.add(r);
        notifyAll();
    }

    private synchronized void published(RecordedRequest r) {
        evidence.record(r.toExchange());
        notifyAll();
    }

    /** Stops serving, closes every connection (a waiting runtime sees its connection end) and ends the threads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (Thread t : List.copyOf(threads)) {
            t.interrupt();
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            acceptor.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
