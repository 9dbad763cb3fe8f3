// lambda-tck conformance handler for the Node.js runtime interface client (npm aws-lambda-ric).
//
// Implements the handler-level part of the fixture protocol (spec/fixture-protocol.md): a script event
// {"tck":{"v":1,"steps":[…]}} runs step by step; any other event is returned as received. The runtime
// interface client, not this file, talks to the Runtime API, so the TCK observes the client's behaviour.
// Handler: index.handler (bootstrap: aws-lambda-ric index.handler).
//
// What a Node.js handler cannot do, and how it is reported:
// - The client JSON.parse()s every event, so the handler sees a value, never the bytes: plain events are
//   returned as that value (the client JSON.stringify()s it) and eventBytes/eventSha256 are null with
//   "eventForm": "decoded-json".
// - respond: the client JSON.stringify()s the return value. text and size bodies are returned as strings,
//   base64 bodies as a Buffer (the only byte type), json/results bodies as the value; contentType and
//   headers cannot be chosen.
// - Steps after the answer step (respond/error) cannot run: the handler has returned. They are recorded,
//   not run, in the history that "recall" reports.
// - The fixture-only ops (stream, http, list, read, exec) answer ok: false.
// - fatal: an Error (name errorType, message) is thrown from a timer callback, outside the handler's
//   promise: an uncaught exception, the failure a Node.js process cannot recover from. The handler's
//   promise never settles. The client's own uncaughtException listener decides what happens next
//   (aws-lambda-ric posts /error for the invocation, then exits 129), so `code` cannot be honoured.
import { readFileSync } from "node:fs";

const FIXTURE = "handler-node";
const VERSION = "0.1.0";
const HISTORY_LIMIT = 16;
const HANDLER_OPS = new Set(["respond", "error", "fatal", "sleep", "exit", "kill", "echo", "log", "recall"]);
const FIXTURE_ONLY_OPS = new Set(["stream", "http", "list", "read", "exec"]);
const SIGNALS = new Set(["TERM", "KILL", "SEGV", "ABRT", "INT"]);

let invocations = 0;
const history = [];

class Answer {
  constructor(kind, value, result) {
    this.kind = kind; // "return" or "throw"
    this.value = value;
    this.result = result;
  }
}

export const handler = async (event, context) => {
  invocations += 1;
  const invocation = invocations;
  process.stderr.write(`tck-fixture ${FIXTURE} invocation ${invocation} request ${context.awsRequestId}\n`);

  const isScript = event !== null && typeof event === "object" && !Array.isArray(event)
    && Object.keys(event)[0] === "tck";
  if (!isScript) return event; // plain event: back as received

  const doc = {
    protocol: 1, fixture: FIXTURE, version: VERSION, scenario: null, invocation,
    requestId: context.awsRequestId, results: [], error: null,
  };
  const problem = checkScript(event.tck);
  if (problem !== null) {
    doc.error = problem;
    remember(doc);
    return doc;
  }
  doc.scenario = event.tck.id ?? null;

  let answer = null;
  for (const step of event.tck.steps) {
    if (answer !== null) {
      doc.results.push({ op: step.op ?? null, ok: false, error: "not run: the handler returned at the answer step" });
      continue;
    }
    const r = await runStep(step, event, context, invocation, doc);
    if (r instanceof Answer) {
      doc.results.push(r.result);
      answer = r;
    } else {
      doc.results.push(r);
    }
  }
  remember(doc);
  if (answer === null) return doc;
  if (answer.kind === "throw") throw answer.value;
  return answer.value;
};

function checkScript(tck) {
  if (tck === null || typeof tck !== "object" || Array.isArray(tck)) return "'tck' is not an object";
  if (tck.v !== 1) return `unsupported protocol version ${JSON.stringify(tck.v)} (expected 1)`;
  if (!Array.isArray(tck.steps) || !tck.steps.every((s) => s !== null && typeof s === "object" && !Array.isArray(s))) {
    return "'steps' is missing or is not an array of objects";
  }
  for (const s of tck.steps) {
    if (!HANDLER_OPS.has(s.op) && !FIXTURE_ONLY_OPS.has(s.op)) return `unknown op ${JSON.stringify(s.op ?? null)}`;
  }
  return null;
}

async function runStep(step, event, context, invocation, doc) {
  const op = step.op;
  switch (op) {
    case "respond": {
      const value = bodyValue(step.body ?? { results: true }, event, doc);
      return new Answer("return", value, { op, ok: true, returned: describe(value) });
    }
    case "error": {
      const error = new Error(step.message ?? "scripted error");
      error.name = step.errorType ?? "Tck.ScriptedError"; // the client reports error.name as errorType
      return new Answer("throw", error, { op, ok: true, raised: error.name });
    }
    case "fatal": {
      const error = new Error(step.message ?? "fatal handler failure");
      error.name = step.errorType ?? "Runtime.TckFatal";
      setImmediate(() => {
        throw error;
      });
      return new Promise(() => {}); // never settles: the process ends from the uncaught exception
    }
    case "sleep":
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(step.ms) || 0)));
      return { op, ok: true };
    case "exit":
      process.exit(Number(step.code ?? 0));
      return { op, ok: true };
    case "kill": {
      if (!SIGNALS.has(step.signal)) return { op, ok: false, error: `unknown signal ${JSON.stringify(step.signal ?? null)}` };
      process.kill(process.pid, `SIG${step.signal}`);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a handled signal may return here
      return { op, ok: true };
    }
    case "echo":
      return echo(context, invocation);
    case "log": {
      const stream = step.stream === "stderr" ? process.stderr : process.stdout;
      const text = String(step.text ?? "");
      for (let i = 0; i < Number(step.repeat ?? 1); i++) stream.write(text + "\n");
      return { op, ok: true };
    }
    case "recall":
      return { op, ok: true, invocations: history.slice() };
    default:
      return { op, ok: false, error: `op '${op}' needs the fixture-protocol capability: a handler cannot perform it` };
  }
}

function bodyValue(body, event, doc) {
  if (body === null || typeof body !== "object") return snapshot(doc);
  if ("text" in body) return String(body.text);
  if ("base64" in body) return Buffer.from(String(body.base64), "base64");
  if ("size" in body) return String(body.fill ?? "a").charAt(0).repeat(Number(body.size) || 0);
  if ("json" in body) return body.json;
  if (body.event === true) return event;
  return snapshot(doc); // {"results": true}: the result document so far
}

function snapshot(doc) {
  return { ...doc, results: doc.results.slice() };
}

function describe(value) {
  if (Buffer.isBuffer(value)) return { kind: "Buffer", length: value.length };
  if (typeof value === "string") return { kind: "string", length: value.length };
  return { kind: value === null ? "null" : typeof value };
}

function echo(context, invocation) {
  return {
    op: "echo", ok: true, requestId: context.awsRequestId,
    context: {
      requestId: context.awsRequestId,
      remainingTimeMs: context.getRemainingTimeInMillis(),
      deadlineMs: null, // the Node.js context exposes only the remaining time
      invokedFunctionArn: context.invokedFunctionArn ?? null,
      traceId: context.xRayTraceId ?? null,
      clientContext: context.clientContext ?? null,
      identity: context.identity ?? null,
      tenantId: context.tenantId ?? null,
      functionName: context.functionName ?? null,
      functionVersion: context.functionVersion ?? null,
      memoryLimitInMB: context.memoryLimitInMB ?? null,
      logGroupName: context.logGroupName ?? null,
      logStreamName: context.logStreamName ?? null,
    },
    env: { ...process.env },
    cwd: process.cwd(),
    uid: process.getuid(),
    gid: process.getgid(),
    argv: argv(),
    traceEnv: process.env._X_AMZN_TRACE_ID ?? null,
    eventBytes: null,
    eventSha256: null,
    eventForm: "decoded-json",
    invocation,
    pid: process.pid,
  };
}

function argv() {
  try {
    return readFileSync("/proc/self/cmdline").toString("utf8").split("\0").slice(0, -1);
  } catch {
    return process.argv.slice();
  }
}

function remember(doc) {
  history.push(doc);
  if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
}
