package dev.lambdatck.handler;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * lambda-tck conformance handler for the Java runtime interface client
 * (com.amazonaws:aws-lambda-java-runtime-interface-client). Implements the handler-level part of the
 * fixture protocol (spec/fixture-protocol.md): a script event {"tck":{"v":1,"steps":[…]}} runs step by
 * step; any other event is written back byte for byte. The runtime interface client, not this class,
 * talks to the Runtime API, so the TCK observes the client's behaviour.
 *
 * <p>Handler string: {@code dev.lambdatck.handler.TckHandler::handleRequest}. A RequestStreamHandler
 * sees the event bytes and chooses the response bytes exactly, so respond bodies go out as given;
 * contentType and headers of a respond step cannot be chosen by a handler. Steps after the answer step
 * (respond/error) cannot run because the handler has returned; they are recorded as not run in the
 * history that recall reports. The fixture-only ops (stream, http, list, read, exec) answer ok: false.
 *
 * <p>A fatal step throws a VirtualMachineError (an InternalError subclass named errorType) out of the
 * handler, the kind of failure a JVM cannot be trusted to recover from; the client, not the handler,
 * decides what follows (2.x posts /error, then leaves its loop), so {@code code} cannot be honoured.
 */
public final class TckHandler implements RequestStreamHandler {

    static final String FIXTURE = "handler-java";
    static final String VERSION = "0.1.0";
    private static final int HISTORY_LIMIT = 16;
    private static final Set<String> HANDLER_OPS = Set.of("respond", "error", "fatal", "sleep", "exit", "kill", "echo", "log", "recall");
    private static final Set<String> FIXTURE_ONLY_OPS = Set.of("stream", "http", "list", "read", "exec");
    private static final Set<String> SIGNALS = Set.of("TERM", "KILL", "SEGV", "ABRT", "INT");

    private static int invocations;
    private static final Deque<Map<String, Object>> HISTORY = new ArrayDeque<>();

    /** How the handler ends: bytes to return, or an exception to throw. */
    private static final class Answer extends RuntimeException {
        final byte[] body;
        final RuntimeException error;
        final Map<String, Object> result;

        Answer(byte[] body, RuntimeException error, Map<String, Object> result) {
            super(null, null, false, false);
            this.body = body;
            this.error = error;
            this.result = result;
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        int invocation;
        synchronized (TckHandler.class) {
            invocation = ++invocations;
        }
        byte[] event = input.readAllBytes();
        System.err.println("tck-fixture " + FIXTURE + " invocation " + invocation + " request " + context.getAwsRequestId());

        if (!isScript(event)) {
            output.write(event); // plain event: back byte for byte
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("protocol", 1L);
        doc.put("fixture", FIXTURE);
        doc.put("version", VERSION);
        doc.put("scenario", null);
        doc.put("invocation", (long) invocation);
        doc.put("requestId", context.getAwsRequestId());
        List<Object> results = new ArrayList<>();
        doc.put("results", results);
        doc.put("error", null);

        Map<String, Object> tck;
        try {
            tck = readScript(event);
        } catch (IllegalArgumentException e) {
            doc.put("error", e.getMessage());
            remember(doc);
            output.write(utf8(Json.write(doc)));
            return;
        }
        doc.put("scenario", tck.get("id"));

        Answer answer = null;
        for (Object s : (List<?>) tck.get("steps")) {
            Map<?, ?> step = (Map<?, ?>) s;
            if (answer != null) {
                Map<String, Object> r = result(step.get("op"), false);
                r.put("error", "not run: the handler returned at the answer step");
                results.add(r);
                continue;
            }
            try {
                results.add(run(step, event, context, invocation, doc));
            } catch (Answer a) {
                results.add(a.result);
                answer = a;
            }
        }
        remember(doc);
        if (answer == null) {
            output.write(utf8(Json.write(doc)));
        } else if (answer.error != null) {
            throw answer.error;
        } else {
            output.write(answer.body);
        }
    }

    private static boolean isScript(byte[] event) {
        byte[] prefix = utf8("{\"tck\":");
        return event.length >= prefix.length && Arrays.equals(Arrays.copyOf(event, prefix.length), prefix);
    }

    private static Map<String, Object> readScript(byte[] event) {
        Object parsed;
        try {
            parsed = Json.parse(new String(event, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("script is not valid JSON: " + e.getMessage());
        }
        Object tck = ((Map<?, ?>) parsed).get("tck");
        if (!(tck instanceof Map)) throw new IllegalArgumentException("'tck' is not an object");
        @SuppressWarnings("unchecked") Map<String, Object> script = (Map<String, Object>) tck;
        if (!Long.valueOf(1).equals(script.get("v"))) {
            throw new IllegalArgumentException("unsupported protocol version " + Json.write(script.get("v")) + " (expected 1)");
        }
        Object steps = script.get("steps");
        if (!(steps instanceof List)) throw new IllegalArgumentException("'steps' is missing or is not an array of objects");
        for (Object s : (List<?>) steps) {
            if (!(s instanceof Map)) throw new IllegalArgumentException("'steps' is missing or is not an array of objects");
            Object op = ((Map<?, ?>) s).get("op");
            if (!HANDLER_OPS.contains(op) && !FIXTURE_ONLY_OPS.contains(op)) {
                throw new IllegalArgumentException("unknown op " + Json.write(op));
            }
        }
        return script;
    }

    private Map<String, Object> run(Map<?, ?> step, byte[] event, Context context, int invocation, Map<String, Object> doc) {
        String op = (String) step.get("op");
        switch (op) {
            case "respond": {
                Object body = step.containsKey("body") ? step.get("body") : Map.of("results", true);
                byte[] bytes = bodyBytes(body, event, doc);
                Map<String, Object> r = result(op, true);
                r.put("returned", Map.of("kind", "bytes", "length", (long) bytes.length));
                throw new Answer(bytes, null, r);
            }
            case "error": {
                String type = step.containsKey("errorType") ? String.valueOf(step.get("errorType")) : "Tck.ScriptedError";
                String message = step.containsKey("message") ? String.valueOf(step.get("message")) : "scripted error";
                RuntimeException error = ErrorTypes.make(type, message);
                Map<String, Object> r = result(op, true);
                r.put("raised", error.getClass().getName());
                throw new Answer(null, error, r);
            }
            case "fatal": {
                String type = step.containsKey("errorType") ? String.valueOf(step.get("errorType")) : "Runtime.TckFatal";
                String message = step.containsKey("message") ? String.valueOf(step.get("message")) : "fatal handler failure";
                throw ErrorTypes.makeFatal(type, message); // leaves the step loop and the handler
            }
            case "sleep":
                sleep(number(step.get("ms"), 0));
                return result(op, true);
            case "exit":
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt((int) number(step.get("code"), 0));
                return result(op, true);
            case "kill":
                return kill(step.get("signal"));
            case "echo":
                return echo(event, context, invocation);
            case "log": {
                PrintStream stream = "stderr".equals(step.get("stream")) ? System.err : System.out;
                String text = step.containsKey("text") ? String.valueOf(step.get("text")) : "";
                long repeat = number(step.get("repeat"), 1);
                for (long i = 0; i < repeat; i++) stream.println(text);
                stream.flush();
                return result(op, true);
            }
            case "recall": {
                Map<String, Object> r = result(op, true);
                synchronized (HISTORY) {
                    r.put("invocations", new ArrayList<>(HISTORY));
                }
                return r;
            }
            default: {
                Map<String, Object> r = result(op, false);
                r.put("error", "op '" + op + "' needs the fixture-protocol capability: a handler cannot perform it");
                return r;
            }
        }
    }

    private static byte[] bodyBytes(Object body, byte[] event, Map<String, Object> doc) {
        if (!(body instanceof Map)) return utf8(Json.write(doc));
        Map<?, ?> b = (Map<?, ?>) body;
        if (b.containsKey("text")) return utf8(String.valueOf(b.get("text")));
        if (b.containsKey("base64")) return Base64.getDecoder().decode(String.valueOf(b.get("base64")));
        if (b.containsKey("size")) {
            String fill = b.containsKey("fill") ? String.valueOf(b.get("fill")) : "a";
            byte[] bytes = new byte[(int) number(b.get("size"), 0)];
            Arrays.fill(bytes, (byte) (fill.isEmpty() ? 'a' : fill.charAt(0)));
            return bytes;
        }
        if (b.containsKey("json")) return utf8(Json.write(b.get("json")));
        if (Boolean.TRUE.equals(b.get("event"))) return event;
        return utf8(Json.write(doc)); // {"results": true}: the result document so far
    }

    private static Map<String, Object> kill(Object signal) {
        if (!SIGNALS.contains(signal)) {
            Map<String, Object> r = result("kill", false);
            r.put("error", "unknown signal " + Json.write(signal));
            return r;
        }
        System.out.flush();
        System.err.flush();
        // a JVM cannot signal itself through the JDK API; kill(1) does it
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            p.waitFor(5, TimeUnit.SECONDS);
            sleep(1000); // a handled signal may return here
            return result("kill", true);
        } catch (IOException e) {
            Map<String, Object> r = result("kill", false);
            r.put("error", "cannot run kill: " + e.getMessage());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result("kill", true);
        }
    }

    private static Map<String, Object> echo(byte[] event, Context context, int invocation) {
        Map<String, Object> r = result("echo", true);
        r.put("requestId", context.getAwsRequestId());
        r.put("context", context(context));
        r.put("env", new TreeMap<>(System.getenv()));
        r.put("cwd", Paths.get("").toAbsolutePath().toString());
        long[] ids = ids();
        r.put("uid", ids[0] < 0 ? null : ids[0]);
        r.put("gid", ids[1] < 0 ? null : ids[1]);
        r.put("argv", argv());
        r.put("traceEnv", System.getenv("_X_AMZN_TRACE_ID"));
        r.put("traceProperty", System.getProperty("com.amazonaws.xray.traceHeader"));
        r.put("eventBytes", (long) event.length);
        r.put("eventSha256", sha256(event));
        r.put("eventForm", "bytes");
        r.put("invocation", (long) invocation);
        r.put("pid", ProcessHandle.current().pid());
        return r;
    }

    private static Map<String, Object> context(Context c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", c.getAwsRequestId());
        m.put("remainingTimeMs", (long) c.getRemainingTimeInMillis());
        m.put("deadlineMs", null); // the Java context exposes only the remaining time
        m.put("invokedFunctionArn", c.getInvokedFunctionArn());
        m.put("traceId", c.getXrayTraceId());
        ClientContext cc = c.getClientContext();
        if (cc == null) {
            m.put("clientContext", null);
        } else {
            Map<String, Object> ccm = new LinkedHashMap<>();
            ccm.put("custom", cc.getCustom());
            ccm.put("env", cc.getEnvironment());
            Client client = cc.getClient();
            if (client == null) {
                ccm.put("client", null);
            } else {
                Map<String, Object> cl = new LinkedHashMap<>();
                cl.put("installation_id", client.getInstallationId());
                cl.put("app_title", client.getAppTitle());
                cl.put("app_version_name", client.getAppVersionName());
                cl.put("app_version_code", client.getAppVersionCode());
                cl.put("app_package_name", client.getAppPackageName());
                ccm.put("client", cl);
            }
            m.put("clientContext", ccm);
        }
        CognitoIdentity id = c.getIdentity();
        if (id == null) {
            m.put("identity", null);
        } else {
            Map<String, Object> idm = new LinkedHashMap<>();
            idm.put("cognitoIdentityId", id.getIdentityId());
            idm.put("cognitoIdentityPoolId", id.getIdentityPoolId());
            m.put("identity", idm);
        }
        m.put("tenantId", c.getTenantId());
        m.put("functionName", c.getFunctionName());
        m.put("functionVersion", c.getFunctionVersion());
        m.put("memoryLimitInMB", (long) c.getMemoryLimitInMB());
        m.put("logGroupName", c.getLogGroupName());
        m.put("logStreamName", c.getLogStreamName());
        return m;
    }

    /** Real uid and gid from /proc (the JDK has no portable API); -1 when unknown. */
    private static long[] ids() {
        long[] ids = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) ids[0] = Long.parseLong(line.split("\\s+")[1]);
                if (line.startsWith("Gid:")) ids[1] = Long.parseLong(line.split("\\s+")[1]);
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave unknown
        }
        return ids;
    }

    private static List<Object> argv() {
        List<Object> argv = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            ProcessHandle.current().info().command().ifPresent(argv::add);
            ProcessHandle.current().info().arguments().ifPresent(a -> argv.addAll(Arrays.asList(a)));
        }
        return argv;
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void remember(Map<String, Object> doc) {
        synchronized (HISTORY) {
            HISTORY.addLast(doc);
            while (HISTORY.size() > HISTORY_LIMIT) HISTORY.removeFirst();
        }
    }

    private static Map<String, Object> result(Object op, boolean ok) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("op", op);
        r.put("ok", ok);
        return r;
    }

    private static long number(Object value, long fallback) {
        return value instanceof Number ? ((Number) value).longValue() : fallback;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.max(0, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
