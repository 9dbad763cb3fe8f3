//! The fixture protocol's data: scripts (§1), bodies (§2) and result documents (§5).

use crate::codec;
use crate::json::{self, ObjectBuilder, Value};
use crate::runtime::Event;

pub const PROTOCOL_VERSION: i64 = 1;
pub const FIXTURE_NAME: &str = "rust";
pub const FIXTURE_VERSION: &str = "0.1.0";

/// Ops a script may use (protocol §3).
pub const KNOWN_OPS: [&str; 14] = [
    "respond", "error", "stream", "sleep", "exit", "fatal", "kill", "echo", "list", "read", "exec", "http", "log",
    "recall",
];

/// Is this event a script (its first seven bytes are exactly `{"tck":`)?
pub fn is_script(event: &[u8]) -> bool {
    event.starts_with(b"{\"tck\":")
}

pub struct Script {
    pub scenario: Option<String>,
    pub steps: Vec<Value>,
}

/// A script that cannot run: the scenario (when readable) and what is wrong.
pub struct ScriptError {
    pub scenario: Option<String>,
    pub message: String,
}

pub fn parse_script(event: &[u8]) -> Result<Script, ScriptError> {
    let fail = |scenario: Option<String>, message: String| Err(ScriptError { scenario, message });
    let doc = match json::parse(event) {
        Ok(v) => v,
        Err(e) => return fail(None, format!("script is not valid JSON: {e}")),
    };
    let tck = match doc.get("tck") {
        Some(t @ Value::Object(_)) => t,
        _ => return fail(None, "script: \"tck\" must be an object".into()),
    };
    let scenario = tck.get("id").and_then(Value::as_str).map(str::to_string);
    if tck.get("v") != Some(&Value::int(1)) {
        return fail(scenario, "script: \"v\" must be 1".into());
    }
    let steps = match tck.get("steps").and_then(Value::as_array) {
        Some(s) => s.clone(),
        None => return fail(scenario, "script: \"steps\" must be an array".into()),
    };
    for (i, step) in steps.iter().enumerate() {
        let op = match step.get("op").and_then(Value::as_str) {
            Some(op) => op,
            None => return fail(scenario, format!("script: step {} has no \"op\" string", i + 1)),
        };
        if !KNOWN_OPS.contains(&op) {
            return fail(scenario, format!("script: step {} has unknown op \"{}\"", i + 1, op));
        }
    }
    Ok(Script { scenario, steps })
}

pub fn result_document(
    scenario: Option<&str>,
    invocation: u64,
    request_id: &str,
    results: &[Value],
    error: Option<&str>,
) -> Value {
    ObjectBuilder::new()
        .put("protocol", Value::int(PROTOCOL_VERSION))
        .put("fixture", Value::str(FIXTURE_NAME))
        .put("version", Value::str(FIXTURE_VERSION))
        .put("scenario", scenario.map_or(Value::Null, Value::str))
        .put("invocation", Value::int(invocation))
        .put("requestId", Value::str(request_id))
        .put("results", Value::Array(results.to_vec()))
        .put("error", error.map_or(Value::Null, Value::str))
        .build()
}

/// Starts a step result: `op`, `ok`.
pub fn step_ok(op: &str) -> ObjectBuilder {
    ObjectBuilder::new().put("op", Value::str(op)).put("ok", Value::Bool(true))
}

pub fn step_failed(op: &str, error: &str) -> Value {
    ObjectBuilder::new().put("op", Value::str(op)).put("ok", Value::Bool(false)).put("error", Value::str(error)).build()
}

/// What a body form may refer to: the document so far and the event.
pub struct BodySources<'a> {
    pub results_so_far: &'a dyn Fn() -> Value,
    pub event: &'a Event,
}

/// The bytes of a body form (protocol §2). Extra keys (such as a chunk's `delayMs`) are ignored.
pub fn resolve_body(form: &Value, src: &BodySources) -> Result<Vec<u8>, String> {
    if !matches!(form, Value::Object(_)) {
        return Err("a body must be an object".into());
    }
    if let Some(t) = form.get("text") {
        return t.as_str().map(|s| s.as_bytes().to_vec()).ok_or_else(|| "body \"text\" must be a string".into());
    }
    if let Some(b) = form.get("base64") {
        let s = b.as_str().ok_or("body \"base64\" must be a string")?;
        return codec::base64_decode(s).map_err(|e| format!("body \"base64\": {e}"));
    }
    if let Some(size) = form.get("size") {
        let n = size.as_u64().ok_or("body \"size\" must be a non-negative integer")?;
        let fill = match form.get("fill") {
            None => b'a',
            Some(Value::Str(s)) if s.len() == 1 && s.is_ascii() => s.as_bytes()[0],
            Some(_) => return Err("body \"fill\" must be a single ASCII character".into()),
        };
        if n > 1 << 30 {
            return Err("body \"size\" is larger than 1 GiB".into());
        }
        return Ok(vec![fill; n as usize]);
    }
    if let Some(v) = form.get("json") {
        return Ok(v.to_json().into_bytes());
    }
    if form.get("results").is_some() {
        return Ok((src.results_so_far)().to_json().into_bytes());
    }
    if form.get("event").is_some() {
        return Ok(src.event.response.body.clone());
    }
    Err("a body needs one of text, base64, size, json, results, event".into())
}
