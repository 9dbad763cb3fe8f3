package dev.lambdatck.refimpl.support;

import dev.lambdatck.refimpl.platform.DeployedFunctionHandle;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Test extensions: bash + curl scripts that log every Extensions API answer to stdout as one line
 * {@code ext <name> <what> <status> <body>} (the platform puts it in the function log).
 * Helpers available to the hooks: {@code call METHOD PATH [curl args]} sets S (status) and B (body);
 * {@code say ...} logs; {@code hdr NAME} reads a header of the last answer; ID holds the identifier.
 */
public final class ExtScript {

    public static final String BOTH = "\"INVOKE\",\"SHUTDOWN\"";

    private ExtScript() {
    }

    /**
     * @param events         the register body's events list (JSON array contents)
     * @param beforeRegister shell run first (may call the API itself)
     * @param afterRegister  shell run after a registration, before the event loop
     * @param onInvoke       shell run after each INVOKE event, before calling event/next again
     */
    public static String of(String events, String beforeRegister, String afterRegister, String onInvoke) {
        return "#!/bin/bash\n"
                + "API=\"http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension\"\n"
                + "NAME=$(basename \"$0\")\n"
                + "T=$(mktemp -d); trap 'rm -rf \"$T\"' EXIT\n"
                + "say() { echo \"ext $NAME $*\"; }\n"
                + "call() { local m=$1 p=$2; shift 2; S=$(curl -sS -m \"${TMO:-60}\" -o \"$T/b\" -D \"$T/h\" -w '%{http_code}' -X \"$m\" \"$API/$p\" \"$@\");"
                + " B=$(tr -d '\\n' < \"$T/b\" 2>/dev/null); }\n"
                + "hdr() { grep -i \"^$1:\" \"$T/h\" | tr -d '\\r' | cut -d' ' -f2; }\n"
                + beforeRegister + "\n"
                + "call POST register -H \"Lambda-Extension-Name: $NAME\" --data-binary '{\"events\":[" + events + "]}'\n"
                + "say register $S $B\n"
                + "ID=$(hdr lambda-extension-identifier)\n"
                + afterRegister + "\n"
                + "while true; do\n"
                + "  call GET event/next -H \"Lambda-Extension-Identifier: $ID\"\n"
                + "  say event $S $(date +%s%3N) $B\n"
                + "  [ \"$S\" = 200 ] || exec sleep 30\n"
                + "  case \"$B\" in *SHUTDOWN*) exit 0 ;; esac\n"
                + "  " + onInvoke + "\n"
                + "done\n";
    }

    /** Registers for {@code events} and takes events forever. */
    public static String simple(String events) {
        return of(events, "", "", ":");
    }

    /** The first function log line starting with {@code prefix}, waiting up to {@code max}. */
    public static String awaitLine(DeployedFunctionHandle f, String prefix, Duration max) {
        Harness.await("a log line '" + prefix + "' in " + f.logs(), max, () -> line(f, prefix).isPresent());
        return line(f, prefix).orElseThrow();
    }

    public static Optional<String> line(DeployedFunctionHandle f, String prefix) {
        return Arrays.stream(f.logs().split("\n")).filter(l -> l.startsWith(prefix)).findFirst();
    }

    public static long count(DeployedFunctionHandle f, String prefix) {
        return Arrays.stream(f.logs().split("\n")).filter(l -> l.startsWith(prefix)).count();
    }
}
