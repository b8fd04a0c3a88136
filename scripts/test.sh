#!/usr/bin/env bash
# The project's test command (see README): builds and tests every module on JDK 17 (the default
# `java`, `mvn -B -q install`), then runs all tests again on JDK 25 (`mvn -B test`).
# First installs and prepares the real peers (scripts/install-peers.sh: MIT krb5, gss-ntlmssp,
# python3-gssapi, Apache httpd; apt-get, so root or sudo). Exits non-zero on any failure.
#
# Environment:
#   JDK17_HOME  JDK of the first pass (default: the JDK of `java` on PATH)
#   JDK25_HOME  JDK of the second pass (default: /usr/lib/jvm/temurin-25-jdk-amd64)
#   MVN_ARGS    extra Maven arguments for both passes (for example: -o)
#   JNEGOTIATE_SKIP_INSTALL=1  do not run install-peers.sh (the peers are already there)
set -euo pipefail
cd "$(dirname "$0")/.."

JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ -z "${JDK17_HOME:-}" ]]; then
    JDK17_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
read -r -a EXTRA <<<"${MVN_ARGS:-}"

if [[ "${JNEGOTIATE_SKIP_INSTALL:-0}" != 1 ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        ./scripts/install-peers.sh
    else
        sudo ./scripts/install-peers.sh
    fi
fi

# Prints Surefire's summary line of every test class of the pass, then the totals, from the
# reports (they are there even when -q hides Maven's own output).
print_surefire_summary() {
    local reports=(*/target/surefire-reports/*.txt)
    if [[ ! -e "${reports[0]}" ]]; then
        echo "Tests run: 0 (no Surefire reports)"
        return
    fi
    grep -h '^Tests run:' "${reports[@]}" | sed 's/^/  /'
    grep -h '^Tests run:' "${reports[@]}" | awk -F'[:,]' '
        { run += $2; failures += $4; errors += $6; skipped += $8 }
        END { printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", run, failures, errors, skipped }'
}

# run_pass LABEL JAVA_HOME MAVEN-ARGS...
run_pass() {
    local label=$1 home=$2; shift 2
    if [[ ! -x "$home/bin/java" ]]; then
        echo "test.sh: $label: no JDK at $home" >&2
        return 1
    fi
    echo "== $label: $("$home/bin/java" -version 2>&1 | head -1) (JAVA_HOME=$home): mvn $*"
    rm -rf ./*/target/surefire-reports
    local log status=0 pass_start=$SECONDS
    log=$(mktemp)
    JAVA_HOME=$home mvn "${EXTRA[@]}" "$@" >"$log" 2>&1 || status=$?
    print_surefire_summary
    if [[ $status -ne 0 ]]; then
        echo "== $label FAILED (mvn exit $status); last 200 lines of the Maven log:" >&2
        tail -n 200 "$log" >&2
    else
        echo "== $label passed in $((SECONDS - pass_start)) s"
    fi
    rm -f "$log"
    return "$status"
}

run_pass "JDK 17" "$JDK17_HOME" -B -q install
run_pass "JDK 25" "$JDK25_HOME" -B test
