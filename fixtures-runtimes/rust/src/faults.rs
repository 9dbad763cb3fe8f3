//! Deliberate contract violations, switched on by `TCK_FIXTURE_FAULT` (comma list). Names, meanings and
//! the rule ids each one breaks: `fixtures-runtimes/faults.yaml`.

#[derive(Clone, Copy, Default, Debug)]
pub struct Faults {
    pub wrong_request_id: bool,
    pub no_error_type_header: bool,
    pub error_body_not_json: bool,
    pub error_to_response: bool,
    pub no_trace_env: bool,
    pub stale_trace_env: bool,
    pub second_next_before_response: bool,
    pub double_response: bool,
    pub exit_after_413: bool,
    pub ignore_next_failure: bool,
    pub ignore_init_error: bool,
    pub mangle_binary: bool,
    pub no_user_agent: bool,
    pub chunked_without_mode_header: bool,
    pub no_trailer_declaration: bool,
    pub error_body_raw_trailer: bool,
    pub prelude_without_nuls: bool,
    pub no_invocation_id_echo: bool,
    pub ignore_sigterm: bool,
    pub init_error_body_not_json: bool,
    pub init_error_exit_zero: bool,
    pub stale_invocation_id: bool,
    pub invented_invocation_id: bool,
    pub error_after_413: bool,
    pub exit_after_400: bool,
    pub stop_after_eight: bool,
    pub hardcoded_host: bool,
    pub next_client_timeout: bool,
    pub serve_failed_next: bool,
    pub post_to_empty_id: bool,
    pub truncate_large_event: bool,
    pub misframed_large_result: bool,
    pub exit_on_empty_event: bool,
    pub truncated_xray_cause: bool,
    pub exit_after_error: bool,
    pub init_error_after_next: bool,
    pub require_log_env: bool,
    pub require_function_arn: bool,
    pub empty_context_header_exit: bool,
    pub bad_deadline_exit: bool,
    pub strict_202_body: bool,
    pub bad_context_json_exit: bool,
    pub case_sensitive_headers: bool,
    pub stream_without_last_chunk: bool,
    pub stream_error_in_body: bool,
    pub use_http_proxy: bool,
    pub no_reconnect: bool,
    pub post_on_sigterm: bool,
    pub extra_worker: bool,
    pub fatal_without_error: bool,
}

impl Faults {
    /// Parses the comma list; returns the unknown names so the caller can report them.
    pub fn parse(list: &str) -> (Faults, Vec<String>) {
        let mut f = Faults::default();
        let mut unknown = Vec::new();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let flag = match name {
                "wrong-request-id" => &mut f.wrong_request_id,
                "no-error-type-header" => &mut f.no_error_type_header,
                "error-body-not-json" => &mut f.error_body_not_json,
                "error-to-response" => &mut f.error_to_response,
                "no-trace-env" => &mut f.no_trace_env,
                "stale-trace-env" => &mut f.stale_trace_env,
                "second-next-before-response" => &mut f.second_next_before_response,
                "double-response" => &mut f.double_response,
                "exit-after-413" => &mut f.exit_after_413,
                "ignore-next-failure" => &mut f.ignore_next_failure,
                "ignore-init-error" => &mut f.ignore_init_error,
                "mangle-binary" => &mut f.mangle_binary,
                "no-user-agent" => &mut f.no_user_agent,
                "chunked-without-mode-header" => &mut f.chunked_without_mode_header,
                "no-trailer-declaration" => &mut f.no_trailer_declaration,
                "error-body-raw-trailer" => &mut f.error_body_raw_trailer,
                "prelude-without-nuls" => &mut f.prelude_without_nuls,
                "no-invocation-id-echo" => &mut f.no_invocation_id_echo,
                "ignore-sigterm" => &mut f.ignore_sigterm,
                "init-error-body-not-json" => &mut f.init_error_body_not_json,
                "init-error-exit-zero" => &mut f.init_error_exit_zero,
                "stale-invocation-id" => &mut f.stale_invocation_id,
                "invented-invocation-id" => &mut f.invented_invocation_id,
                "error-after-413" => &mut f.error_after_413,
                "exit-after-400" => &mut f.exit_after_400,
                "stop-after-eight" => &mut f.stop_after_eight,
                "hardcoded-host" => &mut f.hardcoded_host,
                "next-client-timeout" => &mut f.next_client_timeout,
                "serve-failed-next" => &mut f.serve_failed_next,
                "post-to-empty-id" => &mut f.post_to_empty_id,
                "truncate-large-event" => &mut f.truncate_large_event,
                "misframed-large-result" => &mut f.misframed_large_result,
                "exit-on-empty-event" => &mut f.exit_on_empty_event,
                "truncated-xray-cause" => &mut f.truncated_xray_cause,
                "exit-after-error" => &mut f.exit_after_error,
                "init-error-after-next" => &mut f.init_error_after_next,
                "require-log-env" => &mut f.require_log_env,
                "require-function-arn" => &mut f.require_function_arn,
                "empty-context-header-exit" => &mut f.empty_context_header_exit,
                "bad-deadline-exit" => &mut f.bad_deadline_exit,
                "strict-202-body" => &mut f.strict_202_body,
                "bad-context-json-exit" => &mut f.bad_context_json_exit,
                "case-sensitive-headers" => &mut f.case_sensitive_headers,
                "stream-without-last-chunk" => &mut f.stream_without_last_chunk,
                "stream-error-in-body" => &mut f.stream_error_in_body,
                "use-http-proxy" => &mut f.use_http_proxy,
                "no-reconnect" => &mut f.no_reconnect,
                "post-on-sigterm" => &mut f.post_on_sigterm,
                "extra-worker" => &mut f.extra_worker,
                "fatal-without-error" => &mut f.fatal_without_error,
                other => {
                    unknown.push(other.to_string());
                    continue;
                }
            };
            *flag = true;
        }
        (f, unknown)
    }
}

/// The id with its last character changed: a different id the platform never issued.
pub fn wrong_id(id: &str) -> String {
    let mut chars: Vec<char> = id.chars().collect();
    match chars.last_mut() {
        Some(c) => *c = if *c == '0' { '1' } else { '0' },
        None => chars.push('0'),
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_reports_unknown() {
        let (f, unknown) = Faults::parse(" double-response,,ignore-sigterm , nope");
        assert!(f.double_response && f.ignore_sigterm && !f.mangle_binary);
        assert_eq!(unknown, vec!["nope".to_string()]);
    }

    #[test]
    fn wrong_id_differs_in_the_last_character() {
        assert_eq!(wrong_id("abc-1"), "abc-0");
        assert_eq!(wrong_id("abc-0"), "abc-1");
        assert_eq!(wrong_id(""), "0");
    }
}
