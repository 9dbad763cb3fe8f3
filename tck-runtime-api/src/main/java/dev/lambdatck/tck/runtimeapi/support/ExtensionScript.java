package dev.lambdatck.tck.runtimeapi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of a test extension: a POSIX sh + curl program for {@code /opt/extensions/<name>} that writes what it sees
 * of the Extensions API to stderr (the function log), one line per observation, read back by {@link ExtensionLog}:
 * <pre>
 * tck-ext NAME LABEL p=PID t=EPOCH_MS [s=STATUS h=HEADER|HEADER|... b=BODY]
 * </pre>
 * Labels: {@code start}, {@code env}, {@code no-curl}, {@code next-call} (just before it asks for the next event),
 * {@code bye}, and the label of each call. Header and body line breaks are written as {@code |}. Every curl call
 * carries the test's marker as its User-Agent and the shell re-executes itself with the marker as argument, so the
 * test can find (and, after the function is gone, end) every process of its extensions.
 */
public final class ExtensionScript {

    public static final String PREFIX = "/2020-01-01/extension";
    /** How long one probing call may take (a call the platform should refuse at once). */
    static final int PROBE_SECONDS = 5;
    /**
     * How long a call after an error report may take: a refusal comes at once, and a call the platform wrongly lets
     * wait must end (and be logged) well within the 2 s shutdown budget before the platform ends the extension.
     */
    static final int AFTER_ERROR_SECONDS = 1;
    /** How long a waiting event/next may take before the extension gives up (bounds a leaked extension's life). */
    static final int NEXT_SECONDS = 120;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9 ._:,\\[\\]\"{}/+=-]*");

    private final String name;
    private final String marker;
    private final List<String> init = new ArrayList<>();
    private final List<String> postRegister = new ArrayList<>();
    private final List<String> onEvent = new ArrayList<>();
    private String events = "[\"INVOKE\",\"SHUTDOWN\"]";
    private boolean loop = true;
    private long pauseMs;

    private ExtensionScript(String name, String marker) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a plain extension file name: " + name);
        if (!marker.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("marker must be a plain word: " + marker);
        this.name = name;
        this.marker = marker;
    }

    /** An extension that registers for INVOKE and SHUTDOWN and logs every event until SHUTDOWN. */
    public static ExtensionScript named(String name, String marker) {
        return new ExtensionScript(name, marker);
    }

    public String name() {
        return name;
    }

    /** The events it registers for, e.g. {@code "SHUTDOWN"}; no argument registers for none. */
    public ExtensionScript events(String... eventTypes) {
        this.events = jsonArray(eventTypes);
        return this;
    }

    /** A register call labelled {@code label} with these events and no name header, made before its own registration. */
    public ExtensionScript registerWithoutName(String label, String... eventTypes) {
        init.add("call " + label + " POST /register " + PROBE_SECONDS + " -H 'Content-Type: application/json' --data-binary '"
                + body(eventTypes) + "'");
        return this;
    }

    /** A register call under its own name with these events, made before its own registration. */
    public ExtensionScript registerFirst(String label, String... eventTypes) {
        init.add("call " + label + " POST /register " + PROBE_SECONDS + " -H \"Lambda-Extension-Name: $N\""
                + " -H 'Content-Type: application/json' --data-binary '" + body(eventTypes) + "'");
        return this;
    }

    /** After registering, it calls init/error with this error type and then tries event/next and exit/error ({@code after-*}). */
    public ExtensionScript initError(String errorType) {
        this.loop = false;
        postRegister.add(errorCall("init-error", "/init/error", errorType));
        postRegister.add(afterCalls());
        return this;
    }

    /** On its first INVOKE it calls exit/error with this error type, then tries event/next and exit/error again ({@code after-*}), and exits. */
    public ExtensionScript exitErrorOnInvoke(String errorType) {
        onEvent.add("if grep -q '\"INVOKE\"' \"$T/b\"; then " + errorCall("exit-error", "/exit/error", errorType) + "; "
                + afterCalls() + "; say bye; exit 0; fi");
        return this;
    }

    /** It sleeps this long after each INVOKE before calling event/next again (its post-processing). */
    public ExtensionScript pauseAfterInvoke(long ms) {
        this.pauseMs = ms;
        return this;
    }

    private String errorCall(String label, String path, String errorType) {
        return "call " + label + " POST " + path + " " + PROBE_SECONDS + " -H \"Lambda-Extension-Identifier: $ID\""
                + " -H 'Lambda-Extension-Function-Error-Type: " + safe(errorType) + "'"
                + " -H 'Content-Type: application/json' --data-binary '{\"errorMessage\":\"tck extension error\",\"errorType\":\""
                + safe(errorType) + "\",\"stackTrace\":[]}'";
    }

    private static String afterCalls() {
        return "call after-next GET /event/next " + AFTER_ERROR_SECONDS + " -H \"Lambda-Extension-Identifier: $ID\"; "
                + "call after-exit-error POST /exit/error " + AFTER_ERROR_SECONDS + " -H \"Lambda-Extension-Identifier: $ID\""
                + " -H 'Lambda-Extension-Function-Error-Type: Extension.TckAfterError' --data-binary '{}'";
    }

    /** The program text. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# lambda-tck test extension '").append(name).append("' (generated; see ExtensionScript)\n");
        s.append("N='").append(name).append("'\n");
        s.append("M='").append(marker).append("'\n");
        // the marker on the command line lets the test find this process
        s.append("[ \"$1\" = \"$M\" ] || exec /bin/sh \"$0\" \"$M\"\n");
        s.append("A=\"http://${AWS_LAMBDA_RUNTIME_API}").append(PREFIX).append("\"\n");
        s.append("""
                now() { _t=$(date +%s%3N 2>/dev/null); case "$_t" in ''|*[!0-9]*) _t=$(( $(date +%s) * 1000 ));; esac; echo "$_t"; }
                say() { _l=$1; shift; printf 'tck-ext %s %s p=%s t=%s %s\\n' "$N" "$_l" "$$" "$(now)" "$*" >&2; }
                say start
                T=$(mktemp -d 2>/dev/null) || T="/tmp/tck-ext-$$"
                mkdir -p "$T" || { say no-tmp; exit 0; }
                trap 'rm -rf "$T"' EXIT
                flat() { if [ -f "$1" ]; then tr -d '\\r' < "$1" | tr '\\n' '|'; fi; }
                call() {
                  _l=$1; _m=$2; _p=$3; _mt=$4; shift 4
                  rm -f "$T/h" "$T/b"
                  s=$(curl -s -A "$M" -X "$_m" -m "$_mt" -D "$T/h" -o "$T/b" -w '%{http_code}' "$@" "$A$_p" </dev/null 2>/dev/null)
                  [ -n "$s" ] || s=000
                  say "$_l" "s=$s h=$(flat "$T/h") b=$(flat "$T/b")"
                }
                ident() { grep -i '^lambda-extension-identifier:' "$T/h" 2>/dev/null | head -n 1 | cut -d: -f2- | tr -d ' \\r'; }
                command -v curl >/dev/null 2>&1 || { say no-curl; exit 0; }
                _pv=''
                for _v in _HANDLER LAMBDA_TASK_ROOT LAMBDA_RUNTIME_DIR AWS_EXECUTION_ENV; do
                  eval "[ -n \\"\\${$_v+x}\\" ]" && _pv="$_pv$_v,"
                done
                say env "api=$AWS_LAMBDA_RUNTIME_API private=$_pv"
                """);
        for (String c : init) s.append(c).append('\n');
        s.append("call register POST /register ").append(PROBE_SECONDS)
                .append(" -H \"Lambda-Extension-Name: $N\" -H 'Content-Type: application/json' --data-binary '{\"events\":")
                .append(events).append("}'\n");
        s.append("ID=$(ident)\n");
        s.append("[ \"$s\" = 200 ] && [ -n \"$ID\" ] || { say bye; exit 0; }\n");
        for (String c : postRegister) s.append(c).append('\n');
        if (!loop) {
            s.append("say bye\nexit 0\n");
            return s.toString();
        }
        s.append("_i=0\nwhile [ $_i -lt 50 ]; do\n  _i=$((_i + 1))\n  say next-call\n");
        s.append("  call event GET /event/next ").append(NEXT_SECONDS).append(" -H \"Lambda-Extension-Identifier: $ID\"\n");
        s.append("  [ \"$s\" = 200 ] || { say bye; exit 0; }\n");
        s.append("  if grep -q '\"SHUTDOWN\"' \"$T/b\"; then say bye; exit 0; fi\n");
        for (String c : onEvent) s.append("  ").append(c).append('\n');
        if (pauseMs > 0) {
            s.append("  if grep -q '\"INVOKE\"' \"$T/b\"; then sleep ").append(String.format(java.util.Locale.ROOT, "%d.%03d", pauseMs / 1000, pauseMs % 1000))
                    .append("; fi\n");
        }
        s.append("done\nsay bye\nexit 0\n");
        return s.toString();
    }

    private static String body(String... eventTypes) {
        return "{\"events\":" + jsonArray(eventTypes) + "}";
    }

    private static String jsonArray(String... values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) b.append(',');
            b.append('"').append(safe(values[i])).append('"');
        }
        return b.append(']').toString();
    }

    /** Text placed inside single quotes of the script: no quote, backslash or other shell-active character. */
    private static String safe(String s) {
        if (!SAFE.matcher(s).matches() || s.contains("'")) throw new IllegalArgumentException("unsafe text for the extension script: " + s);
        return s;
    }
}
