"""Fixtures for the system suite: a running `quizfunnel serve`, headless Chromium driven by chromedriver, host pages."""
import contextlib
import json
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request
from types import SimpleNamespace

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "browser-suite-token"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quizfunnel_binary():
    path = os.environ.get("QUIZFUNNEL_BIN")
    if path:
        return path
    bin_folder = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return str(pathlib.Path(bin_folder.stdout.strip()) / "quizfunnel")


class RunningService:
    """One `quizfunnel serve` process on a free loopback port, with its own database file unless given `database` (a
    file or a PostgreSQL URL)."""

    # Selenium fills a form faster than a person: the minimum fill time is off unless a test is about it.
    def __init__(self, folder, quizzes="Quizzes", extra_arguments=(), environment=None, port=None, minimum_fill_time=0, database=None,
                 log_name="serve.log"):
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database = database or str(pathlib.Path(folder) / "quizfunnel.sqlite")
        self.log = open(pathlib.Path(folder) / log_name, "a")
        self.process = subprocess.Popen(
            [quizfunnel_binary(), "serve", "--port", str(self.port), "--database", self.database, "--quizzes", str(quizzes),
             "--minimum-fill-time", str(minimum_fill_time), *extra_arguments],
            cwd=ROOT, env={**os.environ, "QUIZFUNNEL_ADMIN_TOKEN": ADMIN_TOKEN, **(environment or {})},
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"quizfunnel serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("quizfunnel serve did not become ready")

    def admin(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base_url}{path}", method=method, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def held_confirmation_link(self, email):
        """The confirm link of the newest held confirmation mail to `email`, from the dashboard's Mail view API."""
        local, domain = email.split("@")
        masked = local[0] + "•••@" + domain
        for entry in self.admin("/api/admin/mail?limit=1000"):
            if entry["kind"] == "confirmation" and entry["state"] == "held" and entry["recipient"] == masked:
                return self.admin(f"/api/admin/mail/{entry['id']}")["links"]["confirm"]
        raise AssertionError(f"no held confirmation mail to {masked}")

    def confirm(self, email):
        """Presses Confirm on the page of the held confirmation mail to `email`, as its owner would."""
        link = self.held_confirmation_link(email)
        request = urllib.request.Request(link, data=b"action=confirm", headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200

    def export_csv(self, query=""):
        request = urllib.request.Request(f"{self.base_url}/api/admin/leads.csv{query}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()

    def crash(self):
        """SIGKILL: no shutdown, no flush; what the outbox must survive."""
        self.process.kill()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def service():
    with tempfile.TemporaryDirectory(prefix="quizfunnel-browser-") as folder:
        running = RunningService(folder)
        try:
            yield running
        finally:
            running.stop()


class StaticSite:
    """A page host on its own loopback port, so it is another origin than the quiz: the marketer's site."""

    def __init__(self, folder, page):
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
        (pathlib.Path(folder) / "index.html").write_text(page)
        self.process = subprocess.Popen(
            ["python3", "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the host page server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def host_page(quiz_base_url):
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fairway Shop</title></head>
<body>
  <h1>Fairway Shop</h1>
  <p>Find your club, then find your gear.</p>
  <div data-quizfunnel="golf-club"></div>
  <button type="button" data-quizfunnel-popup="golf-club">Take the golf quiz</button>
  <script src="{quiz_base_url}/embed.js" async></script>
</body></html>
"""


@pytest.fixture
def embedding():
    """The quiz service, a shop site allowed to embed the golf quiz, and a stranger's site that is not."""
    with tempfile.TemporaryDirectory(prefix="quizfunnel-embed-") as folder, contextlib.ExitStack() as running:
        root = pathlib.Path(folder)
        shop = StaticSite(root / "shop", "")
        running.callback(shop.stop)
        quizzes = root / "Quizzes"
        quizzes.mkdir()
        golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
        golf["embedOrigins"] = [shop.origin]
        (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
        service = RunningService(folder, quizzes=quizzes)
        running.callback(service.stop)
        (root / "shop" / "index.html").write_text(host_page(service.base_url))
        stranger = StaticSite(root / "stranger", host_page(service.base_url))
        running.callback(stranger.stop)
        yield SimpleNamespace(service=service, shop=shop, stranger=stranger)


@pytest.fixture
def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844"]:
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    driver = webdriver.Chrome(service=Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
