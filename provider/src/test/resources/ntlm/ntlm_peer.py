#!/usr/bin/python3
"""A gss-ntlmssp peer driven over stdin/stdout, one command per line, base64 arguments.

  ntlm_peer.py accept [CB_APPDATA_HEX]                      (users from $NTLM_USER_FILE)
  ntlm_peer.py initiate USER DOMAIN PASSWORD TARGET [CB_APPDATA_HEX]   (TARGET like HTTP@host)

Commands:  STEP <b64|->   -> TOKEN <b64|-> <COMPLETE|CONTINUE>
           WRAP <b64>     -> DATA <b64>        UNWRAP <b64> -> DATA <b64> <ENCRYPTED|PLAIN>
           MIC <b64>      -> DATA <b64>        VERIFY <msg b64> <mic b64> -> OK
           NAME           -> DATA <b64 of the peer name>
Any failure answers:       ERROR <text>
"""
import base64
import sys

import gssapi
import gssapi.raw as graw

NTLM = gssapi.OID.from_int_seq("1.3.6.1.4.1.311.2.2.10")


def b64(data):
    return base64.b64encode(data).decode("ascii") if data else "-"


def unb64(text):
    return b"" if text == "-" else base64.b64decode(text)


def bindings(args):
    if not args:
        return None
    return graw.ChannelBindings(application_data=bytes.fromhex(args[0]))


def make_context(argv):
    mode = argv[1]
    if mode == "accept":
        creds = gssapi.Credentials(usage="accept", mechs=[NTLM])
        return gssapi.SecurityContext(creds=creds, channel_bindings=bindings(argv[2:]))
    user, domain, password, target = argv[2:6]
    name = gssapi.Name(domain + "\\" + user if domain else user, gssapi.NameType.user)
    creds = graw.acquire_cred_with_password(name, password.encode("utf-8"), usage="initiate", mechs=[NTLM]).creds
    return gssapi.SecurityContext(
        name=gssapi.Name(target, gssapi.NameType.hostbased_service), creds=gssapi.Credentials(creds), mech=NTLM,
        usage="initiate", channel_bindings=bindings(argv[6:]),
        flags=gssapi.RequirementFlag.integrity | gssapi.RequirementFlag.confidentiality
        | gssapi.RequirementFlag.replay_detection | gssapi.RequirementFlag.out_of_sequence_detection)


def handle(ctx, words):
    cmd = words[0]
    if cmd == "STEP":
        token = unb64(words[1])
        out = ctx.step(token if token else None)
        return "TOKEN %s %s" % (b64(out), "COMPLETE" if ctx.complete else "CONTINUE")
    if cmd == "WRAP":
        return "DATA " + b64(ctx.wrap(unb64(words[1]), True).message)
    if cmd == "UNWRAP":
        res = ctx.unwrap(unb64(words[1]))
        return "DATA %s %s" % (b64(res.message), "ENCRYPTED" if res.encrypted else "PLAIN")
    if cmd == "MIC":
        return "DATA " + b64(ctx.get_signature(unb64(words[1])))
    if cmd == "VERIFY":
        ctx.verify_signature(unb64(words[1]), unb64(words[2]))
        return "OK"
    if cmd == "NAME":
        peer = ctx.initiator_name if ctx.usage == "accept" else ctx.target_name
        return "DATA " + b64(bytes(peer))
    raise ValueError("unknown command " + cmd)


def main():
    try:
        ctx = make_context(sys.argv)
    except Exception as e:  # reported, not raised: the Java side reads one line per command
        print("ERROR setup: %s" % e, flush=True)
        ctx = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            reply = handle(ctx, words)
        except Exception as e:
            reply = "ERROR %s" % str(e).replace("\n", " ")
        print(reply, flush=True)


if __name__ == "__main__":
    main()
