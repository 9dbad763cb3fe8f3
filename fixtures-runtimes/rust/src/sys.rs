//! The few libc calls std does not expose, declared directly against the platform C library.

use std::os::raw::c_int;

extern "C" {
    fn getuid() -> u32;
    fn getgid() -> u32;
    fn kill(pid: c_int, sig: c_int) -> c_int;
    fn signal(signum: c_int, handler: usize) -> usize;
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
    fn _exit(status: c_int) -> !;
}

const SIG_DFL: usize = 0;
const SIG_IGN: usize = 1;

/// Linux signal numbers (x86-64 and aarch64 agree on these).
pub const SIGINT: c_int = 2;
pub const SIGABRT: c_int = 6;
pub const SIGKILL: c_int = 9;
pub const SIGSEGV: c_int = 11;
pub const SIGTERM: c_int = 15;

const SIGNAL_NAMES: [(c_int, &str); 15] = [
    (1, "HUP"),
    (2, "INT"),
    (3, "QUIT"),
    (4, "ILL"),
    (5, "TRAP"),
    (6, "ABRT"),
    (7, "BUS"),
    (8, "FPE"),
    (9, "KILL"),
    (10, "USR1"),
    (11, "SEGV"),
    (12, "USR2"),
    (13, "PIPE"),
    (14, "ALRM"),
    (15, "TERM"),
];

/// The signals a script may send to the fixture (protocol §3, `kill`).
pub fn script_signal(name: &str) -> Option<c_int> {
    match name {
        "TERM" => Some(SIGTERM),
        "KILL" => Some(SIGKILL),
        "SEGV" => Some(SIGSEGV),
        "ABRT" => Some(SIGABRT),
        "INT" => Some(SIGINT),
        _ => None,
    }
}

/// Short name without the SIG prefix, or the number as text for others.
pub fn signal_name(sig: c_int) -> String {
    SIGNAL_NAMES.iter().find(|(n, _)| *n == sig).map(|(_, s)| s.to_string()).unwrap_or_else(|| sig.to_string())
}

pub fn uid() -> u32 {
    unsafe { getuid() }
}

pub fn gid() -> u32 {
    unsafe { getgid() }
}

/// Sends `sig` to this process with its default disposition (std installs a SIGSEGV handler that would
/// swallow a signal not caused by a fault), except SIGTERM whose handler is the contract.
pub fn kill_self(sig: c_int) {
    unsafe {
        if sig != SIGTERM {
            signal(sig, SIG_DFL);
        }
        kill(std::process::id() as c_int, sig);
    }
}

static mut TERM_MESSAGE: [u8; 64] = [0; 64];
static mut TERM_MESSAGE_LEN: usize = 0;

extern "C" fn on_sigterm(_sig: c_int) {
    // Only async-signal-safe calls here: write(2) and _exit(2).
    unsafe {
        let ptr = std::ptr::addr_of!(TERM_MESSAGE) as *const u8;
        write(2, ptr, TERM_MESSAGE_LEN);
        _exit(0);
    }
}

/// On SIGTERM, writes `message` to stderr and exits 0; with `ignore`, SIGTERM is ignored instead.
pub fn install_sigterm(message: &str, ignore: bool) {
    unsafe {
        if ignore {
            signal(SIGTERM, SIG_IGN);
            return;
        }
        let bytes = message.as_bytes();
        let n = bytes.len().min(64);
        let dst = std::ptr::addr_of_mut!(TERM_MESSAGE) as *mut u8;
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, n);
        TERM_MESSAGE_LEN = n;
        signal(SIGTERM, on_sigterm as extern "C" fn(c_int) as usize);
    }
}

/// SIGKILL to a whole process group (the `exec` step's child and what it started).
pub fn kill_group(pgid: c_int) {
    if pgid > 0 {
        unsafe {
            kill(-pgid, SIGKILL);
        }
    }
}

/// An I/O error as the C library words it (`strerror`), without Rust's " (os error N)" suffix, so error
/// texts match the other fixtures.
pub fn io_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match (e.raw_os_error(), text.rfind(" (os error ")) {
        (Some(_), Some(at)) => text[..at].to_string(),
        _ => text,
    }
}
