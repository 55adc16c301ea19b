"""A threaded WSGI server for the sandbox that can also drop a connection on purpose."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
from typing import Any, cast

from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application


class SandboxRequestHandler(WSGIRequestHandler):
    verbose = False
    # Headers and body go out in separate writes; with Nagle's algorithm and delayed ACKs a
    # kept-alive connection would stall ~40 ms on every response.
    disable_nagle_algorithm = True

    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = dict(super().get_environ())
        # The fault injector calls this to simulate a peer that vanishes mid-request.
        environ["sandbox.drop_connection"] = self._drop
        return environ

    def _drop(self) -> None:
        connection = cast(socket.socket, self.connection)
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class SandboxServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # Tests fire dozens of requests at once; the default backlog of 10 would stall them.
    request_queue_size = 128


def serve(host: str, port: int, *, verbose: bool = False) -> None:
    """Serve until interrupted; prints the ready line once the socket listens."""
    SandboxRequestHandler.verbose = verbose
    httpd = SandboxServer((host, port), SandboxRequestHandler, ipv6=":" in host)
    httpd.set_app(get_wsgi_application())
    bound = httpd.server_address[1]
    print(f"Sandbox serving http://{host}:{bound}/", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
