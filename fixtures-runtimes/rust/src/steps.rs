//! Runs a script's steps (protocol §3) for one invocation.

use crate::codec;
use crate::exec;
use crate::fsops;
use crate::http::{self, Request, RequestBody, Response};
use crate::json::{text_from_bytes, ObjectBuilder, Value};
use crate::protocol::{self, resolve_body, step_failed, step_ok, BodySources, FIXTURE_NAME};
use crate::runtime::{Answer, Event, RuntimeApi};
use crate::sys;
use std::collections::VecDeque;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

const DEFAULT_ERROR_TYPE: &str = "Tck.ScriptedError";
const DEFAULT_ERROR_MESSAGE: &str = "scripted error";
const DEFAULT_FATAL_TYPE: &str = "Runtime.TckFatal";
const DEFAULT_FATAL_MESSAGE: &str = "fatal handler failure";
/// Fault truncated-xray-cause keeps this many bytes of the cause.
const XRAY_CAUSE_CUT: usize = 40;
const DEFAULT_READ_MAX: u64 = 1 << 20;
const DEFAULT_EXEC_TIMEOUT_MS: u64 = 5000;
const DEFAULT_HTTP_TIMEOUT_MS: u64 = 30000;

/// One invocation's state while its script runs.
pub struct Invocation<'a> {
    pub api: &'a RuntimeApi,
    pub event: &'a Event,
    pub number: u64,
    pub scenario: Option<String>,
    pub results: Vec<Value>,
    /// An answer step reached the platform (it answered with some status).
    pub answered: bool,
    pub history: &'a VecDeque<Value>,
}

type Fields = Vec<(&'static str, Value)>;

impl<'a> Invocation<'a> {
    pub fn document(&self, error: Option<&str>) -> Value {
        protocol::result_document(self.scenario.as_deref(), self.number, &self.event.request_id, &self.results, error)
    }

    fn body(&self, form: &Value) -> Result<Vec<u8>, String> {
        let doc = || self.document(None);
        resolve_body(form, &BodySources { results_so_far: &doc, event: self.event })
    }

    /// Runs one step and records its result. `exit` and `kill` may not return.
    pub fn run(&mut self, step: &Value) {
        let op = step.get("op").and_then(Value::as_str).unwrap_or("").to_string();
        let result = match self.dispatch(&op, step) {
            Ok(fields) => {
                let mut b = step_ok(&op);
                for (k, v) in fields {
                    b.push(k, v);
                }
                b.build()
            }
            Err(message) => step_failed(&op, &message),
        };
        self.results.push(result);
    }

    fn dispatch(&mut self, op: &str, s: &Value) -> Result<Fields, String> {
        match op {
            "respond" => self.respond(s),
            "error" => self.error(s),
            "stream" => self.stream(s),
            "sleep" => {
                std::thread::sleep(Duration::from_millis(opt_u64(s, "ms")?.unwrap_or(0)));
                Ok(vec![])
            }
            "exit" => {
                let code = match s.get("code") {
                    None => 0,
                    Some(v) => v.as_i64().ok_or("\"code\" must be an integer")?,
                };
                let _ = std::io::stdout().flush();
                std::process::exit(code as i32);
            }
            "fatal" => self.fatal(s),
            "kill" => {
                let name = req_str(s, "signal")?;
                let sig = sys::script_signal(name).ok_or_else(|| format!("unknown signal \"{name}\""))?;
                let _ = std::io::stdout().flush();
                sys::kill_self(sig);
                Ok(vec![]) // still alive: the signal was ignored
            }
            "echo" => Ok(self.echo()),
            "list" => {
                let recursive = opt_bool(s, "recursive")?.unwrap_or(true);
                fsops::list(req_str(s, "path")?, recursive)
            }
            "read" => {
                let max = opt_u64(s, "maxBytes")?.unwrap_or(DEFAULT_READ_MAX);
                fsops::read(req_str(s, "path")?, max.min(usize::MAX as u64) as usize)
            }
            "exec" => {
                let args = match s.get("args") {
                    None => vec![],
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|v| v.as_str().map(str::to_string).ok_or("\"args\" must be strings"))
                        .collect::<Result<_, _>>()?,
                    Some(_) => return Err("\"args\" must be an array of strings".into()),
                };
                let timeout = opt_u64(s, "timeoutMs")?.unwrap_or(DEFAULT_EXEC_TIMEOUT_MS);
                exec::run(req_str(s, "program")?, &args, Duration::from_millis(timeout))
            }
            "http" => self.http(s),
            "log" => log(s),
            "recall" => Ok(vec![("invocations", Value::Array(self.history.iter().cloned().collect()))]),
            other => Err(format!("unknown op \"{other}\"")),
        }
    }

    fn answered_with(&mut self, result: std::io::Result<Response>, what: &str) -> Result<Fields, String> {
        let resp = result.map_err(|e| format!("{what} failed: {}", sys::io_text(&e)))?;
        self.answered = true;
        Ok(vec![("status", Value::int(resp.status)), ("responseBody", Value::str(text_from_bytes(&resp.body)))])
    }

    fn respond(&mut self, s: &Value) -> Result<Fields, String> {
        let body = match s.get("body") {
            Some(form) => self.body(form)?,
            None => self.document(None).to_json().into_bytes(),
        };
        let content_type = opt_str(s, "contentType")?.unwrap_or("application/json");
        let (path, mut headers) = self.api.answer_target(Answer::Response, self.event);
        headers.push(("Content-Type".into(), content_type.into()));
        // A script header replaces a default of the same name (e.g. its own Content-Type) instead of repeating it.
        for (name, value) in string_map(s, "headers")? {
            match headers.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&name)) {
                Some(existing) => existing.1 = value,
                None => headers.push((name, value)),
            }
        }
        let req = Request::new("POST", path, headers, RequestBody::Bytes(body));
        let result = self.api.post_answer(Answer::Response, &req);
        self.answered_with(result, "POST /response")
    }

    /// A handler failure the runtime cannot survive: /error, then exit (never returns normally).
    fn fatal(&mut self, s: &Value) -> Result<Fields, String> {
        let faults = self.api.faults;
        let error_type = opt_str(s, "errorType")?.unwrap_or(DEFAULT_FATAL_TYPE);
        let message = opt_str(s, "message")?.unwrap_or(DEFAULT_FATAL_MESSAGE);
        let code = match s.get("code") {
            None => 1,
            Some(v) => v.as_i64().ok_or("\"code\" must be an integer")?,
        };
        if !faults.fatal_without_error {
            let (path, mut headers) = self.api.answer_target(Answer::Error, self.event);
            let (body, content_type) = if faults.error_body_not_json {
                (message.as_bytes().to_vec(), "text/plain")
            } else {
                (error_document(message, error_type, Value::Array(vec![])), "application/json")
            };
            if !faults.no_error_type_header {
                headers.push(("Lambda-Runtime-Function-Error-Type".into(), error_type.into()));
            }
            headers.push(("Content-Type".into(), content_type.into()));
            let req = Request::new("POST", path, headers, RequestBody::Bytes(body));
            if let Err(e) = self.api.post_answer(Answer::Error, &req) {
                eprintln!("tck-fixture {FIXTURE_NAME}: fatal: POST /error failed: {}", sys::io_text(&e));
            }
        }
        let _ = std::io::stdout().flush();
        std::process::exit(code as i32);
    }

    fn error(&mut self, s: &Value) -> Result<Fields, String> {
        let faults = self.api.faults;
        let error_type = opt_str(s, "errorType")?.unwrap_or(DEFAULT_ERROR_TYPE);
        let message = opt_str(s, "message")?.unwrap_or(DEFAULT_ERROR_MESSAGE);
        let mut content_type = opt_str(s, "contentType")?.unwrap_or("application/json");
        let body = if faults.error_body_not_json {
            content_type = "text/plain";
            message.as_bytes().to_vec()
        } else if opt_bool(s, "noBody")?.unwrap_or(false) {
            Vec::new()
        } else if let Some(form) = s.get("body") {
            self.body(form)?
        } else {
            let trace = match s.get("stackTrace") {
                None => Value::Array(vec![]),
                Some(v @ Value::Array(items)) if items.iter().all(|i| i.as_str().is_some()) => v.clone(),
                Some(_) => return Err("\"stackTrace\" must be an array of strings".into()),
            };
            error_document(message, error_type, trace)
        };
        let target = if faults.error_to_response { Answer::Response } else { Answer::Error };
        let (path, mut headers) = self.api.answer_target(target, self.event);
        if !opt_bool(s, "noTypeHeader")?.unwrap_or(false) && !faults.no_error_type_header {
            headers.push(("Lambda-Runtime-Function-Error-Type".into(), error_type.into()));
        }
        match s.get("xrayCause") {
            None => {}
            Some(v @ Value::Object(_)) => {
                let mut cause = v.to_json();
                if faults.truncated_xray_cause && cause.len() > XRAY_CAUSE_CUT {
                    // A header value is text here: the cut backs off to a character boundary.
                    let mut at = XRAY_CAUSE_CUT;
                    while !cause.is_char_boundary(at) {
                        at -= 1;
                    }
                    cause.truncate(at);
                }
                headers.push(("Lambda-Runtime-Function-XRay-Error-Cause".into(), cause))
            }
            Some(_) => return Err("\"xrayCause\" must be an object".into()),
        }
        headers.push(("Content-Type".into(), content_type.into()));
        let req = Request::new("POST", path, headers, RequestBody::Bytes(body));
        let result = self.api.post_answer(target, &req);
        if faults.exit_after_error && target == Answer::Error && result.is_ok() {
            crate::runtime::exit_for_fault("exiting after the /error post was answered (fault exit-after-error)");
        }
        self.answered_with(result, "POST /error")
    }

    fn stream(&mut self, s: &Value) -> Result<Fields, String> {
        let faults = self.api.faults;
        let mut content_type = opt_str(s, "contentType")?.unwrap_or("application/octet-stream").to_string();
        let mut chunks: Vec<(u64, Vec<u8>)> = Vec::new();
        match s.get("prelude") {
            None => {}
            Some(p @ Value::Object(_)) => {
                content_type = "application/vnd.awslambda.http-integration-response".into();
                let mut first = p.to_json().into_bytes();
                if !faults.prelude_without_nuls {
                    first.extend_from_slice(&[0u8; 8]);
                }
                chunks.push((0, first));
            }
            Some(_) => return Err("\"prelude\" must be an object".into()),
        }
        let elements = match s.get("chunks") {
            None => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(_) => return Err("\"chunks\" must be an array of bodies".into()),
        };
        for element in &elements {
            let delay = opt_u64(element, "delayMs")?.unwrap_or(0);
            chunks.push((delay, self.body(element)?));
        }
        let mut trailers = Vec::new();
        let mut truncate = opt_bool(s, "truncate")?.unwrap_or(false);
        match s.get("errorTrailer") {
            None => truncate |= faults.stream_without_last_chunk,
            Some(t @ Value::Object(_)) if faults.stream_error_in_body => {
                // Fault stream-error-in-body: the error document travels as data, with no trailers.
                let (_, json) = trailer_error_document(t)?;
                chunks.push((0, json.into_bytes()));
            }
            Some(t @ Value::Object(_)) => {
                let (error_type, json) = trailer_error_document(t)?;
                let encoded = if faults.error_body_raw_trailer { json } else { codec::base64_encode(json.as_bytes()) };
                trailers.push(("Lambda-Runtime-Function-Error-Type".to_string(), error_type.to_string()));
                trailers.push(("Lambda-Runtime-Function-Error-Body".to_string(), encoded));
            }
            Some(_) => return Err("\"errorTrailer\" must be an object".into()),
        }
        let (path, mut headers) = self.api.answer_target(Answer::Response, self.event);
        headers.push(("Content-Type".into(), content_type));
        if !faults.chunked_without_mode_header {
            headers.push(("Lambda-Runtime-Function-Response-Mode".into(), "streaming".into()));
        }
        if !faults.no_trailer_declaration {
            headers.push((
                "Trailer".into(),
                "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body".into(),
            ));
        }
        let mut req = Request::new("POST", path, headers, RequestBody::Chunked { chunks, trailers, truncate });
        req.shut_write = truncate;
        match self.api.post_answer_any(Answer::Response, &req) {
            // A truncated stream that got no answer within its wait: it went out whole, so it is this
            // invocation's answer (no result document follows), but there is no status to report.
            Ok(None) => {
                self.answered = true;
                Ok(vec![])
            }
            Ok(Some(resp)) => self.answered_with(Ok(resp), "streamed POST /response"),
            Err(e) => self.answered_with(Err(e), "streamed POST /response"),
        }
    }

    fn echo(&self) -> Fields {
        let ev = self.event;
        let headers = ev.response.joined_headers().into_iter().map(|(k, v)| (k, Value::str(v))).collect();
        let mut env: Vec<(Vec<u8>, Vec<u8>)> =
            std::env::vars_os().map(|(k, v)| (k.as_bytes().to_vec(), v.as_bytes().to_vec())).collect();
        env.sort();
        let env = env.into_iter().map(|(k, v)| (text_from_bytes(&k), Value::str(text_from_bytes(&v)))).collect();
        let cwd =
            std::env::current_dir().map_or(Value::Null, |p| Value::str(text_from_bytes(p.as_os_str().as_bytes())));
        let argv = std::env::args_os().map(|a| Value::str(text_from_bytes(a.as_bytes()))).collect();
        let trace =
            std::env::var_os("_X_AMZN_TRACE_ID").map_or(Value::Null, |v| Value::str(text_from_bytes(v.as_bytes())));
        vec![
            ("requestId", Value::str(ev.request_id.clone())),
            ("headers", Value::Object(headers)),
            ("env", Value::Object(env)),
            ("cwd", cwd),
            ("uid", Value::int(sys::uid())),
            ("gid", Value::int(sys::gid())),
            ("argv", Value::Array(argv)),
            ("traceEnv", trace),
            ("eventBytes", Value::int(ev.response.body.len() as u64)),
            ("eventSha256", Value::str(codec::sha256_hex(&ev.response.body))),
            ("invocation", Value::int(self.number)),
            ("pid", Value::int(std::process::id())),
        ]
    }

    fn http(&mut self, s: &Value) -> Result<Fields, String> {
        let method = opt_str(s, "method")?.unwrap_or("GET").to_string();
        let raw_path = req_str(s, "path")?;
        let targets_invocation = raw_path.contains("{requestId}") || raw_path.contains("{requestIdPercent}");
        let every_byte: String = self.event.request_id.bytes().map(|b| format!("%{b:02X}")).collect();
        let path = raw_path
            .replace("{requestIdPercent}", &every_byte)
            .replace("{requestId}", &crate::runtime::path_segment(&self.event.request_id));
        let extra = string_map(s, "headers")?;
        let mut headers: Vec<(String, String)> = self
            .api
            .base_headers()
            .into_iter()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k)))
            .collect();
        if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("connection")) {
            headers.push(("Connection".into(), "close".into()));
        }
        if targets_invocation {
            self.api.add_invocation_id(&mut headers, self.event);
        }
        headers.extend(extra);
        let body = match s.get("body") {
            Some(form) => Some(self.body(form)?),
            None => None,
        };
        let chunked = opt_bool(s, "chunked")?.unwrap_or(false);
        let trailers = string_map(s, "trailers")?;
        if !trailers.is_empty() && !chunked {
            return Err("\"trailers\" needs \"chunked\": true".into());
        }
        let declared_length = opt_u64(s, "declaredLength")?;
        if declared_length.is_some() && chunked {
            return Err("\"declaredLength\" cannot be used with \"chunked\"".into());
        }
        let body = match (chunked, body) {
            (true, b) => {
                RequestBody::Chunked { chunks: b.map(|b| vec![(0, b)]).unwrap_or_default(), trailers, truncate: false }
            }
            (false, Some(b)) => RequestBody::Bytes(b),
            (false, None) => RequestBody::None,
        };
        let timeout = Duration::from_millis(opt_u64(s, "timeoutMs")?.unwrap_or(DEFAULT_HTTP_TIMEOUT_MS));
        let mut req = Request::new(&method, path, headers, body);
        req.declared_length = declared_length;
        let resp = http::exchange(&self.api.endpoint, &req, timeout)
            .map_err(|e| format!("{} {} failed: {}", req.method, req.path, sys::io_text(&e)))?;
        let headers = resp.joined_headers().into_iter().map(|(k, v)| (k, Value::str(v))).collect();
        let body_field = match std::str::from_utf8(&resp.body) {
            Ok(text) => ("body", Value::str(text)),
            Err(_) => ("bodyBase64", Value::str(codec::base64_encode(&resp.body))),
        };
        Ok(vec![("status", Value::int(resp.status)), ("headers", Value::Object(headers)), body_field])
    }
}

/// The default error document `{"errorMessage":…,"errorType":…,"stackTrace":…}`.
fn error_document(message: &str, error_type: &str, stack_trace: Value) -> Vec<u8> {
    ObjectBuilder::new()
        .put("errorMessage", Value::str(message))
        .put("errorType", Value::str(error_type))
        .put("stackTrace", stack_trace)
        .build()
        .to_json()
        .into_bytes()
}

fn log(s: &Value) -> Result<Fields, String> {
    let text = opt_str(s, "text")?.unwrap_or("");
    let repeat = opt_u64(s, "repeat")?.unwrap_or(1);
    let mut line = Vec::with_capacity(text.len() + 1);
    line.extend_from_slice(text.as_bytes());
    line.push(b'\n');
    let write_all = |w: &mut dyn Write| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, w);
        for _ in 0..repeat {
            w.write_all(&line)?;
        }
        w.flush()
    };
    let written = match opt_str(s, "stream")?.unwrap_or("stdout") {
        "stdout" => write_all(&mut std::io::stdout().lock()),
        "stderr" => write_all(&mut std::io::stderr().lock()),
        other => return Err(format!("unknown stream \"{other}\" (stdout or stderr)")),
    };
    written.map_err(|e| format!("log failed: {}", sys::io_text(&e)))?;
    Ok(vec![])
}

fn req_str<'v>(s: &'v Value, key: &str) -> Result<&'v str, String> {
    s.get(key).and_then(Value::as_str).ok_or_else(|| format!("\"{key}\" (string) is required"))
}

/// A stream step's `errorTrailer` object: its error type and the compact error document.
fn trailer_error_document(t: &Value) -> Result<(&str, String), String> {
    let error_type = opt_str(t, "errorType")?.unwrap_or(DEFAULT_ERROR_TYPE);
    let message = opt_str(t, "message")?.unwrap_or(DEFAULT_ERROR_MESSAGE);
    let json = ObjectBuilder::new()
        .put("errorMessage", Value::str(message))
        .put("errorType", Value::str(error_type))
        .build()
        .to_json();
    Ok((error_type, json))
}

fn opt_str<'v>(s: &'v Value, key: &str) -> Result<Option<&'v str>, String> {
    match s.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(v)) => Ok(Some(v)),
        Some(_) => Err(format!("\"{key}\" must be a string")),
    }
}

fn opt_u64(s: &Value, key: &str) -> Result<Option<u64>, String> {
    match s.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_u64().map(Some).ok_or_else(|| format!("\"{key}\" must be a non-negative integer")),
    }
}

fn opt_bool(s: &Value, key: &str) -> Result<Option<bool>, String> {
    match s.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| format!("\"{key}\" must be a boolean")),
    }
}

/// An object of header names to string values, in the given order.
fn string_map(s: &Value, key: &str) -> Result<Vec<(String, String)>, String> {
    match s.get(key) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|v| (k.clone(), v.to_string()))
                    .ok_or_else(|| format!("\"{key}\" values must be strings"))
            })
            .collect(),
        Some(_) => Err(format!("\"{key}\" must be an object")),
    }
}

/// The stderr line every invocation writes.
pub fn invocation_line(n: u64, request_id: &str) -> String {
    format!("tck-fixture {FIXTURE_NAME} invocation {n} request {request_id}")
}
