#!/usr/bin/python3
"""A GSS-API peer nobody on this project wrote: MIT krb5's GSS-API (and gss-ntlmssp for NTLM),
driven by python3-gssapi, for the conformance tests (Java side: fixtures.GssPeer).

Run:  /usr/bin/python3 gss_peer.py --role initiate|accept --mech krb5|spnego|ntlm [options]
  --target SERVICE@HOST   initiator: the acceptor's host-based service name (required)
  --name NAME             whose credentials: a principal (krb5/spnego) or DOMAIN\\user / user@DOMAIN
                          (ntlm); acceptor: restricts the credentials to that name (default: any
                          key in the keytab / any user of NTLM_USER_FILE)
  --password-env VAR      acquire the credentials with the password in environment variable VAR
                          (gss_acquire_cred_with_password); without it, credentials come from
                          KRB5CCNAME / KRB5_KTNAME / NTLM_USER_FILE as usual
  --flags LIST            comma list of mutual,deleg,conf,integ,replay,sequence (initiator;
                          default mutual,conf,integ,replay,sequence)
  --cb-app-data HEX       channel bindings whose application data are these bytes
  --cb-address-type N     their initiator and acceptor address type, no addresses (default 0,
                          GSS_C_AF_UNSPEC as Windows sends; 255 = GSS_C_AF_NULLADDR as Java's
                          ChannelBinding(byte[]) hashes)
  --timeout SECONDS       longest wait for each command line (default 30); then exit 3
Environment the MIT library reads: KRB5_CONFIG, KRB5CCNAME, KRB5_KTNAME, NTLM_USER_FILE,
KRB5_TRACE (debugging, to a file).

Line protocol (UTF-8 lines; "<b64>" is standard base64, "-" stands for no bytes):
  after start-up the peer prints   READY            or  ERR ...   and exits
  STEP <b64|->                     -> CONTINUE <b64>   a token for the other side, more to come
                                   -> COMPLETE <b64|-> established (last token, if any)
     (the initiator's first STEP has no input: "STEP -")
  WRAP <0|1> <b64 message>         -> OK <b64 token> <1 if confidential else 0>   (1 = encrypt)
  UNWRAP <b64 token>               -> OK <b64 message> <1 if it was confidential else 0>
  MIC <b64 message>                -> OK <b64 mic>
  VERIFY <b64 message> <b64 mic>   -> OK
  INFO                             -> OK mech=<oid> flags=<list> initiator=<pct> acceptor=<pct>
                                         delegated=<0|1> complete=<0|1>
                                      (names percent-encoded: NTLM names end in a NUL byte)
  SESSION_KEY                      -> OK <enctype number, -1 if unknown> <b64 key>
  DELEGATE_INIT <SERVICE@HOST>     -> OK <b64 first token>: with the delegated credentials, the
                                      first krb5 token to another service (proves the delegated
                                      TGT gets a service ticket)
  ERROR_TOKEN                      -> OK <b64|->: the error token of the last failed STEP (GSSError.token:
                                      an MIT acceptor's KRB-ERROR or SPNEGO reject for the initiator)
  QUIT                             -> the peer exits 0 (so does end of input)
Every failure is one line "ERR <major> <minor> <text>" (GSS major/minor status, 0 0 for errors
outside GSS-API) and the peer keeps serving commands after it, except at start-up.
"""

import argparse
import base64
import os
import select
import sys
import urllib.parse

import gssapi
import gssapi.raw as gss_raw
from gssapi.exceptions import GSSError

MECHS = {
    "krb5": gssapi.OID.from_int_seq("1.2.840.113554.1.2.2"),
    "spnego": gssapi.OID.from_int_seq("1.3.6.1.5.5.2"),
    "ntlm": gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10"),
}
KRB5 = MECHS["krb5"]
FLAGS = {
    "mutual": gssapi.RequirementFlag.mutual_authentication,
    "deleg": gssapi.RequirementFlag.delegate_to_peer,
    "conf": gssapi.RequirementFlag.confidentiality,
    "integ": gssapi.RequirementFlag.integrity,
    "replay": gssapi.RequirementFlag.replay_detection,
    "sequence": gssapi.RequirementFlag.out_of_sequence_detection,
}
# GSS_C_INQ_SSPI_SESSION_KEY: buffers [key, OID 1.2.840.113554.1.2.2.4.<enctype>] (MIT).
INQ_SSPI_SESSION_KEY = gssapi.OID.from_int_seq("1.2.840.113554.1.2.2.5.5")
ENCTYPE_OID_PREFIX = bytes.fromhex("2a864886f71201020204")  # DER body of 1.2.840.113554.1.2.2.4


class PeerError(Exception):
    """A failure to report as ERR with GSS status codes."""

    def __init__(self, major, minor, text):
        super().__init__(text)
        self.major, self.minor, self.text = major, minor, text


def b64(data):
    return base64.b64encode(data).decode("ascii") if data else "-"


def unb64(text):
    return b"" if text == "-" else base64.b64decode(text, validate=True)


def pct(name):
    return urllib.parse.quote(str(name), safe="@/.-_\\:$")


def read_line(timeout):
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    if not ready:
        sys.stderr.write("gss_peer: no command within %s s, exiting\n" % timeout)
        sys.exit(3)
    return sys.stdin.readline()


def reply(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def acquire_credentials(args, usage):
    mech = MECHS[args.mech]
    name = None
    if args.name:
        # GSS_C_NT_USER_NAME: MIT parses it as a principal, gss-ntlmssp as DOMAIN\user or user@DOMAIN
        name = gssapi.Name(args.name, name_type=gssapi.NameType.user)
    if args.password_env:
        password = os.environ.get(args.password_env)
        if password is None:
            raise PeerError(0, 0, "environment variable %s is not set" % args.password_env)
        if name is None:
            raise PeerError(0, 0, "--password-env needs --name")
        # SPNEGO over password credentials: acquire them for the inner mechanisms.
        mechs = [KRB5, MECHS["ntlm"]] if args.mech == "spnego" else [mech]
        result = gss_raw.acquire_cred_with_password(name, password.encode("utf-8"),
                                                    mechs=mechs, usage=usage)
        return gssapi.Credentials(result.creds)
    if usage == "accept" and name is None:
        return None  # the default acceptor credential: any key of KRB5_KTNAME / NTLM_USER_FILE
    return gssapi.Credentials(name=name, usage=usage,
                              mechs=[mech] if args.mech != "spnego" else None)


def channel_bindings(args):
    if args.cb_app_data is None:
        return None
    # No addresses; both address types are --cb-address-type: 0 (GSS_C_AF_UNSPEC) as Windows and
    # Java's TLS bindings hash them, 255 (GSS_C_AF_NULLADDR) as Java's ChannelBinding(byte[]) does.
    return gss_raw.ChannelBindings(initiator_address_type=args.cb_address_type,
                                   acceptor_address_type=args.cb_address_type,
                                   application_data=bytes.fromhex(args.cb_app_data))


def session_key(ctx):
    buffers = gss_raw.inquire_sec_context_by_oid(ctx, INQ_SSPI_SESSION_KEY)
    key = buffers[0]
    enctype = -1
    if len(buffers) > 1 and buffers[1].startswith(ENCTYPE_OID_PREFIX):
        enctype = 0
        for byte in buffers[1][len(ENCTYPE_OID_PREFIX):]:  # base-128 arc
            enctype = (enctype << 7) | (byte & 0x7F)
    return enctype, key


class Peer:
    def __init__(self, args):
        self.args = args
        usage = "initiate" if args.role == "initiate" else "accept"
        creds = acquire_credentials(args, usage)
        if usage == "initiate":
            if not args.target:
                raise PeerError(0, 0, "--target is required for an initiator")
            flags = 0
            for flag in filter(None, args.flags.split(",")):
                if flag not in FLAGS:
                    raise PeerError(0, 0, "unknown flag " + flag)
                flags |= FLAGS[flag]
            target = gssapi.Name(args.target, name_type=gssapi.NameType.hostbased_service)
            self.ctx = gssapi.SecurityContext(name=target, creds=creds, mech=MECHS[args.mech],
                                              flags=flags, usage="initiate",
                                              channel_bindings=channel_bindings(args))
        else:
            self.ctx = gssapi.SecurityContext(creds=creds, usage="accept",
                                              channel_bindings=channel_bindings(args))
        self.error_token = None

    def step(self, token):
        if self.ctx.complete:
            raise PeerError(0, 0, "context already established")
        out = self.ctx.step(token if token else None)
        return ("COMPLETE " if self.ctx.complete else "CONTINUE ") + b64(out)

    def wrap(self, conf, message):
        result = self.ctx.wrap(message, conf == "1")
        return "OK %s %d" % (b64(result.message), 1 if result.encrypted else 0)

    def unwrap(self, token):
        result = self.ctx.unwrap(token)
        return "OK %s %d" % (b64(result.message), 1 if result.encrypted else 0)

    def mic(self, message):
        return "OK " + b64(self.ctx.get_signature(message))

    def verify(self, message, mic):
        self.ctx.verify_signature(message, mic)
        return "OK"

    def info(self):
        ctx = self.ctx
        flags = [name for name, bit in FLAGS.items() if ctx.actual_flags & bit]
        return "OK mech=%s flags=%s initiator=%s acceptor=%s delegated=%d complete=%d" % (
            ctx.mech.dotted_form if ctx.mech else "-", ",".join(flags) or "-",
            pct(ctx.initiator_name) if ctx.initiator_name else "-",
            self.acceptor_name(),
            1 if getattr(ctx, "delegated_creds", None) else 0, 1 if ctx.complete else 0)

    def acceptor_name(self):
        ctx = self.ctx
        # gss-ntlmssp 1.2.0 leaves an NTLM acceptor's own name unset and python-gssapi then
        # crashes (NULL dereference) displaying it: never ask an NTLM acceptor.
        if self.args.role == "accept" and ctx.mech == MECHS["ntlm"]:
            return "-"
        return pct(ctx.target_name) if ctx.target_name else "-"

    def session_key(self):
        enctype, key = session_key(self.ctx)
        return "OK %d %s" % (enctype, b64(key))

    def delegate_init(self, target):
        delegated = getattr(self.ctx, "delegated_creds", None)
        if not delegated:
            raise PeerError(0, 0, "no delegated credentials")
        creds = gssapi.Credentials(delegated)
        name = gssapi.Name(target, name_type=gssapi.NameType.hostbased_service)
        second = gssapi.SecurityContext(name=name, creds=creds, mech=KRB5, usage="initiate",
                                        flags=FLAGS["mutual"])
        return "OK " + b64(second.step())

    def handle(self, words):
        command, operands = words[0], words[1:]
        handlers = {
            "STEP": (1, lambda: self.step(unb64(operands[0]))),
            "WRAP": (2, lambda: self.wrap(operands[0], unb64(operands[1]))),
            "UNWRAP": (1, lambda: self.unwrap(unb64(operands[0]))),
            "MIC": (1, lambda: self.mic(unb64(operands[0]))),
            "VERIFY": (2, lambda: self.verify(unb64(operands[0]), unb64(operands[1]))),
            "INFO": (0, self.info),
            "SESSION_KEY": (0, self.session_key),
            "DELEGATE_INIT": (1, lambda: self.delegate_init(operands[0])),
            "ERROR_TOKEN": (0, lambda: "OK " + b64(self.error_token)),
        }
        if command not in handlers:
            raise PeerError(0, 0, "unknown command " + command)
        arity, handler = handlers[command]
        if len(operands) != arity:
            raise PeerError(0, 0, "%s takes %d operand(s)" % (command, arity))
        return handler()


def error_line(error):
    if isinstance(error, GSSError):
        return "ERR %d %d %s" % (error.maj_code, error.min_code, one_line(error.gen_message()))
    if isinstance(error, PeerError):
        return "ERR %d %d %s" % (error.major, error.minor, one_line(error.text))
    return "ERR 0 0 %s: %s" % (type(error).__name__, one_line(str(error)))


def one_line(text):
    return " ".join(str(text).split())


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--role", choices=["initiate", "accept"], required=True)
    parser.add_argument("--mech", choices=sorted(MECHS), required=True)
    parser.add_argument("--target")
    parser.add_argument("--name")
    parser.add_argument("--password-env")
    parser.add_argument("--flags", default="mutual,conf,integ,replay,sequence")
    parser.add_argument("--cb-app-data")
    parser.add_argument("--cb-address-type", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0)
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        peer = Peer(args)
    except Exception as error:  # start-up failures are reported, then the peer exits
        reply(error_line(error))
        return 1
    reply("READY")
    while True:
        line = read_line(args.timeout)
        if not line:
            return 0
        words = line.split()
        if not words:
            continue
        if words[0] == "QUIT":
            return 0
        try:
            reply(peer.handle(words))
        except Exception as error:
            if words[0] == "STEP":
                peer.error_token = getattr(error, "token", None)
            reply(error_line(error))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
