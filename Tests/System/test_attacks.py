"""Attacks on the running service: schemathesis from the OpenAPI file, and SIGKILL in the middle of a stream of leads."""
import contextlib
import random
import sqlite3
import subprocess
import time

import pytest

from conftest import ADMIN_TOKEN, RunningService, free_port
from lead_stream import LeadStream
from postgres import fresh_database, psql

NO_LIMITS = ("--rate-limit", "off", "--event-rate-limit", "off", "--email-rate-limit", "off")


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


def stored_leads(database):
    """The addresses of every lead in `database`, a SQLite file (after its integrity check) or a PostgreSQL URL."""
    if database.startswith("postgres"):
        return {row[0] for row in psql(database, "SELECT email FROM lead")}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in connection.execute("SELECT email FROM lead")}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_no_acknowledged_lead_is_lost_when_the_server_is_killed(tmp_path, backend):
    # On PostgreSQL the database outlives the process (the test server runs with fsync on), as it does in production.
    with fresh_database() if backend == "postgres" else contextlib.nullcontext(None) as database:
        port = free_port()
        rng = random.Random(20261123)
        acknowledged = set()
        rounds = 5
        for round_number in range(rounds):
            service = RunningService(tmp_path, extra_arguments=NO_LIMITS, port=port, database=database)
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
        # The service starts again on the store (a file passes its integrity_check) and exports every acknowledged lead.
        service = RunningService(tmp_path, extra_arguments=NO_LIMITS, port=port, database=database)
        try:
            exported = {line.split(",")[0] for line in service.export_csv("?status=all").splitlines()[1:]}
        finally:
            service.stop()
    assert acknowledged <= exported
    print(f"{backend}: {len(acknowledged)} acknowledged leads over {rounds} SIGKILLs, 0 lost")
