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
