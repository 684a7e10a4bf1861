"""A real HTTP server standing in for Meta's Conversions API and GA4's Measurement Protocol, for the system suite: it
answers 503 while `down`, and keeps every request it accepts."""
import http.server
import json
import threading
import urllib.parse

from conftest import free_port


class AdPlatformReceiver:
    def __init__(self, down=True):
        self.down = down
        self.refused_while_down = 0
        self.accepted = []  # (path, query, body) of every request it accepted
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.down:
                    receiver.refused_while_down += 1
                    return self.answer(503, b"")
                url = urllib.parse.urlsplit(self.path)
                receiver.accepted.append((url.path, dict(urllib.parse.parse_qsl(url.query)), json.loads(body)))
                # Meta answers what it received; GA4's /mp/collect answers 204 whatever it gets.
                self.answer(200, b'{"events_received":1}') if url.path.endswith("/events") else self.answer(204, b"")

            def answer(self, status, body):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self, path_end):
        return [(query, body) for path, query, body in self.accepted if path.endswith(path_end)]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
