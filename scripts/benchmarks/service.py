"""A `quizfunnel serve` process for one measurement: started on a free loopback port, stopped by whoever started it."""
import json
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "bench-admin-token"
NO_LIMITS = ("--rate-limit", "off", "--event-rate-limit", "off", "--email-rate-limit", "off", "--minimum-fill-time", "0")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def memory_kib(pid, field):
    """`VmRSS` (now) or `VmHWM` (peak so far) of a process, in KiB, from /proc."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


class Service:
    def __init__(self, binary, folder, database=None, quizzes="Quizzes", arguments=NO_LIMITS, log_name="serve.log", environment=None,
                 cwd=ROOT):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database = str(database or pathlib.Path(folder) / "quizfunnel.sqlite")
        self.log = open(pathlib.Path(folder) / log_name, "a")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", self.database, "--quizzes", str(quizzes),
             "--log-level", "warning", *arguments],
            cwd=cwd, env={**os.environ, "QUIZFUNNEL_ADMIN_TOKEN": ADMIN_TOKEN, **(environment or {})},
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.startup_seconds = self.wait_until_ready()

    def wait_until_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"quizfunnel serve exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.002)
        raise RuntimeError("quizfunnel serve did not become ready")

    def rss_kib(self):
        return memory_kib(self.process.pid, "VmRSS")

    def peak_rss_kib(self):
        return memory_kib(self.process.pid, "VmHWM")

    def post_json(self, path, body):
        request = urllib.request.Request(
            f"{self.base_url}{path}", data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def run_measured(command, stdout=subprocess.DEVNULL, **kwargs):
    """Runs `command` and returns (seconds, peak RSS in KiB) of that one process.

    The peak comes from GNU time (`%M`), which starts the command itself: the peak a process's parent reads from wait4
    includes the memory of the process it was forked from, so a command started straight from this Python process
    showed Python's own peak (the same 50-53 MiB for every export before 2026-12-03 15:40).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        started = time.perf_counter()
        process = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *command], stdout=stdout, **kwargs)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"{command[0]} exited with {process.returncode}")
        return seconds, int(peak.read().strip().splitlines()[-1])
