//! The Runtime API client: `/next`, `/response`, `/error`, `/init/error`, with the header and fault rules
//! of protocol §4 applied in one place.

use crate::faults::{self, Faults};
use crate::http::{self, Endpoint, Request, RequestBody, Response};
use crate::protocol::FIXTURE_NAME;
use std::cell::RefCell;
use std::io;
use std::net::TcpStream;
use std::time::Duration;

pub const API_PREFIX: &str = "/2018-06-01/runtime";

/// Buffered `/response` bodies above this size are mis-framed under fault misframed-large-result.
const MISFRAME_ABOVE: usize = 262_144;
/// Events above this size are cut under fault truncate-large-event.
const EVENT_CUT: usize = 1_048_576;
/// How long a truncated or mis-framed post waits for an answer after shutting down its sending side.
const HALF_CLOSED_WAIT: Duration = Duration::from_secs(5);
/// Fault next-client-timeout abandons a GET /next after this long.
const NEXT_CLIENT_TIMEOUT: Duration = Duration::from_millis(1000);

/// Ends the process for a fault (or a failure the fault turns fatal): one stderr line, status 1.
pub fn exit_for_fault(message: &str) -> ! {
    eprintln!("tck-fixture {FIXTURE_NAME}: {message}");
    std::process::exit(1);
}

pub struct Event {
    pub request_id: String,
    pub invocation_id: Option<String>,
    pub trace_id: Option<String>,
    pub content_type: Option<String>,
    pub response: Response,
}

pub struct RuntimeApi {
    pub endpoint: Endpoint,
    pub user_agent: Option<String>,
    pub faults: Faults,
    /// The kept-alive connection between requests (each request takes it and puts it back when reusable).
    pub idle: RefCell<Option<TcpStream>>,
    /// The last invocation id a GET /next answer carried (fault stale-invocation-id reuses it).
    pub last_invocation_id: RefCell<Option<String>>,
}

/// What an answer post targets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Response,
    Error,
}

/// Percent-encodes what a URL path segment may not hold (RFC 3986 pchar), so any request id is path-safe.
pub fn path_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for &b in raw.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl RuntimeApi {
    /// Headers every request carries.
    pub fn base_headers(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        if let Some(ua) = &self.user_agent {
            h.push(("User-Agent".to_string(), ua.clone()));
        }
        h
    }

    /// Sends a request on the kept-alive connection when it is still open, else on a new one. A kept
    /// connection the server closed while idle (nothing came back) is retried once on a new connection,
    /// unless the body was a stream that may already have been partly delivered.
    pub fn send(&self, req: &Request) -> io::Result<Response> {
        self.send_any(req)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::TimedOut, "no answer after the request was cut short"))
    }

    /// Like `send`; `None` when a request that shuts down its sending side got no answer in time.
    fn send_any(&self, req: &Request) -> io::Result<Option<Response>> {
        let kept = self.idle.borrow_mut().take();
        if let Some(stream) = kept {
            if self.faults.no_reconnect {
                // Fault no-reconnect: a kept connection the platform closed ends the runtime.
                if !http::is_idle_and_open(&stream) {
                    exit_for_fault(
                        "the platform closed the kept-alive connection; not reconnecting (fault no-reconnect)",
                    );
                }
                return match self.send_on(stream, req) {
                    Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => exit_for_fault(&format!(
                        "the kept-alive connection failed ({}); not reconnecting (fault no-reconnect)",
                        crate::sys::io_text(&e)
                    )),
                    done => done,
                };
            }
            if http::is_idle_and_open(&stream) {
                match self.send_on(stream, req) {
                    Err(e)
                        if e.kind() == io::ErrorKind::ConnectionAborted
                            && !matches!(req.body, RequestBody::Chunked { .. }) => {}
                    done => return done,
                }
            }
        }
        self.send_on(http::connect(&self.endpoint)?, req)
    }

    fn send_on(&self, mut stream: TcpStream, req: &Request) -> io::Result<Option<Response>> {
        let written = http::write_request(&mut stream, &self.endpoint, req);
        if req.shut_write {
            stream.set_read_timeout(Some(HALF_CLOSED_WAIT))?;
        }
        match http::read_response(&stream, &req.method) {
            Ok(resp) => {
                if written.is_ok() && resp.reusable && !req.shut_write {
                    *self.idle.borrow_mut() = Some(stream);
                }
                Ok(Some(resp))
            }
            // A truncated stream may get no answer at all: the step reports that without a status.
            Err(_) if written.is_ok() && is_truncated(req) => Ok(None),
            Err(read_err) => Err(match written {
                Err(e) if read_err.kind() != io::ErrorKind::ConnectionAborted => e,
                _ => read_err,
            }),
        }
    }

    fn next_request(&self) -> Request {
        Request::new("GET", format!("{API_PREFIX}/invocation/next"), self.base_headers(), RequestBody::None)
    }

    /// Sends `GET /next` without waiting for the answer (the answer is read by `finish_next`).
    pub fn start_next(&self) -> io::Result<TcpStream> {
        let mut stream = http::connect(&self.endpoint)?;
        http::write_request(&mut stream, &self.endpoint, &self.next_request())?;
        Ok(stream)
    }

    /// Fault next-client-timeout: a GET /next unanswered for a second is abandoned and sent again.
    fn next_with_client_timeout(&self) -> io::Result<Response> {
        self.idle.borrow_mut().take();
        loop {
            let mut stream = http::connect(&self.endpoint)?;
            http::write_request(&mut stream, &self.endpoint, &self.next_request())?;
            stream.set_read_timeout(Some(NEXT_CLIENT_TIMEOUT))?;
            match http::read_response(&stream, "GET") {
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    eprintln!(
                        "tck-fixture {FIXTURE_NAME}: GET /next unanswered after {} ms; sending a new one (fault next-client-timeout)",
                        NEXT_CLIENT_TIMEOUT.as_millis()
                    );
                }
                done => return done,
            }
        }
    }

    /// A `Lambda-Runtime-*` header of a /next answer: any spelling, or only the canonical one under
    /// fault case-sensitive-headers.
    pub fn context_header(&self, response: &Response, canonical: &str) -> Option<String> {
        if self.faults.case_sensitive_headers {
            response.header_exact(canonical)
        } else {
            response.header(&canonical.to_ascii_lowercase())
        }
    }

    pub fn finish_next(&self, stream: TcpStream) -> Result<Event, String> {
        let response = http::read_response(&stream, "GET")
            .map_err(|e| format!("GET /next failed: {}", crate::sys::io_text(&e)))?;
        self.event_from(response)
    }

    fn event_from(&self, mut response: Response) -> Result<Event, String> {
        let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
        let request_id = non_empty(self.context_header(&response, "Lambda-Runtime-Aws-Request-Id"));
        let failed_but_served =
            self.faults.serve_failed_next && !(200..300).contains(&response.status) && request_id.is_some();
        if response.status != 200 && !failed_but_served {
            return Err(format!("GET /next answered {}", response.status));
        }
        // Without a request id there is nothing to answer (RTC-LOOP-009): treat it as a failed /next.
        let request_id = match request_id {
            Some(id) => id,
            None if self.faults.post_to_empty_id => String::new(),
            None => return Err("GET /next answered 200 without Lambda-Runtime-Aws-Request-Id".to_string()),
        };
        if self.faults.truncate_large_event && response.body.len() > EVENT_CUT {
            response.body.truncate(EVENT_CUT);
        }
        let mut invocation_id = non_empty(self.context_header(&response, "Lambda-Runtime-Invocation-Id"));
        if invocation_id.is_some() {
            *self.last_invocation_id.borrow_mut() = invocation_id.clone();
        } else if self.faults.stale_invocation_id {
            invocation_id = self.last_invocation_id.borrow().clone();
        } else if self.faults.invented_invocation_id {
            invocation_id = Some(format!("invented-{request_id}"));
        }
        Ok(Event {
            request_id,
            invocation_id,
            trace_id: non_empty(self.context_header(&response, "Lambda-Runtime-Trace-Id")),
            content_type: response.header("content-type"),
            response,
        })
    }

    pub fn next(&self) -> Result<Event, String> {
        let response = if self.faults.next_client_timeout {
            self.next_with_client_timeout()
        } else {
            self.send(&self.next_request())
        };
        self.event_from(response.map_err(|e| format!("GET /next failed: {}", crate::sys::io_text(&e)))?)
    }

    /// Why the event ends the process under one of the context-checking faults, if it does.
    pub fn context_fault(&self, event: &Event) -> Option<String> {
        let f = self.faults;
        let resp = &event.response;
        let header = |name: &str| self.context_header(resp, name);
        if f.require_function_arn && header("Lambda-Runtime-Invoked-Function-Arn").is_none() {
            return Some("no Lambda-Runtime-Invoked-Function-Arn (fault require-function-arn)".into());
        }
        if f.empty_context_header_exit {
            for name in [
                "Lambda-Runtime-Trace-Id",
                "Lambda-Runtime-Client-Context",
                "Lambda-Runtime-Cognito-Identity",
                "Lambda-Runtime-Aws-Tenant-Id",
                "Lambda-Runtime-Invoked-Function-Arn",
            ] {
                if header(name).is_some_and(|v| v.is_empty()) {
                    return Some(format!("{name} is empty (fault empty-context-header-exit)"));
                }
            }
        }
        if f.bad_deadline_exit {
            let deadline = header("Lambda-Runtime-Deadline-Ms");
            let integer = |v: &str| {
                let digits = v.strip_prefix('-').unwrap_or(v);
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            };
            match deadline {
                None => return Some("no Lambda-Runtime-Deadline-Ms (fault bad-deadline-exit)".into()),
                Some(v) if !integer(&v) => {
                    return Some(format!(
                        "Lambda-Runtime-Deadline-Ms {v:?} is not an integer (fault bad-deadline-exit)"
                    ))
                }
                Some(_) => {}
            }
        }
        if f.bad_context_json_exit {
            for name in ["Lambda-Runtime-Client-Context", "Lambda-Runtime-Cognito-Identity"] {
                if let Some(v) = header(name).filter(|v| !v.is_empty()) {
                    if crate::json::parse(v.as_bytes()).is_err() {
                        return Some(format!("{name} is not valid JSON (fault bad-context-json-exit)"));
                    }
                }
            }
        }
        if f.exit_on_empty_event && resp.body.is_empty() {
            return Some("the event is empty (fault exit-on-empty-event)".into());
        }
        None
    }

    /// Headers and path for an answer to the current invocation, faults applied.
    pub fn answer_target(&self, answer: Answer, event: &Event) -> (String, Vec<(String, String)>) {
        let id =
            if self.faults.wrong_request_id { faults::wrong_id(&event.request_id) } else { event.request_id.clone() };
        let id = path_segment(&id);
        let kind = match answer {
            Answer::Response => "response",
            Answer::Error => "error",
        };
        let mut headers = self.base_headers();
        self.add_invocation_id(&mut headers, event);
        (format!("{API_PREFIX}/invocation/{id}/{kind}"), headers)
    }

    pub fn add_invocation_id(&self, headers: &mut Vec<(String, String)>, event: &Event) {
        if let (Some(inv), false) = (&event.invocation_id, self.faults.no_invocation_id_echo) {
            headers.push(("Lambda-Runtime-Invocation-Id".to_string(), inv.clone()));
        }
    }

    /// Posts an answer (twice under `double-response`; the first answer is reported). Under
    /// `exit-after-413` a 413 from `/response` ends the process.
    pub fn post_answer(&self, answer: Answer, req: &Request) -> io::Result<Response> {
        self.post_answer_any(answer, req)?
            .ok_or_else(|| io::Error::new(io::ErrorKind::TimedOut, "no answer after the request was cut short"))
    }

    /// Like `post_answer`; `None` when a truncated stream got no answer in time.
    pub fn post_answer_any(&self, answer: Answer, req: &Request) -> io::Result<Option<Response>> {
        let misframed;
        let req = match &req.body {
            RequestBody::Bytes(b)
                if self.faults.misframed_large_result && answer == Answer::Response && b.len() > MISFRAME_ABOVE =>
            {
                // Fault misframed-large-result: one byte promised but never sent; the platform sees the end.
                let mut r = req.clone();
                r.declared_length = Some(b.len() as u64 + 1);
                r.shut_write = true;
                misframed = r;
                &misframed
            }
            _ => req,
        };
        let first = self.send_any(req);
        self.check_202(&first);
        if self.faults.double_response {
            let second = self.send_any(req);
            self.check_202(&second);
        }
        if let Ok(Some(resp)) = &first {
            if resp.status == 413 && answer == Answer::Response && self.faults.exit_after_413 {
                eprintln!("tck-fixture rust exiting after 413 (fault exit-after-413)");
                std::process::exit(1);
            }
            if resp.status == 413 && answer == Answer::Response && self.faults.error_after_413 {
                self.post_error_after_413(req);
            }
            if (resp.status == 400 || resp.status == 403) && self.faults.exit_after_400 {
                eprintln!("tck-fixture rust exiting after {} (fault exit-after-400)", resp.status);
                std::process::exit(1);
            }
        }
        first
    }

    /// Fault strict-202-body: a 202 answer must carry exactly `{"status":"OK"}`.
    fn check_202(&self, answer: &io::Result<Option<Response>>) {
        if let Ok(Some(resp)) = answer {
            if self.faults.strict_202_body && resp.status == 202 && resp.body != br#"{"status":"OK"}"# {
                exit_for_fault(&format!(
                    "202 answer body {:?} is not {{\"status\":\"OK\"}} (fault strict-202-body)",
                    crate::json::text_from_bytes(&resp.body)
                ));
            }
        }
    }

    /// Fault error-after-413: reports the refused /response through /error for the same request id.
    fn post_error_after_413(&self, refused: &Request) {
        let path = format!("{}/error", refused.path.strip_suffix("/response").unwrap_or(&refused.path));
        let mut headers = self.base_headers();
        let echoed = refused.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("lambda-runtime-invocation-id"));
        headers.extend(echoed.cloned());
        headers.push(("Lambda-Runtime-Function-Error-Type".into(), "Runtime.TckResponseTooLarge".into()));
        headers.push(("Content-Type".into(), "application/json".into()));
        let body = r#"{"errorMessage":"response refused with 413","errorType":"Runtime.TckResponseTooLarge"}"#;
        let req = Request::new("POST", path, headers, RequestBody::Bytes(body.as_bytes().to_vec()));
        if let Err(e) = self.send(&req) {
            eprintln!("tck-fixture rust: POST /error after 413 failed: {}", crate::sys::io_text(&e));
        }
    }

    pub fn post_init_error(&self, error_type: &str, content_type: &str, body: Vec<u8>) -> io::Result<Response> {
        let mut headers = self.base_headers();
        headers.push(("Lambda-Runtime-Function-Error-Type".into(), error_type.into()));
        headers.push(("Content-Type".into(), content_type.into()));
        self.send(&Request::new("POST", format!("{API_PREFIX}/init/error"), headers, RequestBody::Bytes(body)))
    }
}

fn is_truncated(req: &Request) -> bool {
    matches!(req.body, RequestBody::Chunked { truncate: true, .. })
}
