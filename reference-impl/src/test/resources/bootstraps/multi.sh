#!/bin/bash
# Test runtime: behaviour chosen by the event text.
#   crash:N      exit with status N during the invocation
#   sleep:S      sleep S seconds, then respond "slept"
#   error        POST /error with a JSON body and type Test.Error
#   error-nobody POST /error with no body and type Test.Empty
#   log:TEXT     print TEXT to stdout and stderr, then respond "logged"
#   headers      respond with the /next response headers
#   pid          respond with this process id
#   anything else: echo the event back with its content type
# INIT_MODE (environment): error -> /init/error then exit 1; exit:N -> exit N at init; sleep:S -> sleep at init
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
case "$INIT_MODE" in
  error) curl -sS -o /dev/null -X POST "$API/init/error" -H 'Lambda-Runtime-Function-Error-Type: Test.InitError' \
           --data-binary '{"errorMessage":"init failed","errorType":"Test.InitError"}'; exit 1 ;;
  exit:*) exit "${INIT_MODE#exit:}" ;;
  sleep:*) sleep "${INIT_MODE#sleep:}" ;;
esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
while true; do
  curl -sS -D "$T/h" -o "$T/b" "$API/invocation/next" || exit 1
  ID=$(grep -i '^lambda-runtime-aws-request-id:' "$T/h" | tr -d '\r' | cut -d' ' -f2)
  CT=$(grep -i '^content-type:' "$T/h" | tr -d '\r' | cut -d' ' -f2-)
  EV=$(cat "$T/b")
  case "$EV" in
    crash:*) exit "${EV#crash:}" ;;
    sleep:*) sleep "${EV#sleep:}"; printf slept > "$T/b"; CT=text/plain ;;
    error) curl -sS -o /dev/null -X POST "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Test.Error' \
             -H 'Content-Type: application/json' --data-binary '{"errorMessage":"boom","errorType":"Test.Error"}'; continue ;;
    error-nobody) curl -sS -o /dev/null -X POST "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Test.Empty' \
             -H 'Content-Type:'; continue ;;
    log:*) echo "${EV#log:}"; echo "${EV#log:}" >&2; printf logged > "$T/b"; CT=text/plain ;;
    headers) tr -d '\r' < "$T/h" > "$T/b"; CT=text/plain ;;
    pid) printf '%s' "$$" > "$T/b"; CT=text/plain ;;
  esac
  curl -sS -o /dev/null -X POST "$API/invocation/$ID/response" -H "Content-Type: $CT" -H 'Expect:' --data-binary @"$T/b"
done
