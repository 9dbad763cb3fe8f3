package dev.lambdatck.refimpl.faults;

import java.util.List;
import java.util.Locale;

/**
 * Deliberate deviations the reference platform can be built with, so the TCK can show that each platform
 * rule is really checked: with the fault on, the tests of exactly {@link #ruleIds()} must fail.
 * All faults are off by default. The rule ids are the only place the mapping lives.
 */
public enum Fault {
    OMIT_REQUEST_ID_HEADER("omit-request-id-header",
            "/next answers without Lambda-Runtime-Aws-Request-Id", "RT-NEXT-002"),
    OMIT_DEADLINE_HEADER("omit-deadline-header",
            "/next answers without Lambda-Runtime-Deadline-Ms", "RT-NEXT-004", "RT-NEXT-005"),
    DEADLINE_IN_SECONDS("deadline-in-seconds",
            "Lambda-Runtime-Deadline-Ms carries epoch seconds instead of milliseconds", "RT-NEXT-004", "RT-NEXT-005"),
    OMIT_FUNCTION_ARN_HEADER("omit-function-arn-header",
            "/next answers without Lambda-Runtime-Invoked-Function-Arn", "RT-NEXT-006"),
    OMIT_TRACE_HEADER("omit-trace-header",
            "/next answers without Lambda-Runtime-Trace-Id, even when the invoker sent X-Amzn-Trace-Id",
            "RT-NEXT-007", "RT-INVOKE-012"),
    NO_CLIENT_CONTEXT("no-client-context",
            "the invoker's client context is not forwarded as Lambda-Runtime-Client-Context", "RT-INVOKE-009"),
    ACCEPT_BAD_CLIENT_CONTEXT("accept-bad-client-context",
            "an X-Amz-Client-Context that is not base64 of JSON is ignored instead of refused", "RT-INVOKE-010"),
    NO_TENANT_ID("no-tenant-id",
            "the invoker's tenant id is not forwarded as Lambda-Runtime-Aws-Tenant-Id", "RT-INVOKE-015"),
    TRUNCATE_PAYLOAD("truncate-payload",
            "/next delivers the event without its last byte", "RT-NEXT-001", "RT-NEXT-014", "RT-LIMIT-009"),
    WRONG_CONTENT_TYPE("wrong-content-type",
            "/next always says Content-Type: application/json, whatever the invoker sent", "RT-NEXT-010"),
    REDELIVER_ON_SECOND_NEXT("second-next-gets-other-invocation",
            "a /next while an invocation is open is answered 200 with another (made-up) invocation",
            "RT-NEXT-013", "RT-LIFE-010"),
    SWALLOW_ON_ABANDONED_NEXT("abandoned-next-swallows-invocation",
            "an invocation handed to a /next whose connection was closed counts as delivered (and times out)",
            "RT-NEXT-016"),
    NEXT_AFTER_INIT_ERROR("next-after-init-error",
            "/next after an accepted /init/error is parked instead of refused", "RT-INIT-003"),
    ACCEPT_UNKNOWN_REQUEST_ID("accept-unknown-request-id",
            "/response and /error with an unknown or non-current request id answer 202 (body dropped)",
            "RT-RESP-007", "RT-RESP-008", "RT-RESP-010", "RT-RESP-017", "RT-ERR-010"),
    STATE_CHECK_BEFORE_ID_CHECK("state-check-before-id-check",
            "the state check runs before the request-id check: a wrong id gets 403 where 400 is due "
                    + "(whenever no invocation is awaiting its result)",
            "RT-RESP-007", "RT-RESP-008", "RT-RESP-010", "RT-ERR-010"),
    ACCEPT_SECOND_RESPONSE("accept-second-response",
            "a second /response or /error for the same invocation answers 202 (body dropped)",
            "RT-RESP-011", "RT-RESP-012", "RT-LIMIT-005"),
    RESPONSE_ANSWERS_200("response-answers-200",
            "an accepted /response is answered 200 instead of 202", "RT-RESP-001", "RT-RESP-005", "RT-STREAM-001",
            "RT-LIMIT-001"),
    TRUNCATE_RESPONSE("truncate-response",
            "a buffered invoker receives only the first 1048576 bytes of a larger response (a fixed-size buffer)",
            "RT-RESP-003", "RT-LIMIT-001"),
    NO_413_ON_LARGE_RESPONSE("no-413-on-large-response",
            "a buffered /response above 6291556 bytes is accepted and delivered",
            "RT-LIMIT-002", "RT-LIMIT-003", "RT-LIMIT-004", "RT-LIMIT-006", "RT-LIMIT-007"),
    LATE_413_ON_DECLARED_OVERSIZE("late-413-on-declared-oversize",
            "a /response declaring a Content-Length above the limit is answered 413 only once its whole body has arrived",
            "RT-LIMIT-007"),
    NO_PERCENT_DECODED_REQUEST_ID("no-percent-decoded-request-id",
            "the request id in a /response or /error path is compared without percent-decoding it", "RT-RESP-016"),
    WAIT_FOR_NEXT_BEFORE_RESULT("wait-for-next-before-result",
            "the synchronous invoker is answered only when the runtime calls /next again", "RT-RESP-014",
            "RT-ENV-014", "RT-INIT-004", "RT-INIT-005", "RT-INIT-006", "RT-INIT-007", "RT-INVOKE-005"),
    ACCEPT_BAD_RESPONSE_MODE("accept-bad-response-mode",
            "a Lambda-Runtime-Function-Response-Mode other than streaming is treated as buffered",
            "RT-STREAM-004", "RT-STREAM-005"),
    NO_FUNCTION_ERROR_HEADER("no-function-error-header",
            "errors posted to /error reach the invoker without X-Amz-Function-Error", "RT-ERR-002", "RT-ERR-006"),
    REWRITE_ERROR_BODY("rewrite-error-body",
            "the invoker receives a platform-built error document instead of the body posted to /error",
            "RT-ERR-003", "RT-ERR-011", "RT-ERR-008", "RT-ERR-009"),
    EMPTY_DEFAULT_ERROR_BODY("empty-default-error-body",
            "an /error without a body reaches the invoker as an empty body", "RT-ERR-004", "RT-ERR-005",
            "RT-HTTP-006"),
    RESET_AFTER_ERROR("reset-after-error",
            "the environment is killed and re-initialised after every /error", "RT-LIFE-008",
            "RT-ERR-001", "RT-ERR-007", "RT-ERR-011", "RT-LIMIT-008", "RT-RESP-012"),
    INIT_ERROR_REFUSED("init-error-refused",
            "/init/error before the first /next is answered 403", "RT-INIT-001", "RT-INIT-008", "RT-INIT-004"),
    REJECT_SECOND_INIT_ERROR_LATE("init-error-after-next-accepted",
            "/init/error after the first /next answers 202", "RT-INIT-002"),
    DROP_INIT_ERROR("drop-init-error",
            "an accepted /init/error is not reported to the invocation (it sees Runtime.ExitError)", "RT-INIT-004"),
    INIT_EXIT_AS_200("init-exit-as-200",
            "a runtime exiting during init gives the invocation 200 with an empty body",
            "RT-INIT-005", "RT-INVOKE-005"),
    NO_INIT_TIMEOUT("no-init-timeout",
            "the 10 s init limit is not enforced (init may take up to 15 minutes)", "RT-INIT-006"),
    TIMEOUT_AS_200("timeout-as-200",
            "a timed-out invocation answers 200 with a plain text body and no function-error header",
            "RT-LIFE-004", "RT-INVOKE-005", "RT-INIT-006"),
    NO_KILL_ON_TIMEOUT("no-kill-on-timeout",
            "after a timeout the runtime keeps running and is handed the next invocation", "RT-LIFE-006", "RT-LIFE-007"),
    CRASH_AS_200("crash-as-200",
            "a runtime exiting during an invocation gives the invoker 200 with an empty body",
            "RT-LIFE-001", "RT-LIFE-002", "RT-LIFE-003", "RT-INVOKE-005"),
    TRUNCATED_STREAM_AS_SUCCESS("truncated-stream-as-success",
            "a streamed /response whose connection closes before the terminating chunk ends as a normal response",
            "RT-STREAM-012"),
    BUFFER_STREAM("buffer-stream",
            "streamed responses reach a streaming invoker only when the runtime has finished", "RT-STREAM-002"),
    DROP_STREAM_ERROR_TRAILER("drop-stream-error-trailer",
            "error trailers of a streamed response are ignored (the stream ends as a success)",
            "RT-STREAM-006", "RT-STREAM-007", "RT-STREAM-008", "RT-STREAM-009"),
    NO_STREAM_LIMIT_FOR_BUFFERED("no-stream-limit-for-buffered",
            "a streamed response read by a buffered invoker is not size-limited", "RT-STREAM-010"),
    UNKNOWN_PATH_200("404-as-200",
            "unknown Runtime API paths answer 200", "RT-HTTP-001"),
    EVENT_ANSWERS_200("event-answers-200",
            "an Event invocation is answered 200 instead of 202", "RT-INVOKE-002"),
    DRY_RUN_RUNS("dry-run-runs",
            "a DryRun invocation is answered 204 but also delivered to a runtime", "RT-INVOKE-003"),
    NO_EXECUTED_VERSION("no-executed-version",
            "synchronous answers carry no X-Amz-Executed-Version", "RT-INVOKE-008"),
    OVERSIZED_PAYLOAD_WRONG_TYPE("oversized-payload-wrong-error-type",
            "an oversized invocation payload is refused 413 with the Runtime API's error type RequestEntityTooLarge "
                    + "instead of RequestTooLargeException", "RT-INVOKE-013"),
    UNKNOWN_FUNCTION_400("unknown-function-400",
            "invoking a function that does not exist is answered 400 instead of 404", "RT-INVOKE-014"),
    NO_LOG_TAIL("no-log-tail",
            "X-Amz-Log-Type: Tail is ignored (no X-Amz-Log-Result)", "RT-INVOKE-006", "RT-INVOKE-007"),
    // layer faults: applied by LayerFaultLauncher around the environment launcher
    LAYERS_REVERSE_ORDER("layers-reverse-order", "layers are merged last-listed first, so the first listed layer wins",
            "LY-MERGE-001", "LY-MERGE-002", "LY-MERGE-007", "LY-MERGE-010", "LY-BOOT-003"),
    LAYERS_REPLACE_DIRECTORIES("layers-replace-directories",
            "a later layer's top-level directory replaces an earlier layer's instead of merging with it", "LY-MERGE-003"),
    LAYERS_STRIP_TOP_DIRECTORY("layers-strip-top-directory",
            "a layer whose entries all sit in one top-level directory is unpacked from inside it", "LY-MERGE-004"),
    PACKAGE_MERGED_INTO_OPT("package-merged-into-opt",
            "the function package is copied into /opt where the layers have no such path",
            "LY-MERGE-004", "LY-MERGE-005", "LY-MERGE-011"),
    LAYERS_COPIED_INTO_TASK("layers-copied-into-task",
            "layer content is copied into /var/task where the package has no such path", "LY-MERGE-006"),
    CACHE_MERGE_IGNORING_ORDER("cache-merge-ignoring-order",
            "the merged /opt is cached per function and set of archives, so a new layer order is ignored", "LY-MERGE-007"),
    CACHE_LAYERS_BY_PATH("cache-layers-by-path",
            "the merged /opt is cached per function and archive path, so replaced archive bytes are ignored", "LY-MERGE-008"),
    LAYERS_OPT_WRITABLE("layers-opt-writable", "/opt is mounted read-write", "LY-PATH-001"),
    TASK_WRITABLE("task-writable", "/var/task is mounted read-write", "LY-PATH-002"),
    NO_OPT_BIN_IN_PATH("no-opt-bin-in-path", "the default PATH lacks /opt/bin", "LY-PATH-003"),
    OPT_BIN_FIRST_IN_PATH("opt-bin-first-in-path", "the default PATH puts /opt/bin before the system directories",
            "LY-PATH-004"),
    NO_OPT_LIB_IN_LIBRARY_PATH("no-opt-lib-in-library-path", "the default LD_LIBRARY_PATH lacks /opt/lib", "LY-PATH-005"),
    IGNORE_PATH_OVERRIDE("ignore-path-override", "configured PATH and LD_LIBRARY_PATH are replaced by the defaults",
            "LY-PATH-006"),
    OPT_BOOTSTRAP_FIRST("opt-bootstrap-first", "/opt/bootstrap is preferred over /var/task/bootstrap", "LY-BOOT-001"),
    NO_OPT_BOOTSTRAP_FALLBACK("no-opt-bootstrap-fallback", "only /var/task/bootstrap is looked for",
            "LY-BOOT-002", "LY-BOOT-003", "LY-BOOT-004"),
    BOOTSTRAP_DIRECTORY_NOT_SKIPPED("bootstrap-directory-not-skipped",
            "a directory named /var/task/bootstrap is taken as the bootstrap (and fails)", "LY-BOOT-004"),
    CHMOD_BOOTSTRAP("chmod-bootstrap", "the bootstrap is made executable before it is started", "LY-BOOT-005"),
    MISSING_BOOTSTRAP_AS_EXIT_ERROR("missing-bootstrap-as-exit-error",
            "a missing bootstrap is reported as Runtime.ExitError instead of Runtime.InvalidEntrypoint", "LY-BOOT-006"),
    NO_LAYER_COUNT_LIMIT("no-layer-count-limit", "any number of layers is accepted", "LY-LIMIT-001"),
    FOUR_LAYER_LIMIT("four-layer-limit", "at most four layers are accepted (off by one)", "LY-LIMIT-001", "LY-LIMIT-002"),
    SIZE_LIMIT_EXCLUSIVE("size-limit-exclusive", "code plus layers must stay below 262144000 bytes instead of at most",
            "LY-LIMIT-003", "LY-LIMIT-004"),
    TRUST_DECLARED_SIZES("trust-declared-sizes",
            "the size quota is checked on the sizes archives declare, not on the bytes written", "LY-LIMIT-005"),
    FLATTEN_RELATIVE_SYMLINKS("flatten-relative-symlinks",
            "relative symlinks in layers become regular files holding the link text", "LY-ZIP-001"),
    DROP_ABSOLUTE_SYMLINKS("drop-absolute-symlinks", "symlinks with absolute targets in layers are dropped", "LY-ZIP-002"),
    LAYERS_CHMOD_755("layers-chmod-755", "every layer file is given mode 0755",
            "LY-ZIP-003", "LY-ZIP-004", "LY-BOOT-005"),
    ALLOW_ZIP_SLIP("allow-zip-slip", "entries with .. components, absolute paths or backslashes are written where they point",
            "LY-ZIP-005", "LY-ZIP-007"),
    FOLLOW_ARCHIVE_SYMLINKS("follow-archive-symlinks",
            "entries below an archive's own symlink are written through the link", "LY-ZIP-006"),
    ACCEPT_NON_ZIP_LAYERS("accept-non-zip-layers", "a layer that is not a zip is silently ignored", "LY-ZIP-008"),
    ACCEPT_EMPTY_ZIP_LAYERS("accept-empty-zip-layers", "an empty layer zip is silently ignored", "LY-ZIP-009"),
    ACCEPT_UNREADABLE_FILES("accept-unreadable-files",
            "layer files that other users cannot read are made readable instead of refused", "LY-ZIP-010");

    private final String id;
    private final String description;
    private final List<String> ruleIds;

    Fault(String id, String description, String... ruleIds) {
        this.id = id;
        this.description = description;
        this.ruleIds = List.of(ruleIds);
    }

    /** The name used in configuration, on the command line and in descriptor options. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The rules this fault breaks, and only those. */
    public List<String> ruleIds() {
        return ruleIds;
    }

    public static Fault byId(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Fault f : values()) {
            if (f.id.equals(wanted)) return f;
        }
        throw new IllegalArgumentException("unknown fault '" + id + "' (known: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Fault::id).toList()) + ")");
    }
}
