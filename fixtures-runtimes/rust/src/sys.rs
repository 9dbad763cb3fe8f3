//! The few libc calls std does not expose, declared directly against the platform C library.

use std::os::raw::{c_int, c_ulong};
use std::sync::atomic::{AtomicI32, AtomicPtr, AtomicUsize, Ordering};

extern "C" {
    fn getuid() -> u32;
    fn getgid() -> u32;
    fn getppid() -> c_int;
    fn kill(pid: c_int, sig: c_int) -> c_int;
    fn signal(signum: c_int, handler: usize) -> usize;
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
    fn read(fd: c_int, buf: *mut u8, count: usize) -> isize;
    fn pipe(fds: *mut c_int) -> c_int;
    fn fork() -> c_int;
    fn waitpid(pid: c_int, status: *mut c_int, options: c_int) -> c_int;
    fn prctl(option: c_int, arg2: c_ulong, arg3: c_ulong, arg4: c_ulong, arg5: c_ulong) -> c_int;
    fn _exit(status: c_int) -> !;
}

const WNOHANG: c_int = 1;
const PR_SET_PDEATHSIG: c_int = 1;

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

/// Write end of the pipe that hands SIGTERM to a thread (fault post-on-sigterm), or -1.
static TERM_PIPE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn on_sigterm(_sig: c_int) {
    // Only async-signal-safe calls here: write(2) and _exit(2).
    unsafe {
        let pipe_fd = TERM_PIPE.load(Ordering::SeqCst);
        if pipe_fd >= 0 {
            let byte = 1u8;
            write(pipe_fd, &byte, 1);
            return;
        }
        let ptr = std::ptr::addr_of!(TERM_MESSAGE) as *const u8;
        write(2, ptr, TERM_MESSAGE_LEN);
        _exit(0);
    }
}

/// Hands SIGTERM to `on_term`, run on a thread of its own (it may do I/O a signal handler may not), which
/// then writes the SIGTERM line and exits 0. Needs `install_sigterm` without `ignore`.
pub fn sigterm_to_thread(on_term: impl FnOnce() + Send + 'static) {
    let mut fds = [-1 as c_int; 2];
    if unsafe { pipe(fds.as_mut_ptr()) } != 0 {
        eprintln!("tck-fixture: pipe() failed; SIGTERM stays a plain exit");
        return;
    }
    std::thread::spawn(move || {
        let mut byte = 0u8;
        loop {
            let n = unsafe { read(fds[0], &mut byte, 1) };
            if n == 1 {
                break;
            }
            if n == 0 {
                return;
            }
        }
        on_term();
        unsafe {
            let ptr = std::ptr::addr_of!(TERM_MESSAGE) as *const u8;
            write(2, ptr, TERM_MESSAGE_LEN);
            _exit(0);
        }
    });
    TERM_PIPE.store(fds[1], Ordering::SeqCst);
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

/// The worker processes' ids, for the parent's SIGTERM handler (set once, before the handler).
static WORKERS: AtomicPtr<AtomicI32> = AtomicPtr::new(std::ptr::null_mut());
static WORKER_COUNT: AtomicUsize = AtomicUsize::new(0);

fn workers() -> &'static [AtomicI32] {
    let ptr = WORKERS.load(Ordering::SeqCst);
    if ptr.is_null() {
        return &[];
    }
    unsafe { std::slice::from_raw_parts(ptr, WORKER_COUNT.load(Ordering::SeqCst)) }
}

extern "C" fn forward_sigterm(_sig: c_int) {
    // kill(2) is async-signal-safe; the list is fixed before this handler is installed.
    for w in workers() {
        let pid = w.load(Ordering::SeqCst);
        if pid > 0 {
            unsafe {
                kill(pid, SIGTERM);
            }
        }
    }
}

/// Starts `n` worker processes, each running `work` (which never returns). Returns their ids, in the parent.
/// A worker receives SIGTERM when the parent dies, so no worker outlives it.
pub fn start_workers(n: usize, work: impl Fn() -> std::convert::Infallible) -> Vec<c_int> {
    let parent = std::process::id() as c_int;
    let mut pids = Vec::with_capacity(n);
    for _ in 0..n {
        let pid = unsafe { fork() };
        if pid == 0 {
            unsafe {
                prctl(PR_SET_PDEATHSIG, SIGTERM as c_ulong, 0, 0, 0);
                if getppid() != parent {
                    _exit(0); // the parent is already gone
                }
            }
            #[allow(unreachable_code)]
            match work() {}
        }
        if pid < 0 {
            eprintln!("tck-fixture: fork failed: {}", io_text(&std::io::Error::last_os_error()));
            terminate_workers(&pids);
            std::process::exit(1);
        }
        pids.push(pid);
    }
    pids
}

/// The parent forwards SIGTERM to the workers (or ignores it, under fault ignore-sigterm).
pub fn forward_sigterm_to(pids: &[c_int], ignore: bool) {
    let list: Vec<AtomicI32> = pids.iter().map(|p| AtomicI32::new(*p)).collect();
    let list: &'static mut [AtomicI32] = Box::leak(list.into_boxed_slice());
    WORKER_COUNT.store(list.len(), Ordering::SeqCst);
    WORKERS.store(list.as_mut_ptr(), Ordering::SeqCst);
    unsafe {
        signal(SIGTERM, if ignore { SIG_IGN } else { forward_sigterm as extern "C" fn(c_int) as usize });
    }
}

/// Waits for the workers: 0 once all exited with status 0; 1 as soon as one exits otherwise (the others
/// are then terminated).
pub fn supervise(pids: &[c_int]) -> i32 {
    let mut live: Vec<c_int> = pids.to_vec();
    while !live.is_empty() {
        let mut status: c_int = 0;
        let pid = unsafe { waitpid(-1, &mut status, 0) };
        if pid < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return 1;
        }
        live.retain(|p| *p != pid);
        let exited_zero = status & 0x7f == 0 && (status >> 8) & 0xff == 0;
        if !exited_zero {
            terminate_workers(&live);
            return 1;
        }
    }
    0
}

/// SIGTERM to each worker, then SIGKILL to those still running after two seconds; reaps them all.
fn terminate_workers(pids: &[c_int]) {
    for &p in pids {
        unsafe {
            kill(p, SIGTERM);
        }
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut live: Vec<c_int> = pids.to_vec();
    while !live.is_empty() {
        live.retain(|&p| unsafe { waitpid(p, std::ptr::null_mut(), WNOHANG) } == 0);
        if std::time::Instant::now() >= deadline {
            for &p in &live {
                unsafe {
                    kill(p, SIGKILL);
                    waitpid(p, std::ptr::null_mut(), 0);
                }
            }
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
