//! lambda-tck fixture runtime, Rust flavour: a custom runtime `bootstrap` whose behaviour is chosen by the
//! event it receives. The contract is `spec/fixture-protocol.md`; this file holds the lifetime (§4).

mod codec;
mod exec;
mod faults;
mod fsops;
mod http;
mod json;
mod protocol;
mod runtime;
mod steps;
mod sys;

use faults::Faults;
use http::{Endpoint, Request, RequestBody};
use json::{ObjectBuilder, Value};
use protocol::{FIXTURE_NAME, FIXTURE_VERSION};
use runtime::{Answer, Event, RuntimeApi, API_PREFIX};
use std::collections::VecDeque;
use std::net::TcpStream;
use std::time::Duration;

const RECALL_DEPTH: usize = 16;
/// Fault stop-after-eight: answered invocations after which the loop stops asking for events.
const STOP_AFTER: u64 = 8;
/// TCK_FIXTURE_INIT=error-then-next waits this long for its GET /next to be answered.
const INIT_NEXT_WAIT: Duration = Duration::from_secs(5);
/// Fault post-on-sigterm waits this long for its /init/error to be answered before exiting.
const SIGTERM_POST_WAIT: Duration = Duration::from_secs(2);
/// The emulator's default address (fault hardcoded-host).
const HARDCODED_HOST: &str = "127.0.0.1:9001";
/// More workers than this is a mistake in the environment, not a concurrency to honour.
const MAX_WORKERS: usize = 256;

fn die(message: &str) -> ! {
    eprintln!("tck-fixture {FIXTURE_NAME}: {message}");
    std::process::exit(1);
}

/// host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
fn is_host_port(v: &str) -> bool {
    let Some((host, port)) = v.rsplit_once(':') else { return false };
    let port_ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => !v6.is_empty() && v6.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'),
        None => !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'),
    };
    port_ok && host_ok
}

fn main() {
    let authority = std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_default();
    if authority.is_empty() {
        die("AWS_LAMBDA_RUNTIME_API is not set");
    }
    if !is_host_port(&authority) {
        // a scheme or path here is the platform's error (RT-HTTP-011): say so instead of failing to connect
        die(&format!("AWS_LAMBDA_RUNTIME_API is not host:port: '{authority}'"));
    }
    let (faults, unknown) = Faults::parse(&std::env::var("TCK_FIXTURE_FAULT").unwrap_or_default());
    if !unknown.is_empty() {
        die(&format!("unknown TCK_FIXTURE_FAULT name(s): {}", unknown.join(", ")));
    }
    if faults.require_log_env
        && (std::env::var_os("AWS_LAMBDA_LOG_GROUP_NAME").is_none()
            || std::env::var_os("AWS_LAMBDA_LOG_STREAM_NAME").is_none())
    {
        die("AWS_LAMBDA_LOG_GROUP_NAME or AWS_LAMBDA_LOG_STREAM_NAME is unset (fault require-log-env)");
    }
    sys::install_sigterm(&format!("tck-fixture {FIXTURE_NAME} SIGTERM\n"), faults.ignore_sigterm);
    let endpoint = endpoint(&authority, faults);
    let api = RuntimeApi {
        endpoint,
        user_agent: (!faults.no_user_agent).then(|| format!("lambda-tck-fixture-{FIXTURE_NAME}/{FIXTURE_VERSION}")),
        faults,
        idle: std::cell::RefCell::new(None),
        last_invocation_id: std::cell::RefCell::new(None),
    };
    init(&api);
    match worker_count(faults) {
        Some(n) => {
            // Each worker opens its own connections: none is shared across the fork.
            api.idle.borrow_mut().take();
            let pids = sys::start_workers(n, || -> std::convert::Infallible {
                worker_sigterm(&api);
                serve(&api)
            });
            sys::forward_sigterm_to(&pids, faults.ignore_sigterm);
            std::process::exit(sys::supervise(&pids));
        }
        None => {
            worker_sigterm(&api);
            serve(&api);
        }
    }
}

/// Where requests go: straight to the Runtime API, or through faults use-http-proxy and hardcoded-host.
fn endpoint(authority: &str, faults: Faults) -> Endpoint {
    let mut endpoint = Endpoint::direct(authority);
    if faults.use_http_proxy {
        let proxy = ["http_proxy", "HTTP_PROXY"].iter().filter_map(|v| std::env::var(v).ok()).find(|v| !v.is_empty());
        if let Some(url) = proxy {
            endpoint.connect_to = http::proxy_address(&url);
            endpoint.absolute_form = true;
        }
    }
    if faults.hardcoded_host {
        endpoint.host = HARDCODED_HOST.into();
    }
    endpoint
}

/// The number of worker processes `AWS_LAMBDA_MAX_CONCURRENCY` asks for, or None to run the loop here.
fn worker_count(faults: Faults) -> Option<usize> {
    let raw = std::env::var("AWS_LAMBDA_MAX_CONCURRENCY").unwrap_or_default();
    if raw.is_empty() {
        return None;
    }
    let n = Some(&raw).filter(|r| r.bytes().all(|b| b.is_ascii_digit())).and_then(|r| r.parse::<usize>().ok());
    let workers = match n {
        Some(n) if n >= 1 && faults.extra_worker => n.saturating_add(1),
        Some(n) if n >= 1 => n,
        _ => {
            eprintln!("tck-fixture {FIXTURE_NAME}: AWS_LAMBDA_MAX_CONCURRENCY={raw:?} is not a positive integer; serving one event at a time");
            return None;
        }
    };
    if workers > MAX_WORKERS {
        eprintln!(
            "tck-fixture {FIXTURE_NAME}: AWS_LAMBDA_MAX_CONCURRENCY={raw:?}: running {MAX_WORKERS} workers at most"
        );
        return Some(MAX_WORKERS);
    }
    (workers > 1).then_some(workers)
}

/// Fault post-on-sigterm: SIGTERM first posts /init/error (from a thread: a signal handler cannot).
fn worker_sigterm(api: &RuntimeApi) {
    if !api.faults.post_on_sigterm || api.faults.ignore_sigterm {
        return;
    }
    let endpoint = api.endpoint.clone();
    let mut headers = api.base_headers();
    headers.push(("Lambda-Runtime-Function-Error-Type".into(), "Runtime.TckSigterm".into()));
    headers.push(("Content-Type".into(), "application/json".into()));
    let body = error_json("terminated by SIGTERM", "Runtime.TckSigterm");
    let req = Request::new("POST", format!("{API_PREFIX}/init/error"), headers, RequestBody::Bytes(body));
    sys::sigterm_to_thread(move || {
        if let Err(e) = http::exchange(&endpoint, &req, SIGTERM_POST_WAIT) {
            eprintln!("tck-fixture {FIXTURE_NAME}: POST /init/error on SIGTERM failed: {}", sys::io_text(&e));
        }
    });
}

/// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`.
fn error_json(message: &str, error_type: &str) -> Vec<u8> {
    ObjectBuilder::new()
        .put("errorMessage", Value::str(message))
        .put("errorType", Value::str(error_type))
        .put("stackTrace", Value::Array(vec![]))
        .build()
        .to_json()
        .into_bytes()
}

/// Posts the init error of `TCK_FIXTURE_INIT=error` (and `error-then-next`); returns the outcome as text.
fn post_scripted_init_error(api: &RuntimeApi) -> String {
    let error_type = std::env::var("TCK_FIXTURE_INIT_ERROR_TYPE")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Runtime.TckInitError".into());
    let (body, content_type) = if api.faults.init_error_body_not_json {
        (b"scripted init error".to_vec(), "text/plain")
    } else {
        (error_json("scripted init error", &error_type), "application/json")
    };
    match api.post_init_error(&error_type, content_type, body) {
        Ok(resp) => format!("init error posted (status {})", resp.status),
        Err(e) => format!("POST /init/error failed: {}", sys::io_text(&e)),
    }
}

/// `TCK_FIXTURE_INIT=post-before-next`: a /response and an /error for an invocation that does not exist.
fn post_before_next(api: &RuntimeApi) {
    let id = "tck-init-post";
    let mut headers = api.base_headers();
    headers.push(("Content-Type".into(), "text/plain".into()));
    let response = Request::new(
        "POST",
        format!("{API_PREFIX}/invocation/{id}/response"),
        headers,
        RequestBody::Bytes(b"tck-init-post-response".to_vec()),
    );
    let mut headers = api.base_headers();
    headers.push(("Lambda-Runtime-Function-Error-Type".into(), "Runtime.TckInitPost".into()));
    headers.push(("Content-Type".into(), "application/json".into()));
    let error = Request::new(
        "POST",
        format!("{API_PREFIX}/invocation/{id}/error"),
        headers,
        RequestBody::Bytes(error_json("posted during init", "Runtime.TckInitPost")),
    );
    for (what, req) in [("response", response), ("error", error)] {
        let status = match api.send(&req) {
            Ok(resp) => resp.status.to_string(),
            Err(e) => {
                eprintln!("tck-fixture {FIXTURE_NAME}: init-post {what} failed: {}", sys::io_text(&e));
                "none".into()
            }
        };
        eprintln!("tck-fixture {FIXTURE_NAME} init-post {what} {status}");
    }
}

/// `TCK_FIXTURE_INIT`: ok | error | exit:N | sleep:MS | kill:SIG | error-then-next | post-before-next.
fn init(api: &RuntimeApi) {
    let mode = std::env::var("TCK_FIXTURE_INIT").unwrap_or_default();
    let (kind, arg) = mode.split_once(':').unwrap_or((mode.as_str(), ""));
    match kind {
        "" | "ok" => {}
        "post-before-next" if !mode.contains(':') => post_before_next(api),
        "error-then-next" if !mode.contains(':') => {
            post_scripted_init_error(api);
            let next = Request::new("GET", format!("{API_PREFIX}/invocation/next"), api.base_headers(), RequestBody::None);
            let status = match http::exchange(&api.endpoint, &next, INIT_NEXT_WAIT) {
                Ok(resp) => resp.status.to_string(),
                Err(_) => "none".into(),
            };
            eprintln!("tck-fixture {FIXTURE_NAME} init-next {status}");
            std::process::exit(1);
        }
        "error" => {
            if api.faults.ignore_init_error {
                die("init error requested; exiting without posting /init/error (fault ignore-init-error)");
            }
            let outcome = post_scripted_init_error(api);
            if api.faults.init_error_exit_zero {
                eprintln!("tck-fixture {FIXTURE_NAME}: {outcome}; exiting 0 (fault init-error-exit-zero)");
                std::process::exit(0);
            }
            die(&outcome);
        }
        "exit" => match arg.parse::<i32>() {
            Ok(code) => std::process::exit(code),
            Err(_) => die(&format!("TCK_FIXTURE_INIT={mode}: exit needs an integer status")),
        },
        "sleep" => match arg.parse::<u64>() {
            Ok(ms) => std::thread::sleep(Duration::from_millis(ms)),
            Err(_) => die(&format!("TCK_FIXTURE_INIT={mode}: sleep needs milliseconds")),
        },
        "kill" => match sys::script_signal(arg) {
            Some(sig) => sys::kill_self(sig),
            None => die(&format!("TCK_FIXTURE_INIT={mode}: unknown signal")),
        },
        _ => die(&format!(
            "TCK_FIXTURE_INIT={mode}: expected ok, error, exit:N, sleep:MS, kill:SIG, error-then-next or post-before-next"
        )),
    }
}

fn serve(api: &RuntimeApi) -> ! {
    let mut history: VecDeque<Value> = VecDeque::new();
    let mut pending: Option<std::io::Result<TcpStream>> = None;
    let mut count: u64 = 0;
    loop {
        let next = match pending.take() {
            Some(Ok(stream)) => api.finish_next(stream),
            Some(Err(e)) => Err(format!("GET /next failed: {}", sys::io_text(&e))),
            None => api.next(),
        };
        let event = match next {
            Ok(ev) => ev,
            Err(message) if api.faults.ignore_next_failure => {
                eprintln!("tck-fixture {FIXTURE_NAME}: {message}; retrying (fault ignore-next-failure)");
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            Err(message) => next_failed(api, &message),
        };
        if let Some(reason) = api.context_fault(&event) {
            die(&reason);
        }
        count += 1;
        eprintln!("{}", steps::invocation_line(count, &event.request_id));
        if api.faults.second_next_before_response {
            pending = Some(api.start_next());
        }
        set_trace_env(api.faults, &event);
        let record = if protocol::is_script(&event.response.body) {
            run_script(api, &event, count, &history)
        } else {
            echo_plain(api, &event, count)
        };
        if history.len() == RECALL_DEPTH {
            history.pop_front();
        }
        history.push_back(record);
        if api.faults.stop_after_eight && count >= STOP_AFTER {
            idle_forever(count);
        }
    }
}

/// Fault stop-after-eight: no more GET /next; SIGTERM still ends the process through its handler.
fn idle_forever(count: u64) -> ! {
    eprintln!("tck-fixture {FIXTURE_NAME}: idling after {count} invocations (fault stop-after-eight)");
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// A failed GET /next ends the process (after an /init/error under fault init-error-after-next).
fn next_failed(api: &RuntimeApi, message: &str) -> ! {
    if api.faults.init_error_after_next {
        let body = error_json("GET /next failed", "Runtime.TckNextFailed");
        if let Err(e) = api.post_init_error("Runtime.TckNextFailed", "application/json", body) {
            eprintln!("tck-fixture {FIXTURE_NAME}: POST /init/error failed: {}", sys::io_text(&e));
        }
    }
    die(message)
}

/// `_X_AMZN_TRACE_ID` follows `Lambda-Runtime-Trace-Id` for this invocation (unset when absent or empty).
fn set_trace_env(faults: Faults, event: &Event) {
    match &event.trace_id {
        Some(trace) if !faults.no_trace_env => std::env::set_var("_X_AMZN_TRACE_ID", trace),
        Some(_) => {}
        None if faults.stale_trace_env => {}
        None => std::env::remove_var("_X_AMZN_TRACE_ID"),
    }
}

/// Posts a plain event back unchanged; returns the record kept for `recall`.
fn echo_plain(api: &RuntimeApi, event: &Event, n: u64) -> Value {
    let mut body = event.response.body.clone();
    if api.faults.mangle_binary {
        body.iter_mut().filter(|b| **b >= 0x80).for_each(|b| *b = b'?');
    }
    let content_type = event.content_type.clone().unwrap_or_else(|| "application/octet-stream".into());
    let (path, mut headers) = api.answer_target(Answer::Response, event);
    headers.push(("Content-Type".into(), content_type));
    let req = Request::new("POST", path, headers, RequestBody::Bytes(body));
    let result = match api.post_answer(Answer::Response, &req) {
        Ok(resp) => protocol::step_ok("respond")
            .put("status", Value::int(resp.status))
            .put("responseBody", Value::str(json::text_from_bytes(&resp.body)))
            .build(),
        Err(e) => protocol::step_failed("respond", &format!("POST /response failed: {}", sys::io_text(&e))),
    };
    protocol::result_document(None, n, &event.request_id, &[result], None)
}

/// Runs a script; posts the result document when no answer step answered. Returns the full record.
fn run_script(api: &RuntimeApi, event: &Event, n: u64, history: &VecDeque<Value>) -> Value {
    let script = protocol::parse_script(&event.response.body);
    let (scenario, steps, error) = match script {
        Ok(s) => (s.scenario, s.steps, None),
        Err(e) => (e.scenario, Vec::new(), Some(e.message)),
    };
    let mut inv = steps::Invocation { api, event, number: n, scenario, results: Vec::new(), answered: false, history };
    for step in &steps {
        inv.run(step);
    }
    let document = inv.document(error.as_deref());
    if !inv.answered {
        let (path, mut headers) = api.answer_target(Answer::Response, event);
        headers.push(("Content-Type".into(), "application/json".into()));
        let req = Request::new("POST", path, headers, RequestBody::Bytes(document.to_json().into_bytes()));
        if let Err(e) = api.post_answer(Answer::Response, &req) {
            eprintln!("tck-fixture {FIXTURE_NAME}: posting the result document failed: {}", sys::io_text(&e));
        }
    }
    document
}
