#!/usr/bin/env python3
"""Serves Debian's python3-kdcproxy (a WSGI application, MS-KKDCP) over HTTPS on 127.0.0.1 for the conformance
suite: wsgiref's server, one thread per connection, TLS with the certificate and key given.

Usage: kdcproxy_server.py CERT.pem KEY.pem
The proxy reads its realm -> KDC mapping from $KDCPROXY_CONFIG. The server binds a free port chosen by the kernel
and prints it as the first line of stdout; it serves until killed. Requests are logged to stderr, each line written
before its response is sent, so a client that has its answer knows the line is already in the pipe.
"""
import socketserver
import ssl
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import kdcproxy


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Handler(WSGIRequestHandler):
    timeout = 30  # a client that connects and sends nothing does not keep a thread forever

    def log_request(self, code="-", size="-"):
        pass  # logged() already wrote the line, before the response

    def log_message(self, fmt, *args):
        sys.stderr.write("kdcproxy_server: " + (fmt % args) + "\n")
        sys.stderr.flush()


def logged(app):
    """The application, logging each answered request ("METHOD PATH PROTOCOL" STATUS LENGTH) before answering:
    wsgiref's own request log comes after the response, which races a test that counts requests."""

    def application(environ, start_response):
        status = []

        def start(code, headers, exc_info=None):
            status.append(code.split()[0])
            return start_response(code, headers, exc_info)

        body = b"".join(app(environ, start))
        sys.stderr.write('kdcproxy_server: "%s %s %s" %s %d\n' % (
            environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), environ.get("SERVER_PROTOCOL"),
            status[0] if status else "-", len(body)))
        sys.stderr.flush()
        return [body]

    return application


def main():
    cert, key = sys.argv[1], sys.argv[2]
    httpd = make_server("127.0.0.1", 0, logged(kdcproxy.Application()), server_class=ThreadingServer,
                        handler_class=Handler)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    # the handshake happens on the connection's thread (first read), not in the accepting loop
    httpd.socket = tls.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
