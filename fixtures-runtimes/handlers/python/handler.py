"""lambda-tck conformance handler for the Python runtime interface client (awslambdaric).

Implements the handler-level part of the fixture protocol (spec/fixture-protocol.md): a script event
{"tck": {"v": 1, "steps": [...]}} is run step by step; any other event is returned as received. The
runtime interface client, not this file, talks to the Runtime API, so what the TCK observes on the wire
is the client's behaviour. Handler entry point: handler.handle (bootstrap: python3 -m awslambdaric).

What a handler cannot do, and how it is reported:
- The client decodes events sent with Content-Type application/json; the handler then sees an object,
  not the bytes, so a plain JSON event is returned as that object (re-encoded by the client) and
  eventBytes/eventSha256 are null with "eventForm": "decoded-json".
- respond: text, base64 and size bodies are returned as bytes (sent raw by the client with its own
  content type), json/results bodies as the decoded value; contentType and headers cannot be chosen.
- Steps after the answer step (respond/error) cannot run: the handler has returned. They are recorded,
  not run, in the history that "recall" reports.
- The fixture-only ops (stream, http, list, read, exec) answer ok: false.
- fatal: the handler raises SystemExit(code) (what sys.exit does), the way Python code gives up its
  process. SystemExit is a BaseException, not an Exception, so it passes the client's handler error
  catching; whether the client reports it before the process ends is what the TCK observes.
"""

import base64
import hashlib
import json
import os
import signal
import sys
import time

FIXTURE = "handler-python"
VERSION = "0.1.0"
HISTORY_LIMIT = 16
FIXTURE_ONLY_OPS = {"stream", "http", "list", "read", "exec"}
SIGNALS = {"TERM": signal.SIGTERM, "KILL": signal.SIGKILL, "SEGV": signal.SIGSEGV,
           "ABRT": signal.SIGABRT, "INT": signal.SIGINT}

_invocations = 0
_history = []
_error_types = {}


class _Answer(Exception):
    """Raised inside the step loop when a step decides how the handler ends."""

    def __init__(self, kind, value, result):
        super().__init__(kind)
        self.kind = kind      # "return" or "raise"
        self.value = value    # the return value or the exception to raise
        self.result = result  # the step result, kept for recall


def handle(event, context):
    global _invocations
    _invocations += 1
    raw = bytes(event) if isinstance(event, (bytes, bytearray)) else None

    script, problem = _read_script(event, raw)
    if script is None and problem is None:
        _log_invocation(context)
        return raw if raw is not None else event  # plain event: back as received

    doc = {"protocol": 1, "fixture": FIXTURE, "version": VERSION, "scenario": None,
           "invocation": _invocations, "requestId": context.aws_request_id, "results": [], "error": problem}
    _log_invocation(context)
    if problem is not None:
        _remember(doc)
        return doc
    doc["scenario"] = script.get("id")

    answer = None
    for step in script["steps"]:
        if answer is not None:
            op = step.get("op") if isinstance(step, dict) else None
            doc["results"].append({"op": op, "ok": False,
                                   "error": "not run: the handler returned at the answer step"})
            continue
        try:
            doc["results"].append(_run_step(step, event, raw, context, doc))
        except _Answer as a:
            doc["results"].append(a.result)
            answer = a
    _remember(doc)
    if answer is None:
        return doc
    if answer.kind == "raise":
        raise answer.value
    return answer.value


def _read_script(event, raw):
    """Returns (script, None), (None, problem) or (None, None) for a plain event."""
    if raw is not None:
        if raw[:7] != b'{"tck":':
            return None, None
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except ValueError as e:
            return None, "script is not valid JSON: %s" % e
    elif isinstance(event, dict) and next(iter(event), None) == "tck":
        parsed = event  # decoded by the client; key order is kept
    else:
        return None, None
    tck = parsed.get("tck") if isinstance(parsed, dict) else None
    if not isinstance(tck, dict):
        return None, "'tck' is not an object"
    if tck.get("v") != 1:
        return None, "unsupported protocol version %r (expected 1)" % (tck.get("v"),)
    steps = tck.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        return None, "'steps' is missing or is not an array of objects"
    for s in steps:
        op = s.get("op")
        if op not in ("respond", "error", "fatal", "sleep", "exit", "kill", "echo", "log", "recall") \
                and op not in FIXTURE_ONLY_OPS:
            return None, "unknown op %r" % (op,)
    return tck, None


def _run_step(step, event, raw, context, doc):
    op = step["op"]
    if op == "respond":
        value = _body_value(step.get("body", {"results": True}), event, raw, doc)
        raise _Answer("return", value, {"op": op, "ok": True, "returned": _describe(value)})
    if op == "error":
        error_type = step.get("errorType", "Tck.ScriptedError")
        message = step.get("message", "scripted error")
        raise _Answer("raise", _make_error(error_type, message), {"op": op, "ok": True, "raised": error_type})
    if op == "fatal":
        # SystemExit carries only the exit status, so errorType and message go to the log
        sys.stderr.write("tck-fixture %s fatal %s: %s\n" % (FIXTURE, step.get("errorType", "Runtime.TckFatal"),
                                                          step.get("message", "fatal handler failure")))
        sys.stdout.flush()
        sys.stderr.flush()
        raise SystemExit(int(step.get("code", 1)))
    if op == "sleep":
        time.sleep(max(0, step.get("ms", 0)) / 1000.0)
        return {"op": op, "ok": True}
    if op == "exit":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(step.get("code", 0)))
    if op == "kill":
        sig = SIGNALS.get(step.get("signal"))
        if sig is None:
            return {"op": op, "ok": False, "error": "unknown signal %r" % (step.get("signal"),)}
        sys.stdout.flush()
        sys.stderr.flush()
        os.kill(os.getpid(), sig)
        time.sleep(1)  # a handled signal (INT) may return here
        return {"op": op, "ok": True}
    if op == "echo":
        return _echo(event, raw, context)
    if op == "log":
        stream = sys.stderr if step.get("stream") == "stderr" else sys.stdout
        text = str(step.get("text", ""))
        for _ in range(int(step.get("repeat", 1))):
            stream.write(text + "\n")
        stream.flush()
        return {"op": op, "ok": True}
    if op == "recall":
        return {"op": op, "ok": True, "invocations": list(_history)}
    return {"op": op, "ok": False,
            "error": "op %r needs the fixture-protocol capability: a handler cannot perform it" % op}


def _body_value(body, event, raw, doc):
    if not isinstance(body, dict):
        return _snapshot(doc)
    if "text" in body:
        return str(body["text"]).encode("utf-8")
    if "base64" in body:
        return base64.b64decode(body["base64"])
    if "size" in body:
        fill = str(body.get("fill", "a"))[:1] or "a"
        return fill.encode("ascii") * int(body["size"])
    if "json" in body:
        return body["json"]
    if body.get("event"):
        return raw if raw is not None else event
    return _snapshot(doc)  # {"results": true}: the result document so far


def _snapshot(doc):
    return dict(doc, results=list(doc["results"]))


def _describe(value):
    if isinstance(value, bytes):
        return {"kind": "bytes", "length": len(value)}
    return {"kind": type(value).__name__}


def _make_error(error_type, message):
    """An exception whose class name is error_type: the client reports type(e).__name__."""
    cls = _error_types.get(error_type)
    if cls is None:
        cls = type(str(error_type), (Exception,), {})
        _error_types[error_type] = cls
    return cls(str(message))


def _echo(event, raw, context):
    result = {"op": "echo", "ok": True, "requestId": context.aws_request_id,
              "context": _context(context), "env": dict(os.environ), "cwd": os.getcwd(),
              "uid": os.getuid(), "gid": os.getgid(), "argv": _argv(),
              "traceEnv": os.environ.get("_X_AMZN_TRACE_ID")}
    if raw is not None:
        result.update(eventBytes=len(raw), eventSha256=hashlib.sha256(raw).hexdigest(), eventForm="bytes")
    else:
        result.update(eventBytes=None, eventSha256=None, eventForm="decoded-json")
    result.update(invocation=_invocations, pid=os.getpid())
    return result


def _context(context):
    client_context = context.client_context
    identity = context.identity
    return {
        "requestId": context.aws_request_id,
        "remainingTimeMs": context.get_remaining_time_in_millis(),
        "deadlineMs": getattr(context, "_epoch_deadline_time_in_ms", None),
        "invokedFunctionArn": context.invoked_function_arn,
        "traceId": None,  # awslambdaric's context carries no trace id; see traceEnv
        "clientContext": None if client_context is None else {
            "custom": client_context.custom, "env": client_context.env,
            "client": None if client_context.client is None else {
                k: getattr(client_context.client, k) for k in client_context.client.__slots__}},
        "identity": None if identity is None else {
            "cognitoIdentityId": getattr(identity, "cognito_identity_id", None),
            "cognitoIdentityPoolId": getattr(identity, "cognito_identity_pool_id", None)},
        "tenantId": getattr(context, "tenant_id", None),
        "functionName": context.function_name,
        "functionVersion": context.function_version,
        "memoryLimitInMB": context.memory_limit_in_mb,
        "logGroupName": context.log_group_name,
        "logStreamName": context.log_stream_name,
    }


def _argv():
    try:
        with open("/proc/self/cmdline", "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0")[:-1]]
    except OSError:
        return [sys.executable] + sys.argv


def _log_invocation(context):
    sys.stderr.write("tck-fixture %s invocation %d request %s\n" % (FIXTURE, _invocations, context.aws_request_id))
    sys.stderr.flush()


def _remember(doc):
    _history.append(doc)
    del _history[:-HISTORY_LIMIT]
