//! The `exec` step: runs a program with the fixture's environment, stdin closed, bounded by a deadline.
//! The child gets its own process group so a timeout also ends whatever it started.

use crate::json::{text_from_bytes, Value};
use crate::sys;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const OUTPUT_LIMIT: usize = 64 * 1024;

/// Reads a pipe to its end, keeping the first 64 KiB (the rest is drained so the child never blocks).
fn collector(mut pipe: impl Read + Send + 'static, done: mpsc::Sender<()>) -> Arc<Mutex<Vec<u8>>> {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&buf);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut b = shared.lock().unwrap_or_else(|p| p.into_inner());
                    let room = OUTPUT_LIMIT.saturating_sub(b.len());
                    b.extend_from_slice(&chunk[..n.min(room)]);
                }
            }
        }
        let _ = done.send(());
    });
    buf
}

/// Result fields: `exitCode` or `signal`, `stdout`, `stderr`.
pub fn run(program: &str, args: &[String], timeout: Duration) -> Result<Vec<(&'static str, Value)>, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot run {program}: {}", sys::io_text(&e)))?;
    let pgid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    let out = collector(child.stdout.take().expect("piped stdout"), tx.clone());
    let err = collector(child.stderr.take().expect("piped stderr"), tx);
    let deadline = Instant::now() + timeout;

    let mut status = None;
    let mut timed_out = false;
    while status.is_none() {
        match child.try_wait() {
            Ok(Some(s)) => status = Some(s),
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                sys::kill_group(pgid);
                status = child.wait().ok();
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(format!("waiting for {program}: {}", sys::io_text(&e))),
        }
    }
    // Output may still be held open by a grandchild; wait for it only until the deadline.
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(50));
        if rx.recv_timeout(left).is_err() {
            sys::kill_group(pgid);
            let _ = rx.recv_timeout(Duration::from_millis(200));
            break;
        }
    }
    if timed_out {
        return Err(format!("{program} did not finish within {} ms", timeout.as_millis()));
    }
    let status = status.ok_or_else(|| format!("lost the exit status of {program}"))?;
    let mut fields = Vec::new();
    match (status.code(), status.signal()) {
        (Some(code), _) => fields.push(("exitCode", Value::int(code))),
        (None, Some(sig)) => fields.push(("signal", Value::str(sys::signal_name(sig)))),
        (None, None) => fields.push(("exitCode", Value::Null)),
    }
    let text = |b: &Arc<Mutex<Vec<u8>>>| Value::str(text_from_bytes(&b.lock().unwrap_or_else(|p| p.into_inner())));
    fields.push(("stdout", text(&out)));
    fields.push(("stderr", text(&err)));
    Ok(fields)
}
