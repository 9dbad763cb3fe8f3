//! The Runtime API client: `/next`, `/response`, `/error`, `/init/error`, with the header and fault rules
//! of protocol §4 applied in one place.

use crate::faults::{self, Faults};
use crate::http::{self, Request, RequestBody, Response};
use std::cell::RefCell;
use std::io;
use std::net::TcpStream;

pub const API_PREFIX: &str = "/2018-06-01/runtime";

pub struct Event {
    pub request_id: String,
    pub invocation_id: Option<String>,
    pub trace_id: Option<String>,
    pub content_type: Option<String>,
    pub response: Response,
}

pub struct RuntimeApi {
    pub authority: String,
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
        let kept = self.idle.borrow_mut().take().filter(http::is_idle_and_open);
        if let Some(stream) = kept {
            match self.send_on(stream, req) {
                Err(e)
                    if e.kind() == io::ErrorKind::ConnectionAborted
                        && !matches!(req.body, RequestBody::Chunked { .. }) => {}
                done => return done,
            }
        }
        self.send_on(http::connect(&self.authority)?, req)
    }

    fn send_on(&self, mut stream: TcpStream, req: &Request) -> io::Result<Response> {
        let written = http::write_request(&mut stream, &self.authority, req);
        match http::read_response(&stream, &req.method) {
            Ok(resp) => {
                if written.is_ok() && resp.reusable {
                    *self.idle.borrow_mut() = Some(stream);
                }
                Ok(resp)
            }
            Err(read_err) => Err(match written {
                Err(e) if read_err.kind() != io::ErrorKind::ConnectionAborted => e,
                _ => read_err,
            }),
        }
    }

    fn next_request(&self) -> Request {
        Request {
            method: "GET".into(),
            path: format!("{API_PREFIX}/invocation/next"),
            headers: self.base_headers(),
            body: RequestBody::None,
        }
    }

    /// Sends `GET /next` without waiting for the answer (the answer is read by `finish_next`).
    pub fn start_next(&self) -> io::Result<TcpStream> {
        let mut stream = http::connect(&self.authority)?;
        http::write_request(&mut stream, &self.authority, &self.next_request())?;
        Ok(stream)
    }

    pub fn finish_next(&self, stream: TcpStream) -> Result<Event, String> {
        let response = http::read_response(&stream, "GET")
            .map_err(|e| format!("GET /next failed: {}", crate::sys::io_text(&e)))?;
        self.event_from(response)
    }

    fn event_from(&self, response: Response) -> Result<Event, String> {
        if response.status != 200 {
            return Err(format!("GET /next answered {}", response.status));
        }
        let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
        // Without a request id there is nothing to answer (RTC-LOOP-009): treat it as a failed /next.
        let request_id = non_empty(response.header("lambda-runtime-aws-request-id"))
            .ok_or_else(|| "GET /next answered 200 without Lambda-Runtime-Aws-Request-Id".to_string())?;
        let mut invocation_id = non_empty(response.header("lambda-runtime-invocation-id"));
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
            trace_id: non_empty(response.header("lambda-runtime-trace-id")),
            content_type: response.header("content-type"),
            response,
        })
    }

    pub fn next(&self) -> Result<Event, String> {
        let response =
            self.send(&self.next_request()).map_err(|e| format!("GET /next failed: {}", crate::sys::io_text(&e)))?;
        self.event_from(response)
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
        let first = self.send(req);
        if self.faults.double_response {
            let _ = self.send(req);
        }
        if let Ok(resp) = &first {
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

    /// Fault error-after-413: reports the refused /response through /error for the same request id.
    fn post_error_after_413(&self, refused: &Request) {
        let path = format!("{}/error", refused.path.strip_suffix("/response").unwrap_or(&refused.path));
        let mut headers = self.base_headers();
        let echoed = refused.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("lambda-runtime-invocation-id"));
        headers.extend(echoed.cloned());
        headers.push(("Lambda-Runtime-Function-Error-Type".into(), "Runtime.TckResponseTooLarge".into()));
        headers.push(("Content-Type".into(), "application/json".into()));
        let body = r#"{"errorMessage":"response refused with 413","errorType":"Runtime.TckResponseTooLarge"}"#;
        let req = Request { method: "POST".into(), path, headers, body: RequestBody::Bytes(body.as_bytes().to_vec()) };
        if let Err(e) = self.send(&req) {
            eprintln!("tck-fixture rust: POST /error after 413 failed: {}", crate::sys::io_text(&e));
        }
    }

    pub fn post_init_error(&self, error_type: &str, content_type: &str, body: Vec<u8>) -> io::Result<Response> {
        let mut headers = self.base_headers();
        headers.push(("Lambda-Runtime-Function-Error-Type".into(), error_type.into()));
        headers.push(("Content-Type".into(), content_type.into()));
        self.send(&Request {
            method: "POST".into(),
            path: format!("{API_PREFIX}/init/error"),
            headers,
            body: RequestBody::Bytes(body),
        })
    }
}
