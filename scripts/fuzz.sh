#!/usr/bin/env bash
# Coverage-guided fuzzing of JNegotiate's parsers and doors with Jazzer (the @FuzzTest targets; the README's test
# command runs the same targets in regression mode, over their saved inputs only).
#
#   scripts/fuzz.sh [MINUTES] [Class#method ...]
#
# MINUTES: per target (default 10). Without targets, every @FuzzTest of the provider's, the CLI's and the servlet's tests is
# fuzzed in turn. A target is Class#method, for example CodecFuzzTest#derReader.
# Each run prints libFuzzer's final line (executions, coverage, corpus); the summary goes to
# target/fuzz-summary.txt. New interesting inputs accumulate in .cifuzz-corpus/ (not committed); an input that
# fails a target is written by Jazzer into src/test/resources/.../<Class>Inputs/<method>/ as crash-<sha1>, where it
# becomes a regression test: read it, fix the bug, commit the input.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    while IFS= read -r f; do
        class=$(basename "$f" .java)
        while IFS= read -r m; do
            targets+=("$class#$m")
        done < <(grep -A1 '@FuzzTest' "$f" | grep -oE 'void [a-zA-Z0-9_]+' | cut -d' ' -f2)
    done < <(grep -rl '@FuzzTest' provider/src/test/java cli/src/test/java servlet/src/test/java)
fi

mvn -B -q -pl provider,http,cli,servlet test-compile >/dev/null
mkdir -p target
summary=target/fuzz-summary.txt
: >"$summary"
for t in "${targets[@]}"; do
    echo "== fuzzing $t for $minutes min"
    log=$(mktemp)
    status=0
    # test-compile in the same build lets the CLI's tests resolve the provider from the reactor
    JAZZER_FUZZ=1 mvn -B -q -o -pl provider,http,cli,servlet test-compile surefire:test -Dtest="$t" \
        -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.max_duration="${minutes}m" -Djazzer.instrument='org.jnegotiate.**' \
        -Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1 || status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
    last_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    result="ok"
    [[ $status -ne 0 ]] && result="FINDING (mvn exit $status; see the log lines below and the crash- input)"
    printf '%s\t%s\t%s\n' "$t" "$result" "${done_line:-$last_line}" | tee -a "$summary"
    if [[ $status -ne 0 ]]; then
        grep -vE '^INFO|^\s+at ' "$log" | tail -40
    fi
    rm -f "$log"
done
echo "== summary in $summary"
