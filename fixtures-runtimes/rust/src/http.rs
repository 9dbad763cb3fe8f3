//! A minimal HTTP/1.1 client over `std::net::TcpStream`: one request per connection, Content-Length,
//! chunked and read-to-close response bodies, chunked request bodies with trailers.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Bodies of the exchange are bounded so a broken peer cannot exhaust memory.
const MAX_HEADER_BYTES: usize = 1 << 20;
const MAX_BODY_BYTES: u64 = 64 << 20;

#[derive(Clone)]
pub enum RequestBody {
    None,
    Bytes(Vec<u8>),
    /// One HTTP chunk per element, each sent after sleeping its delay; then the trailers.
    /// With `truncate`, the body ends after the last data chunk: no zero-length chunk, no trailers.
    Chunked {
        chunks: Vec<(u64, Vec<u8>)>,
        trailers: Vec<(String, String)>,
        truncate: bool,
    },
}

#[derive(Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header lines in order; `Host` and the framing header are added unless present here.
    pub headers: Vec<(String, String)>,
    pub body: RequestBody,
    /// Sends this Content-Length instead of the body's real length (a deliberately mis-framed request).
    pub declared_length: Option<u64>,
    /// Shuts down the sending side once the request is written (the peer sees the body end early).
    pub shut_write: bool,
}

impl Request {
    pub fn new(method: &str, path: String, headers: Vec<(String, String)>, body: RequestBody) -> Request {
        Request { method: method.into(), path, headers, body, declared_length: None, shut_write: false }
    }
}

/// Where requests for the Runtime API go.
#[derive(Clone)]
pub struct Endpoint {
    /// `AWS_LAMBDA_RUNTIME_API` (host:port).
    pub authority: String,
    /// The address connected to: the authority, or an HTTP proxy (fault use-http-proxy).
    pub connect_to: String,
    /// The `Host` header value (the authority, unless fault hardcoded-host).
    pub host: String,
    /// Absolute-form request targets (`GET http://authority/path`), as sent to a proxy.
    pub absolute_form: bool,
}

impl Endpoint {
    pub fn direct(authority: &str) -> Endpoint {
        Endpoint {
            authority: authority.into(),
            connect_to: authority.into(),
            host: authority.into(),
            absolute_form: false,
        }
    }

    fn target(&self, path: &str) -> String {
        if self.absolute_form {
            format!("http://{}{}", self.authority, path)
        } else {
            path.to_string()
        }
    }
}

/// `host:port` of an `http://host:port[/]` proxy URL.
pub fn proxy_address(url: &str) -> String {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("HTTP://")).unwrap_or(url);
    rest.split('/').next().unwrap_or(rest).to_string()
}

pub struct Response {
    pub status: u16,
    /// Names lower-cased, in arrival order, repeats kept.
    pub headers: Vec<(String, String)>,
    /// The header names as they arrived (same order as `headers`).
    pub raw_names: Vec<String>,
    pub body: Vec<u8>,
    /// The body was delimited and the server did not ask to close: the connection may carry another request.
    pub reusable: bool,
}

impl Response {
    /// The header's values joined with ", ", or None when absent.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self.headers.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }

    /// The values of the header spelled exactly `name`, joined with ", ", or None when absent.
    pub fn header_exact(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .zip(&self.raw_names)
            .filter(|(_, raw)| *raw == name)
            .map(|((_, v), _)| v.as_str())
            .collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }

    /// Every header once, repeats joined with ", ", sorted by name (byte order).
    pub fn joined_headers(&self) -> Vec<(String, String)> {
        let mut names: Vec<&String> = self.headers.iter().map(|(k, _)| k).collect();
        names.sort();
        names.dedup();
        names.into_iter().map(|n| (n.clone(), self.header(n).unwrap_or_default())).collect()
    }
}

pub fn connect(endpoint: &Endpoint) -> io::Result<TcpStream> {
    let stream = TcpStream::connect(endpoint.connect_to.as_str())?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

fn has_header(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
}

/// Writes the whole request. Chunk delays happen here, so streamed chunks leave as they are produced.
pub fn write_request(stream: &mut TcpStream, endpoint: &Endpoint, req: &Request) -> io::Result<()> {
    write_message(stream, endpoint, req)?;
    if req.shut_write {
        stream.shutdown(Shutdown::Write)?;
    }
    Ok(())
}

fn write_message(stream: &mut TcpStream, endpoint: &Endpoint, req: &Request) -> io::Result<()> {
    let mut head = format!("{} {} HTTP/1.1\r\n", req.method, endpoint.target(&req.path));
    if !has_header(&req.headers, "host") {
        head.push_str(&format!("Host: {}\r\n", endpoint.host));
    }
    for (k, v) in &req.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match &req.body {
        RequestBody::None => {
            if let Some(n) = req.declared_length.filter(|_| !has_header(&req.headers, "content-length")) {
                head.push_str(&format!("Content-Length: {n}\r\n"));
            }
        }
        RequestBody::Bytes(b) => {
            if !has_header(&req.headers, "content-length") {
                head.push_str(&format!("Content-Length: {}\r\n", req.declared_length.unwrap_or(b.len() as u64)));
            }
        }
        RequestBody::Chunked { .. } => {
            if !has_header(&req.headers, "transfer-encoding") {
                head.push_str("Transfer-Encoding: chunked\r\n");
            }
        }
    }
    head.push_str("\r\n");
    match &req.body {
        RequestBody::None => stream.write_all(head.as_bytes()),
        RequestBody::Bytes(b) if b.len() <= 64 * 1024 => {
            let mut all = head.into_bytes();
            all.extend_from_slice(b);
            stream.write_all(&all)
        }
        RequestBody::Bytes(b) => {
            stream.write_all(head.as_bytes())?;
            stream.write_all(b)
        }
        RequestBody::Chunked { chunks, trailers, truncate } => {
            stream.write_all(head.as_bytes())?;
            for (delay_ms, data) in chunks {
                if *delay_ms > 0 {
                    std::thread::sleep(Duration::from_millis(*delay_ms));
                }
                // A zero-length chunk would end the body, so an empty element sends nothing.
                if data.is_empty() {
                    continue;
                }
                let mut frame = format!("{:x}\r\n", data.len()).into_bytes();
                frame.extend_from_slice(data);
                frame.extend_from_slice(b"\r\n");
                stream.write_all(&frame)?;
            }
            if *truncate {
                return Ok(());
            }
            let mut tail = String::from("0\r\n");
            for (k, v) in trailers {
                tail.push_str(&format!("{k}: {v}\r\n"));
            }
            tail.push_str("\r\n");
            stream.write_all(tail.as_bytes())
        }
    }
}

fn read_line(r: &mut impl BufRead, budget: &mut usize) -> io::Result<String> {
    let mut line = Vec::new();
    let n = r.take(*budget as u64 + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed before the response was complete"));
    }
    if n > *budget {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "response header too large"));
    }
    *budget -= n;
    while line.last() == Some(&b'\n') || line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// Header lines: (lower-cased name, value) pairs, and the names as they arrived.
type HeaderBlock = (Vec<(String, String)>, Vec<String>);

fn read_header_block(r: &mut impl BufRead, budget: &mut usize) -> io::Result<HeaderBlock> {
    let mut headers = Vec::new();
    let mut raw_names = Vec::new();
    loop {
        let line = read_line(r, budget)?;
        if line.is_empty() {
            return Ok((headers, raw_names));
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            raw_names.push(k.trim().to_string());
        }
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

/// Reads one response (skipping 1xx interim answers).
pub fn read_response(stream: &TcpStream, method: &str) -> io::Result<Response> {
    let mut r = BufReader::with_capacity(64 * 1024, stream);
    loop {
        let mut budget = MAX_HEADER_BYTES;
        let status_line = read_line(&mut r, &mut budget).map_err(|e| {
            if matches!(
                e.kind(),
                io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
            ) {
                // Nothing came back at all: on a kept-alive connection the server closed it while idle.
                io::Error::new(io::ErrorKind::ConnectionAborted, "connection closed before any response byte")
            } else {
                e
            }
        })?;
        let mut parts = status_line.splitn(3, ' ');
        let version = parts.next().unwrap_or("");
        if !version.starts_with("HTTP/1.") {
            return Err(bad(&format!("not an HTTP/1.x response: {status_line:?}")));
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(&format!("bad status line: {status_line:?}")))?;
        let (headers, raw_names) = read_header_block(&mut r, &mut budget)?;
        if (100..200).contains(&status) {
            continue;
        }
        let close = headers
            .iter()
            .any(|(k, v)| k == "connection" && v.to_ascii_lowercase().split(',').any(|t| t.trim() == "close"));
        let mut resp =
            Response { status, headers, raw_names, body: Vec::new(), reusable: !close && version == "HTTP/1.1" };
        if method == "HEAD" || status == 204 || status == 304 {
            return Ok(resp);
        }
        let chunked = resp
            .header("transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().split(',').any(|t| t.trim() == "chunked"));
        if chunked {
            resp.body = read_chunked(&mut r)?;
        } else if let Some(len) = resp.header("content-length") {
            let len: u64 = len.trim().parse().map_err(|_| bad("bad Content-Length"))?;
            if len > MAX_BODY_BYTES {
                return Err(bad("response body too large"));
            }
            let mut body = vec![0u8; len as usize];
            r.read_exact(&mut body)?;
            resp.body = body;
        } else {
            r.take(MAX_BODY_BYTES).read_to_end(&mut resp.body)?;
            resp.reusable = false;
        }
        return Ok(resp);
    }
}

fn read_chunked(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut budget = MAX_HEADER_BYTES;
    loop {
        let line = read_line(r, &mut budget)?;
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = u64::from_str_radix(size_text, 16).map_err(|_| bad("bad chunk size"))?;
        if size == 0 {
            read_header_block(r, &mut budget)?; // trailers, not needed
            return Ok(body);
        }
        if body.len() as u64 + size > MAX_BODY_BYTES {
            return Err(bad("response body too large"));
        }
        let start = body.len();
        body.resize(start + size as usize, 0);
        r.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf)?;
    }
}

/// Is a kept-alive connection still usable? Readable while idle means EOF, junk or an error.
pub fn is_idle_and_open(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut probe = [0u8; 1];
    let idle = matches!(stream.peek(&mut probe), Err(ref e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && idle
}

/// Sends the request on a fresh connection and reads the answer, all within `timeout`. When the peer
/// answers early and closes (for example 413 before the whole body was read), the answer still counts.
pub fn exchange(endpoint: &Endpoint, req: &Request, timeout: Duration) -> io::Result<Response> {
    let deadline = Instant::now() + timeout;
    let mut stream = connect_before(&endpoint.connect_to, deadline)?;
    // A watchdog shuts the socket down at the deadline, which ends any blocked read or write.
    let guard = stream.try_clone()?;
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let left = deadline.saturating_duration_since(Instant::now());
        let expired = matches!(finished.recv_timeout(left), Err(mpsc::RecvTimeoutError::Timeout));
        if expired {
            let _ = guard.shutdown(Shutdown::Both);
        }
        expired
    });
    let written = write_request(&mut stream, endpoint, req);
    let result = match read_response(&stream, &req.method) {
        Ok(resp) => Ok(resp),
        Err(read_err) => Err(written.err().unwrap_or(read_err)),
    };
    drop(done);
    let expired = watchdog.join().unwrap_or(false);
    match result {
        Err(_) if expired => Err(io::Error::new(io::ErrorKind::TimedOut, "timed out waiting for the response")),
        other => other,
    }
}

fn connect_before(authority: &str, deadline: Instant) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("cannot resolve {authority}"));
    for addr in authority.to_socket_addrs()? {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        match TcpStream::connect_timeout(&addr, left) {
            Ok(stream) => {
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_address_takes_host_and_port() {
        assert_eq!(proxy_address("http://127.0.0.1:3128/"), "127.0.0.1:3128");
        assert_eq!(proxy_address("http://proxy:8080"), "proxy:8080");
        assert_eq!(proxy_address("proxy:8080"), "proxy:8080");
    }

    #[test]
    fn absolute_form_names_the_runtime_api() {
        let mut e = Endpoint::direct("127.0.0.1:9001");
        assert_eq!(e.target("/2018-06-01/runtime/invocation/next"), "/2018-06-01/runtime/invocation/next");
        e.absolute_form = true;
        assert_eq!(e.target("/x"), "http://127.0.0.1:9001/x");
    }

    #[test]
    fn exact_header_lookup_keeps_the_spelling() {
        let r = Response {
            status: 200,
            headers: vec![("lambda-runtime-aws-request-id".into(), "a".into())],
            raw_names: vec!["LAMBDA-RUNTIME-AWS-REQUEST-ID".into()],
            body: vec![],
            reusable: true,
        };
        assert_eq!(r.header("lambda-runtime-aws-request-id").as_deref(), Some("a"));
        assert_eq!(r.header_exact("Lambda-Runtime-Aws-Request-Id"), None);
        assert_eq!(r.header_exact("LAMBDA-RUNTIME-AWS-REQUEST-ID").as_deref(), Some("a"));
    }
}
