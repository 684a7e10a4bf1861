"""A real HTTP webhook receiver that checks Standard Webhooks signatures, for the system suite."""
import base64
import hashlib
import hmac
import http.server
import threading
import time

from conftest import free_port

SECRET = "whsec_" + base64.b64encode(b"quizfunnel system test secret!!").decode()


class Receiver:
    """A webhook endpoint that verifies every signature and answers 503 while `down`; while `hanging` it holds each
    request without answering (a slow CRM), noting its webhook-id."""

    def __init__(self, down=True):
        self.down = down
        self.hanging = False
        self.held = set()  # webhook-ids of requests held while hanging
        self.accepted = []  # (webhook-id, body) of every delivery it accepted, duplicates included
        self.rejected_signatures = []
        self.refused_while_down = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.hanging:
                    receiver.held.add(self.headers["webhook-id"])
                    time.sleep(15)
                    return self.answer(503)
                if receiver.down:
                    receiver.refused_while_down += 1
                    return self.answer(503)
                message_id, timestamp = self.headers["webhook-id"], self.headers["webhook-timestamp"]
                key = base64.b64decode(SECRET.removeprefix("whsec_"))
                expected = "v1," + base64.b64encode(hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
                signatures = self.headers["webhook-signature"].split(" ")
                if not any(hmac.compare_digest(expected, signature) for signature in signatures) or abs(time.time() - int(timestamp)) > 300:
                    receiver.rejected_signatures.append(message_id)
                    return self.answer(401)
                receiver.accepted.append((message_id, body))
                self.answer(204)

            def answer(self, status):
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender is gone (killed while the request was held)

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


