//! The `list` and `read` steps: file-system observation without following symbolic links (list) and
//! with streaming hashes (read), so large files cost little memory.

use crate::codec::{self, Sha256};
use crate::json::{text_from_bytes, ObjectBuilder, Value};
use std::ffi::OsStr;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn path_text(p: &Path) -> String {
    text_from_bytes(p.as_os_str().as_bytes())
}

/// Hashes a whole file, keeping at most `keep` leading bytes. Returns (size, sha256 hex, kept bytes).
fn hash_file(path: &Path, keep: usize) -> io::Result<(u64, String, Vec<u8>)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        if kept.len() < keep {
            let take = (keep - kept.len()).min(n);
            kept.extend_from_slice(&buf[..take]);
        }
        size += n as u64;
    }
    Ok((size, codec::hex(&hasher.finish()), kept))
}

fn entry(path: &Path, meta: &Metadata) -> Value {
    let ft = meta.file_type();
    let kind = if ft.is_symlink() {
        "symlink"
    } else if ft.is_dir() {
        "dir"
    } else if ft.is_file() {
        "file"
    } else {
        "other"
    };
    let mut e = ObjectBuilder::new()
        .put("path", Value::str(path_text(path)))
        .put("type", Value::str(kind))
        .put("mode", Value::str(format!("{:04o}", meta.permissions().mode() & 0o7777)));
    if ft.is_file() {
        e.push("size", Value::int(meta.len()));
        // An unreadable file is still listed; its hash is unknown.
        let sha = hash_file(path, 0).map_or(Value::Null, |(_, h, _)| Value::str(h));
        e.push("sha256", sha);
    }
    if ft.is_symlink() {
        let target = fs::read_link(path).map_or(Value::Null, |t| Value::str(path_text(&t)));
        e.push("target", target);
    }
    e.build()
}

fn child_path(parent: &Path, name: &OsStr) -> PathBuf {
    // Join textually so "/x/" + "a" gives "/x/a" and "." + "a" gives "./a".
    let mut bytes = parent.as_os_str().as_bytes().to_vec();
    if bytes.last() != Some(&b'/') {
        bytes.push(b'/');
    }
    bytes.extend_from_slice(name.as_bytes());
    PathBuf::from(OsStr::from_bytes(&bytes))
}

fn walk(dir: &Path, recursive: bool, out: &mut Vec<(Vec<u8>, Value)>) {
    let Ok(rd) = fs::read_dir(dir) else { return }; // unreadable directory: listed, children unknown
    for item in rd.flatten() {
        let path = child_path(dir, &item.file_name());
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        out.push((path.as_os_str().as_bytes().to_vec(), entry(&path, &meta)));
        if recursive && meta.file_type().is_dir() {
            walk(&path, recursive, out);
        }
    }
}

/// `list`: result fields `exists`, `entries` (root first, then sorted by path bytes).
pub fn list(path: &str, recursive: bool) -> Result<Vec<(&'static str, Value)>, String> {
    let root = Path::new(path);
    let meta = match fs::symlink_metadata(root) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(vec![("exists", Value::Bool(false)), ("entries", Value::Array(vec![]))]);
        }
        Err(e) => return Err(format!("cannot stat {path}: {}", crate::sys::io_text(&e))),
    };
    let mut entries = vec![(root.as_os_str().as_bytes().to_vec(), entry(root, &meta))];
    if meta.file_type().is_dir() {
        walk(root, recursive, &mut entries);
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(vec![("exists", Value::Bool(true)), ("entries", Value::Array(entries.into_iter().map(|(_, v)| v).collect()))])
}

/// `read`: result fields `exists`, `size`, `sha256`, `base64`.
pub fn read(path: &str, max_bytes: usize) -> Result<Vec<(&'static str, Value)>, String> {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(vec![("exists", Value::Bool(false))]),
        Err(e) => return Err(format!("cannot stat {path}: {}", crate::sys::io_text(&e))),
        Ok(m) if m.is_dir() => return Err(format!("{path} is a directory")),
        // A FIFO or device could block or never end.
        Ok(m) if !m.is_file() => return Err(format!("{path} is not a regular file")),
        Ok(_) => {}
    }
    let (size, sha, kept) = hash_file(Path::new(path), max_bytes)
        .map_err(|e| format!("cannot read {path}: {}", crate::sys::io_text(&e)))?;
    Ok(vec![
        ("exists", Value::Bool(true)),
        ("size", Value::int(size)),
        ("sha256", Value::str(sha)),
        ("base64", Value::str(codec::base64_encode(&kept))),
    ])
}
