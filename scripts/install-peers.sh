#!/usr/bin/env bash
# Installs the real peers the conformance suite talks to (see conformance-tests/README.md):
#   MIT krb5 KDC + tools, gss-ntlmssp with python3-gssapi (the scriptable GSS peer), Samba's ntlm_auth
#   (winbind: a raw NTLMSSP client), and, optionally, apache2 with mod_auth_gssapi (HTTP Negotiate acceptor).
#
# Idempotent and quiet: when everything is installed it only runs dpkg-query and returns.
# `apt-get update` runs only when a package is missing. Needs root (or sudo) to install.
#
# The packages' own system daemons (krb5kdc on 88, kadmind on 749, apache2 on 80) are kept
# from starting during installation (a temporary policy-rc.d) and stopped if they started
# anyway: the tests start their own KDCs on free non-standard ports on 127.0.0.1.
#
# Usage: scripts/install-peers.sh [--no-http]
#   --no-http (or JNEGOTIATE_SKIP_HTTP_PEERS=1) skips apache2 / mod_auth_gssapi.
set -euo pipefail

KERBEROS_PACKAGES=(krb5-kdc krb5-admin-server krb5-user)
GSS_PACKAGES=(gss-ntlmssp python3-gssapi)
HTTP_PACKAGES=(apache2 libapache2-mod-auth-gssapi)
# Samba's ntlm_auth (ntlmssp-client-1 helper): the raw NTLMSSP client of the servlet filter's conformance tests
SERVLET_PACKAGES=(winbind)

log() { echo "install-peers: $*" >&2; }

# Prints the packages of "$@" that are not fully installed.
missing_packages() {
    local pkg
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)" != "installed" ]]; then
            echo "$pkg"
        fi
    done
}

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
# Installs the missing packages among "$@" with their system services kept down.
ensure_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    log "installing ${missing[*]}"
    local policy=/usr/sbin/policy-rc.d temporary_policy=0
    if [[ ! -e $policy ]]; then
        # Debian's documented hook: exit 101 tells invoke-rc.d not to start services.
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        temporary_policy=1
    fi
    local status=0
    {
        if [[ $APT_UPDATED -eq 0 ]]; then
            as_root apt-get update -qq && APT_UPDATED=1
        fi
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    } || status=$?
    if [[ $temporary_policy -eq 1 ]]; then
        as_root rm -f "$policy"
    fi
    if [[ $status -ne 0 ]]; then
        log "apt-get failed (exit $status) for ${missing[*]}"
        return "$status"
    fi
    stop_system_daemons "${missing[@]}"
}

# Stops the system daemon of each freshly installed package that started despite policy-rc.d.
stop_system_daemons() {
    local pkg daemon
    for pkg in "$@"; do
        case "$pkg" in
            krb5-kdc) daemon=krb5kdc ;;
            krb5-admin-server) daemon=kadmind ;;
            apache2) daemon=apache2 ;;
            winbind) daemon=winbindd ;;
            *) continue ;;
        esac
        if [[ -x /etc/init.d/$pkg ]] && pidof "$daemon" >/dev/null 2>&1; then
            log "stopping the system $daemon started by the $pkg package"
            as_root /etc/init.d/"$pkg" stop >/dev/null 2>&1 || true
        fi
    done
}

install_kerberos_and_gss_peers() {
    ensure_packages "${KERBEROS_PACKAGES[@]}" "${GSS_PACKAGES[@]}"
}

install_http_peers() {
    ensure_packages "${HTTP_PACKAGES[@]}"
}

install_servlet_peers() {
    ensure_packages "${SERVLET_PACKAGES[@]}"
}

main() {
    local with_http=1
    if [[ "${JNEGOTIATE_SKIP_HTTP_PEERS:-0}" == 1 ]]; then with_http=0; fi
    local arg
    for arg in "$@"; do
        case "$arg" in
            --no-http) with_http=0 ;;
            *) log "unknown argument: $arg"; return 2 ;;
        esac
    done
    install_kerberos_and_gss_peers
    install_servlet_peers
    if [[ $with_http -eq 1 ]]; then
        install_http_peers
    fi
}

main "$@"
