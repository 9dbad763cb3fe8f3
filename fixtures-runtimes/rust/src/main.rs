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
use json::{ObjectBuilder, Value};
use protocol::{FIXTURE_NAME, FIXTURE_VERSION};
use runtime::{Answer, Event, RuntimeApi};
use std::collections::VecDeque;
use std::net::TcpStream;
use std::time::Duration;

const RECALL_DEPTH: usize = 16;

fn die(message: &str) -> ! {
    eprintln!("tck-fixture {FIXTURE_NAME}: {message}");
    std::process::exit(1);
}

fn main() {
    let authority = std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_default();
    if authority.is_empty() {
        die("AWS_LAMBDA_RUNTIME_API is not set");
    }
    let (faults, unknown) = Faults::parse(&std::env::var("TCK_FIXTURE_FAULT").unwrap_or_default());
    if !unknown.is_empty() {
        die(&format!("unknown TCK_FIXTURE_FAULT name(s): {}", unknown.join(", ")));
    }
    sys::install_sigterm(&format!("tck-fixture {FIXTURE_NAME} SIGTERM\n"), faults.ignore_sigterm);
    let api = RuntimeApi {
        authority,
        user_agent: (!faults.no_user_agent).then(|| format!("lambda-tck-fixture-{FIXTURE_NAME}/{FIXTURE_VERSION}")),
        faults,
        idle: std::cell::RefCell::new(None),
        last_invocation_id: std::cell::RefCell::new(None),
    };
    init(&api);
    serve(&api);
}

/// `TCK_FIXTURE_INIT`: ok | error | exit:N | sleep:MS | kill:SIG.
fn init(api: &RuntimeApi) {
    let mode = std::env::var("TCK_FIXTURE_INIT").unwrap_or_default();
    let (kind, arg) = mode.split_once(':').unwrap_or((mode.as_str(), ""));
    match kind {
        "" | "ok" => {}
        "error" => {
            if api.faults.ignore_init_error {
                die("init error requested; exiting without posting /init/error (fault ignore-init-error)");
            }
            let error_type = std::env::var("TCK_FIXTURE_INIT_ERROR_TYPE")
                .ok()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Runtime.TckInitError".into());
            let (body, content_type) = if api.faults.init_error_body_not_json {
                (b"scripted init error".to_vec(), "text/plain")
            } else {
                let doc = ObjectBuilder::new()
                    .put("errorMessage", Value::str("scripted init error"))
                    .put("errorType", Value::str(error_type.clone()))
                    .put("stackTrace", Value::Array(vec![]))
                    .build();
                (doc.to_json().into_bytes(), "application/json")
            };
            let outcome = match api.post_init_error(&error_type, content_type, body) {
                Ok(resp) => format!("init error posted (status {})", resp.status),
                Err(e) => format!("POST /init/error failed: {}", sys::io_text(&e)),
            };
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
        _ => die(&format!("TCK_FIXTURE_INIT={mode}: expected ok, error, exit:N, sleep:MS or kill:SIG")),
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
            Err(message) => die(&message),
        };
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
    }
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
    let req = http::Request { method: "POST".into(), path, headers, body: http::RequestBody::Bytes(body) };
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
        let req = http::Request {
            method: "POST".into(),
            path,
            headers,
            body: http::RequestBody::Bytes(document.to_json().into_bytes()),
        };
        if let Err(e) = api.post_answer(Answer::Response, &req) {
            eprintln!("tck-fixture {FIXTURE_NAME}: posting the result document failed: {}", sys::io_text(&e));
        }
    }
    document
}
