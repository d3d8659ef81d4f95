"""A real HTTP server on 127.0.0.1 for the scraper tests, with routes and faults the tests set."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Routes of the test server: ``site.route(path, body, ...)`` or ``site.route(path, handler=callable)``."""

    def __init__(self):
        self.routes = {}
        self.log = []  # (path, monotonic time, request headers)
        self.lock = threading.Lock()
        self.server = None

    def route(self, path, body=b"", *, status=200, content_type="text/html; charset=utf-8", headers=None,
              handler=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = handler or (lambda request: (status, {"Content-Type": content_type, **(headers or {})},
                                                         body))

    def hits(self, path):
        with self.lock:
            return [t for p, t, _ in self.log if p == path]

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the stdlib's name
                with site.lock:
                    site.log.append((self.path, time.monotonic(), dict(self.headers)))
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self)
                if status is None:  # the handler wrote the response itself
                    return
                self.send_response(status)
                headers = dict(headers)
                headers.setdefault("Content-Length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if body:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                        self.wfile.write(body)

            def log_message(self, *args):
                """Keep the test output quiet: requests are in ``site.log``."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
