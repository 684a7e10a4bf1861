"""PostgreSQL for the system suite: a database of its own per test on the server `scripts/test` starts
(QUIZFUNNEL_TEST_POSTGRES_URL), or a server of its own for a test that stops and restarts it."""
import contextlib
import os
import pathlib
import subprocess
import tempfile
import urllib.parse
import uuid

import pytest

from conftest import ROOT

SERVER_URL = os.environ.get("QUIZFUNNEL_TEST_POSTGRES_URL")


def require_server():
    """The test server's URL; without it the test fails under scripts/test and is skipped under a bare pytest."""
    if SERVER_URL:
        return SERVER_URL
    if os.environ.get("QUIZFUNNEL_REQUIRE_POSTGRES") == "1":
        pytest.fail("QUIZFUNNEL_TEST_POSTGRES_URL is not set: run the suite through scripts/test, which starts a server")
    pytest.skip("needs the PostgreSQL server scripts/test starts")


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def psql(url, sql):
    """Runs `sql` and returns its rows as lists of text."""
    output = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                            capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in output.splitlines() if line]


@contextlib.contextmanager
def fresh_database(server_url=None):
    """An empty database on the test server, dropped afterwards; yields its URL."""
    server_url = server_url or require_server()
    name = "system_" + uuid.uuid4().hex
    psql(server_url, f"CREATE DATABASE {name}")
    try:
        yield with_database(server_url, name)
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class OwnServer:
    """A PostgreSQL server of the test's own (scripts/postgres-server, fsync on), which it may stop and start."""

    def __init__(self):
        require_server()  # the same rule: scripts/test provides PostgreSQL
        self.folder = tempfile.mkdtemp(prefix="quizfunnel-system-postgres-")
        self.url = subprocess.run([str(ROOT / "scripts" / "postgres-server"), "start", self.folder],
                                  capture_output=True, text=True, check=True).stdout.strip()
        self.port = urllib.parse.urlsplit(self.url).port
        self.binaries = sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin"))[-1]

    def pg_ctl(self, *arguments):
        command = [str(self.binaries / "pg_ctl"), "-D", f"{self.folder}/data", *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self):
        self.pg_ctl("-m", "immediate", "-w", "stop")

    def start(self):
        self.pg_ctl("-l", f"{self.folder}/server.log", "-w", "-t", "60",
                    "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=on -c max_connections=200", "start")

    def remove(self):
        subprocess.run([str(ROOT / "scripts" / "postgres-server"), "stop", self.folder], check=False)
