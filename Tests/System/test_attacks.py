"""Attacks on the running service: schemathesis from the OpenAPI file, and SIGKILL in the middle of a stream of leads."""
import http.client
import json
import pathlib
import random
import sqlite3
import subprocess
import threading
import time

from conftest import ADMIN_TOKEN, RunningService, free_port

NO_LIMITS = ("--rate-limit", "off", "--event-rate-limit", "off", "--email-rate-limit", "off")
DRIVER = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


def test_schemathesis_finds_no_server_error_and_no_schema_violation(tmp_path):
    service = RunningService(tmp_path, extra_arguments=NO_LIMITS)
    try:
        run = subprocess.run(
            [
                "schemathesis", "run", f"{service.base_url}/openapi.yaml", "--url", service.base_url,
                "--header", f"Authorization: Bearer {ADMIN_TOKEN}",
                # Every check but positive_data_acceptance: a schema cannot say which answer ids a quiz has, so a
                # schema-valid random result is rightly refused with 422.
                "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                "--max-examples", "40", "--seed", "20261123", "--no-color",
            ],
            cwd=tmp_path, capture_output=True, text=True, timeout=900,
        )
    finally:
        service.stop()
    report = run.stdout[-6000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert " passed" in run.stdout


class LeadStream:
    """Clients posting results and leads as fast as they can, remembering every lead answered 201."""

    def __init__(self, port, round_number, clients=16):
        self.port = port
        self.round = round_number
        self.acknowledged = set()
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
                    if response.status != 201:
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
                if response.status == 201:
                    with self.lock:
                        self.acknowledged.add(email)
            except (OSError, http.client.HTTPException):
                # The server died mid-request: whatever was not answered 201 was never promised.
                if self.stopped.wait(0.01):
                    return
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)


def stored_leads(database):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in connection.execute("SELECT email FROM lead")}


def test_no_acknowledged_lead_is_lost_when_the_server_is_killed(tmp_path):
    port = free_port()
    rng = random.Random(20261123)
    acknowledged = set()
    rounds = 5
    for round_number in range(rounds):
        service = RunningService(tmp_path, extra_arguments=NO_LIMITS, port=port)
        stream = LeadStream(port, round_number)
        stream.start()
        time.sleep(rng.uniform(1.0, 2.5))
        service.crash()  # SIGKILL while the clients are still sending
        stream.join()
        acknowledged |= stream.acknowledged
        assert stream.acknowledged, f"round {round_number}: no lead was acknowledged before the kill"

        stored = stored_leads(service.database)
        lost = acknowledged - stored
        assert not lost, f"round {round_number}: {len(lost)} acknowledged leads lost, e.g. {sorted(lost)[:5]}"
    # The service starts again on the file (its integrity_check passes) and exports every acknowledged lead.
    service = RunningService(tmp_path, extra_arguments=NO_LIMITS, port=port)
    try:
        exported = {line.split(",")[0] for line in service.export_csv("?status=all").splitlines()[1:]}
    finally:
        service.stop()
    assert acknowledged <= exported
    print(f"{len(acknowledged)} acknowledged leads over {rounds} SIGKILLs, 0 lost")
