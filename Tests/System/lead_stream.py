"""A stream of players posting results and leads as fast as they can, for the crash and restart tests."""
import collections
import http.client
import json
import threading

DRIVER = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


class LeadStream:
    """Clients posting results and leads as fast as they can, remembering every lead answered 201, and counting every
    answer's status (with the Retry-After of each 503)."""

    def __init__(self, port, round_number, clients=16):
        self.port = port
        self.round = round_number
        self.acknowledged = set()
        self.statuses = collections.Counter()
        self.retry_after = set()
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(index,), daemon=True) for index in range(clients)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def join(self):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def run(self, client):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = 0
        result_id = None
        while not self.stopped.is_set():
            try:
                if result_id is None or sent % 5 == 0:
                    connection.request("POST", "/api/quizzes/golf-club/results", json.dumps({"answers": DRIVER}), {"Content-Type": "application/json"})
                    response = connection.getresponse()
                    body = response.read()
                    self.record(response)
                    if response.status != 201:
                        if self.stopped.wait(0.02):
                            return
                        continue
                    result_id = json.loads(body)["resultId"]
                email = f"r{self.round}-c{client}-{sent}@example.com"
                sent += 1
                connection.request(
                    "POST", "/api/quizzes/golf-club/leads",
                    json.dumps({"resultId": result_id, "email": email, "consent": True}), {"Content-Type": "application/json"},
                )
                response = connection.getresponse()
                response.read()
                self.record(response)
                if response.status == 201:
                    with self.lock:
                        self.acknowledged.add(email)
            except (OSError, http.client.HTTPException):
                # The server died mid-request: whatever was not answered 201 was never promised.
                if self.stopped.wait(0.01):
                    return
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def record(self, response):
        with self.lock:
            self.statuses[response.status] += 1
            if response.status == 503:
                self.retry_after.add(response.getheader("Retry-After"))
