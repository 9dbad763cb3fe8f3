#include "steps.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <set>

#include "answers.hpp"
#include "base64.hpp"
#include "clock.hpp"
#include "exec.hpp"
#include "fs.hpp"
#include "http.hpp"
#include "result.hpp"
#include "sha256.hpp"
#include "signals.hpp"
#include "utf8.hpp"

extern char** environ;

namespace tck {

namespace {

constexpr long long kMaxGeneratedBody = 256LL << 20;  // bounds {"size": N}
constexpr long long kDefaultReadMax = 1LL << 20;
constexpr long long kDefaultExecTimeoutMs = 5000;
constexpr long long kDefaultHttpTimeoutMs = 30000;

const std::set<std::string>& knownOps() {
    static const std::set<std::string> ops = {"respond", "error", "stream", "sleep", "exit",   "fatal", "kill",
                                              "echo",    "list",  "read",   "exec",  "http", "log",   "recall"};
    return ops;
}

json::Value str(const std::string& s) {
    return json::Value::string(s);
}

json::Value num(long long n) {
    return json::Value::integer(n);
}

// Lower-case names, repeated headers joined with ", ", keys sorted by byte order.
json::Value headersObject(const http::Headers& headers) {
    std::vector<std::pair<std::string, std::string>> merged;
    for (const auto& h : headers) {
        const std::string name = http::lower(h.first);
        bool found = false;
        for (auto& m : merged) {
            if (m.first == name) {
                m.second += ", " + h.second;
                found = true;
                break;
            }
        }
        if (!found) merged.emplace_back(name, h.second);
    }
    std::stable_sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    json::Value o = json::Value::object();
    for (const auto& m : merged) o.set(m.first, str(m.second));
    return o;
}

std::string replaceAll(const std::string& text, const std::string& what, const std::string& with) {
    std::string out;
    std::size_t from = 0;
    for (std::size_t at; (at = text.find(what, from)) != std::string::npos; from = at + what.size()) {
        out.append(text, from, at - from);
        out += with;
    }
    out.append(text, from, std::string::npos);
    return out;
}

// {requestIdPercent}: every byte of the id as %XX (upper-case hex).
std::string percentEveryByte(const std::string& raw) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : raw) {
        const unsigned char c = static_cast<unsigned char>(ch);
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0x0F];
    }
    return out;
}

json::Value environmentObject() {
    std::vector<std::pair<std::string, std::string>> vars;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const std::size_t eq = entry.find('=');
        if (eq == std::string::npos) continue;
        std::string name = entry.substr(0, eq);
        bool seen = false;
        for (const auto& v : vars) seen = seen || v.first == name;
        if (!seen) vars.emplace_back(std::move(name), entry.substr(eq + 1));
    }
    std::sort(vars.begin(), vars.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    json::Value o = json::Value::object();
    for (const auto& v : vars) o.set(v.first, str(v.second));
    return o;
}

// Field readers: absent or null -> default; present with the wrong type -> step failure. Messages match
// the other fixtures' wording.
class Fields {
public:
    Fields(const json::Value& step, StepResult& r) : step_(step), r_(r) {}

    bool string(const char* key, std::string& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->isString()) return wrong(key, "must be a string");
        out = v->asString();
        return true;
    }
    bool integer(const char* key, long long& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->asInteger(out)) return wrong(key, "must be an integer");
        return true;
    }
    bool count(const char* key, long long& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->asInteger(out) || out < 0) return wrong(key, "must be a non-negative integer");
        return true;
    }
    bool boolean(const char* key, bool& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->isBool()) return wrong(key, "must be a boolean");
        out = v->asBool();
        return true;
    }
    bool stringList(const char* key, std::vector<std::string>& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->isArray()) return wrong(key, "must be an array of strings");
        out.clear();
        for (const auto& item : v->items()) {
            if (!item.isString()) return wrong(key, "must be an array of strings");
            out.push_back(item.asString());
        }
        return true;
    }
    // Header-like objects of string values, in the given order.
    bool headers(const char* key, http::Headers& out) {
        const json::Value* v = find(key);
        if (v == nullptr) return true;
        if (!v->isObject()) return wrong(key, "must be an object");
        for (const auto& m : v->members()) {
            if (!m.second.isString()) return wrong(key, "values must be strings");
            out.emplace_back(m.first, m.second.asString());
        }
        return true;
    }
    bool requiredString(const char* key, std::string& out) {
        const json::Value* v = find(key);
        if (v == nullptr || !v->isString()) return wrong(key, "(string) is required");
        out = v->asString();
        return true;
    }

private:
    const json::Value* find(const char* key) const {
        const json::Value* v = step_.get(key);
        return v == nullptr || v->isNull() ? nullptr : v;
    }
    bool wrong(const char* key, const char* what) {
        r_.fail(std::string("\"") + key + "\" " + what);
        return false;
    }
    const json::Value& step_;
    StepResult& r_;
};

class ScriptRunner {
public:
    ScriptRunner(Fixture& fx, const Invocation& inv)
        : fx_(fx), inv_(inv), answers_(fx, inv), results_(json::Value::array()) {}

    json::Value run() {
        json::Value error;
        const json::Value* steps = nullptr;
        const json::ParseResult parsed = json::parse(inv_.event);
        if (!parsed.ok) {
            error = str("script is not valid JSON: " + parsed.error);
        } else {
            error = validate(parsed.value, steps);
        }
        if (error.isNull()) {
            for (const auto& step : steps->items()) {
                results_.push(runStep(step));
            }
        }
        json::Value doc = document(error);
        if (!answered_) {
            const std::string body = json::serialize(doc);
            answers_.respond(body, "application/json", {});
        }
        return doc;
    }

private:
    json::Value document(const json::Value& error) const {
        return resultDocument(scenario_, inv_, results_, error);
    }

    json::Value validate(const json::Value& root, const json::Value*& steps) {
        const json::Value* tck = root.get("tck");
        if (tck == nullptr || !tck->isObject()) return str("script: \"tck\" must be an object");
        const json::Value* id = tck->get("id");
        if (id != nullptr && id->isString()) scenario_ = *id;
        const json::Value* v = tck->get("v");
        long long version = 0;
        if (v == nullptr || !v->asInteger(version) || version != 1) return str("script: \"v\" must be 1");
        steps = tck->get("steps");
        if (steps == nullptr || !steps->isArray()) return str("script: \"steps\" must be an array");
        for (std::size_t i = 0; i < steps->items().size(); ++i) {
            const json::Value& step = steps->items()[i];
            const json::Value* op = step.get("op");
            if (op == nullptr || !op->isString()) {
                return str("script: step " + std::to_string(i + 1) + " has no \"op\" string");
            }
            if (knownOps().count(op->asString()) == 0) {
                return str("script: step " + std::to_string(i + 1) + " has unknown op \"" + op->asString() + "\"");
            }
        }
        return json::Value();
    }

    bool body(const json::Value& spec, std::string& out, std::string& err) const {
        if (!spec.isObject()) {
            err = "a body must be an object";
            return false;
        }
        if (const json::Value* t = spec.get("text")) {
            if (!t->isString()) {
                err = "body \"text\" must be a string";
                return false;
            }
            out = t->asString();
            return true;
        }
        if (const json::Value* b = spec.get("base64")) {
            if (!b->isString()) {
                err = "body \"base64\" must be a string";
                return false;
            }
            if (!base64::decode(b->asString(), out)) {
                err = "body \"base64\": not valid padded standard base64";
                return false;
            }
            return true;
        }
        if (const json::Value* s = spec.get("size")) {
            long long n = 0;
            if (!s->asInteger(n) || n < 0) {
                err = "body \"size\" must be a non-negative integer";
                return false;
            }
            if (n > kMaxGeneratedBody) {
                err = "body \"size\" is larger than " + std::to_string(kMaxGeneratedBody >> 20) + " MiB";
                return false;
            }
            char fill = 'a';
            if (const json::Value* f = spec.get("fill")) {
                if (!f->isString() || f->asString().size() != 1 || static_cast<unsigned char>(f->asString()[0]) >= 0x80) {
                    err = "body \"fill\" must be a single ASCII character";
                    return false;
                }
                fill = f->asString()[0];
            }
            out.assign(static_cast<std::size_t>(n), fill);
            return true;
        }
        if (const json::Value* j = spec.get("json")) {
            out = json::serialize(*j);
            return true;
        }
        if (spec.get("results") != nullptr) {
            out = json::serialize(document(json::Value()));
            return true;
        }
        if (spec.get("event") != nullptr) {
            out = inv_.event;
            return true;
        }
        err = "a body needs one of text, base64, size, json, results, event";
        return false;
    }

    json::Value runStep(const json::Value& step) {
        const std::string op = step.get("op")->asString();
        StepResult r(op);
        Fields f(step, r);
        if (op == "respond") doRespond(step, f, r);
        else if (op == "error") doError(step, f, r);
        else if (op == "stream") doStream(step, f, r);
        else if (op == "sleep") doSleep(f);
        else if (op == "exit") doExit(f);
        else if (op == "fatal") doFatal(f);
        else if (op == "kill") doKill(f, r);
        else if (op == "echo") doEcho(r);
        else if (op == "list") doList(f, r);
        else if (op == "read") doRead(f, r);
        else if (op == "exec") doExec(f, r);
        else if (op == "http") doHttp(step, f, r);
        else if (op == "log") doLog(f, r);
        else if (op == "recall") doRecall(r);
        return r.toJson();
    }

    void answerFields(const PostResult& p, const char* what, StepResult& r) {
        if (p.noAnswer) {
            answered_ = true;  // a truncated stream went out whole; no answer came within its wait
            return;
        }
        if (!p.ok) {
            r.fail(std::string(what) + " failed: " + p.error);
            return;  // not answered: the result document is still posted at the end
        }
        answered_ = true;
        r.add("status", num(p.status));
        r.add("responseBody", str(p.body));
    }

    void doRespond(const json::Value& step, Fields& f, StepResult& r) {
        std::string contentType = "application/json";
        http::Headers extra;
        if (!f.string("contentType", contentType) || !f.headers("headers", extra)) return;
        std::string bytes, err;
        const json::Value* spec = step.get("body");
        if (spec == nullptr) {
            bytes = json::serialize(document(json::Value()));
        } else if (!body(*spec, bytes, err)) {
            r.fail(err);
            return;
        }
        answerFields(answers_.respond(bytes, contentType, extra), "POST /response", r);
    }

    void doError(const json::Value& step, Fields& f, StepResult& r) {
        std::string errorType = "Tck.ScriptedError", message = "scripted error", contentType = "application/json";
        std::vector<std::string> trace;
        bool noBody = false, noTypeHeader = false;
        if (!f.string("errorType", errorType) || !f.string("message", message) || !f.stringList("stackTrace", trace) ||
            !f.boolean("noBody", noBody) || !f.boolean("noTypeHeader", noTypeHeader) ||
            !f.string("contentType", contentType)) {
            return;
        }
        std::string xray;
        if (const json::Value* cause = step.get("xrayCause")) {
            if (!cause->isObject()) {
                r.fail("\"xrayCause\" must be an object");
                return;
            }
            xray = json::serialize(*cause);
        }
        std::string bytes;
        if (fx_.faults.errorBodyNotJson()) {
            bytes = message;
            contentType = "text/plain";
        } else if (noBody) {
            bytes.clear();
        } else if (const json::Value* spec = step.get("body")) {
            std::string err;
            if (!body(*spec, bytes, err)) {
                r.fail(err);
                return;
            }
        } else {
            bytes = errorDocument(message, errorType, &trace);
        }
        const PostResult p = answers_.error(bytes, contentType, !noTypeHeader, errorType, xray);
        answerFields(p, "POST /error", r);
        if (p.ok && fx_.faults.exitAfterError()) {
            diagLine("exiting after the /error answer (fault exit-after-error)");
            _exit(1);
        }
    }

    void doStream(const json::Value& step, Fields& f, StepResult& r) {
        StreamSpec spec;
        if (!f.string("contentType", spec.contentType)) return;
        if (const json::Value* prelude = step.get("prelude")) {
            if (!prelude->isObject()) {
                r.fail("\"prelude\" must be an object");
                return;
            }
            spec.hasPrelude = true;
            spec.prelude = json::serialize(*prelude);
        }
        if (const json::Value* chunks = step.get("chunks")) {
            if (!chunks->isArray()) {
                r.fail("\"chunks\" must be an array of bodies");
                return;
            }
            for (const auto& c : chunks->items()) {
                StreamChunk chunk;
                std::string err;
                if (!body(c, chunk.bytes, err)) {
                    r.fail(err);
                    return;
                }
                Fields cf(c, r);
                if (!cf.count("delayMs", chunk.delayMs)) return;
                spec.chunks.push_back(std::move(chunk));
            }
        }
        if (const json::Value* trailer = step.get("errorTrailer")) {
            if (!trailer->isObject()) {
                r.fail("\"errorTrailer\" must be an object");
                return;
            }
            Fields tf(*trailer, r);
            spec.errorType = "Tck.ScriptedError";
            spec.errorMessage = "scripted error";
            if (!tf.string("errorType", spec.errorType) || !tf.string("message", spec.errorMessage)) return;
            spec.hasErrorTrailer = true;
        }
        if (!f.boolean("truncate", spec.truncate)) return;
        answerFields(answers_.stream(spec), "streamed POST /response", r);
    }

    void doSleep(Fields& f) {
        long long ms = 0;
        if (f.count("ms", ms)) sleepMs(ms);
    }

    [[noreturn]] void doExitNow(long long code) {
        _exit(static_cast<int>(code & 0xFF));
    }

    void doExit(Fields& f) {
        long long code = 0;
        if (f.integer("code", code)) doExitNow(code);  // "code" is i64 in every fixture
        // A malformed code is reported like any other bad field; the fixture keeps running.
    }

    // A handler failure the runtime cannot recover from: /error, its answer, then exit.
    void doFatal(Fields& f) {
        std::string errorType = "Runtime.TckFatal", message = "fatal handler failure";
        long long code = 1;
        if (!f.string("errorType", errorType) || !f.string("message", message) || !f.integer("code", code)) return;
        if (fx_.faults.fatalWithoutError()) {
            diagLine("fatal step: exiting without posting /error (fault fatal-without-error)");
            doExitNow(code);
        }
        const std::vector<std::string> noTrace;
        std::string bytes = errorDocument(message, errorType, &noTrace);
        std::string contentType = "application/json";
        if (fx_.faults.errorBodyNotJson()) {
            bytes = message;
            contentType = "text/plain";
        }
        const PostResult p = answers_.error(bytes, contentType, true, errorType, std::string());
        if (!p.ok) diagLine("fatal step: POST /error failed: " + p.error);
        doExitNow(code);
    }

    void doKill(Fields& f, StepResult& r) {
        std::string name;
        if (!f.requiredString("signal", name)) return;
        static const std::set<std::string> allowed = {"TERM", "KILL", "SEGV", "ABRT", "INT"};
        if (allowed.count(name) == 0) {
            r.fail("unknown signal \"" + name + "\"");
            return;
        }
        signals::raiseSelf(signals::fromName(name));
        // Still alive: the signal was ignored (fault ignore-sigterm).
    }

    void doEcho(StepResult& r) {
        r.add("requestId", str(inv_.requestId));
        r.add("headers", headersObject(inv_.headers));
        r.add("env", environmentObject());
        char cwd[8192];
        r.add("cwd", getcwd(cwd, sizeof cwd) != nullptr ? str(cwd) : json::Value());
        r.add("uid", num(static_cast<long long>(getuid())));
        r.add("gid", num(static_cast<long long>(getgid())));
        json::Value argv = json::Value::array();
        for (const auto& a : fx_.argv) argv.push(str(a));
        r.add("argv", argv);
        const char* trace = std::getenv("_X_AMZN_TRACE_ID");
        r.add("traceEnv", trace != nullptr ? str(trace) : json::Value());
        r.add("eventBytes", num(static_cast<long long>(inv_.event.size())));
        r.add("eventSha256", str(Sha256::hex(inv_.event)));
        r.add("invocation", num(inv_.number));
        r.add("pid", num(static_cast<long long>(getpid())));
    }

    void doList(Fields& f, StepResult& r) {
        std::string path;
        bool recursive = true;
        if (!f.boolean("recursive", recursive) || !f.requiredString("path", path)) return;
        const fs::Listing l = fs::list(path, recursive);
        if (!l.error.empty()) {
            r.fail(l.error);
            return;
        }
        r.add("exists", json::Value::boolean(l.exists));
        json::Value entries = json::Value::array();
        for (const auto& e : l.entries) {
            json::Value o = json::Value::object();
            o.set("path", str(e.path));
            o.set("type", str(e.type));
            o.set("mode", str(fs::octalMode(e.mode)));
            if (e.isFile) {
                o.set("size", num(static_cast<long long>(e.size)));
                o.set("sha256", e.hasSha ? str(e.sha256) : json::Value());
            }
            if (e.type == "symlink") o.set("target", e.hasTarget ? str(e.target) : json::Value());
            entries.push(std::move(o));
        }
        r.add("entries", entries);
    }

    void doRead(Fields& f, StepResult& r) {
        std::string path;
        long long maxBytes = kDefaultReadMax;
        if (!f.count("maxBytes", maxBytes) || !f.requiredString("path", path)) return;
        const fs::FileRead fr = fs::read(path, static_cast<std::uint64_t>(maxBytes));
        if (!fr.error.empty()) {
            r.fail(fr.error);
            return;
        }
        r.add("exists", json::Value::boolean(fr.exists));
        if (!fr.exists) return;
        r.add("size", num(static_cast<long long>(fr.size)));
        r.add("sha256", str(fr.sha256));
        r.add("base64", str(base64::encode(fr.head)));
    }

    void doExec(Fields& f, StepResult& r) {
        std::string program;
        std::vector<std::string> args;
        long long timeoutMs = kDefaultExecTimeoutMs;
        if (!f.stringList("args", args) || !f.count("timeoutMs", timeoutMs) || !f.requiredString("program", program)) {
            return;
        }
        const exec::Outcome o = exec::run(program, args, timeoutMs);
        if (!o.started) {
            r.fail(o.error);
            return;
        }
        if (o.timedOut) {
            r.fail(program + " did not finish within " + std::to_string(timeoutMs) + " ms");
            return;
        }
        if (o.exited) {
            r.add("exitCode", num(o.exitCode));
        } else {
            r.add("signal", str(signals::name(o.termSignal)));
        }
        r.add("stdout", str(o.out));
        r.add("stderr", str(o.err));
    }

    void doHttp(const json::Value& step, Fields& f, StepResult& r) {
        std::string method = "GET", path;
        http::Headers userHeaders, trailers;
        bool chunked = false;
        long long timeoutMs = kDefaultHttpTimeoutMs;
        long long declaredLength = -1;
        if (!f.string("method", method) || !f.requiredString("path", path) || !f.headers("headers", userHeaders) ||
            !f.boolean("chunked", chunked) || !f.headers("trailers", trailers) || !f.count("declaredLength", declaredLength) ||
            !f.count("timeoutMs", timeoutMs)) {
            return;
        }
        if (!trailers.empty() && !chunked) {
            r.fail("\"trailers\" needs \"chunked\": true");
            return;
        }
        if (declaredLength >= 0 && chunked) {
            r.fail("\"declaredLength\" cannot be used with \"chunked\"");
            return;
        }
        std::string bytes;
        const json::Value* spec = step.get("body");
        if (spec != nullptr) {
            std::string err;
            if (!body(*spec, bytes, err)) {
                r.fail(err);
                return;
            }
        }
        const bool targetsRequest = path.find("{requestId}") != std::string::npos ||
                                    path.find("{requestIdPercent}") != std::string::npos;
        path = replaceAll(path, "{requestIdPercent}", percentEveryByte(inv_.requestId));
        path = replaceAll(path, "{requestId}", pathSegment(inv_.requestId));
        http::Headers h = fx_.api.baseHeaders();
        h.emplace_back("Connection", "close");
        if (targetsRequest && inv_.hasInvocationId && !fx_.faults.noInvocationIdEcho()) {
            h.emplace_back("Lambda-Runtime-Invocation-Id", inv_.invocationId);
        }
        if (chunked) {
            h.emplace_back("Transfer-Encoding", "chunked");
        } else if (declaredLength >= 0) {
            // Claims more (or fewer) bytes than it sends, then waits for the answer on the open connection.
            h.emplace_back("Content-Length", std::to_string(declaredLength));
        } else if (spec != nullptr) {
            h.emplace_back("Content-Length", std::to_string(bytes.size()));
        }
        for (const auto& u : userHeaders) {  // the script's headers win over ours
            bool replaced = false;
            for (auto& existing : h) {
                if (!replaced && http::equalsIgnoreCase(existing.first, u.first)) {
                    existing.second = u.second;
                    replaced = true;
                }
            }
            if (!replaced) h.push_back(u);
        }
        const std::int64_t deadline = deadlineIn(timeoutMs);
        RuntimeApi::BodyWriter writer;
        if (chunked) {
            writer = [&bytes, &trailers, deadline](http::Connection& c, std::string& err) {
                return c.write(http::chunk(bytes) + http::lastChunk(trailers), deadline, err);
            };
        } else if (!bytes.empty()) {
            writer = [&bytes, deadline](http::Connection& c, std::string& err) { return c.write(bytes, deadline, err); };
        }
        const RuntimeApi::Outcome o = fx_.api.exchange(method, path, h, writer, deadline, RuntimeApi::Use::Fresh);
        if (!o.ok) {
            r.fail(method + " " + path + " failed: " + o.error);
            return;
        }
        r.add("status", num(o.response.status));
        r.add("headers", headersObject(o.response.headers));
        if (utf8::isValid(o.response.body)) {
            r.add("body", str(o.response.body));
        } else {
            r.add("bodyBase64", str(base64::encode(o.response.body)));
        }
    }

    void doLog(Fields& f, StepResult& r) {
        std::string text, stream = "stdout";
        long long repeat = 1;
        if (!f.string("text", text) || !f.count("repeat", repeat) || !f.string("stream", stream)) return;
        if (stream != "stdout" && stream != "stderr") {
            r.fail("unknown stream \"" + stream + "\" (stdout or stderr)");
            return;
        }
        const int fd = stream == "stdout" ? STDOUT_FILENO : STDERR_FILENO;
        const std::string line = text + "\n";
        std::string batch;
        for (long long i = 0; i < repeat; ++i) {
            batch += line;
            if (batch.size() >= (1u << 16)) {
                writeFully(fd, batch);
                batch.clear();
            }
        }
        writeFully(fd, batch);
    }

    void doRecall(StepResult& r) {
        json::Value list = json::Value::array();
        for (const auto& d : fx_.history) list.push(d);
        r.add("invocations", list);
    }

    Fixture& fx_;
    const Invocation& inv_;
    Answers answers_;
    json::Value results_;
    json::Value scenario_;
    bool answered_ = false;
};

}  // namespace

bool isScript(const std::string& event) {
    return event.compare(0, 7, "{\"tck\":") == 0;
}

json::Value runScript(Fixture& fx, const Invocation& inv) {
    return ScriptRunner(fx, inv).run();
}

}  // namespace tck
