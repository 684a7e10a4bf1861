"""Fixtures for the real-browser suite: a running `quizfunnel serve` and headless Chromium driven by chromedriver."""
import os
import pathlib
import socket
import subprocess
import tempfile
import time
import urllib.request

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
    """One `quizfunnel serve` process on a free loopback port with its own database file."""

    def __init__(self, folder):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database = str(pathlib.Path(folder) / "quizfunnel.sqlite")
        self.log = open(pathlib.Path(folder) / "serve.log", "w")
        self.process = subprocess.Popen(
            [quizfunnel_binary(), "serve", "--port", str(self.port), "--database", self.database],
            cwd=ROOT, env={**os.environ, "QUIZFUNNEL_ADMIN_TOKEN": ADMIN_TOKEN}, stdout=self.log, stderr=subprocess.STDOUT,
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
        self.log.close()


@pytest.fixture
def service():
    with tempfile.TemporaryDirectory(prefix="quizfunnel-browser-") as folder:
        running = RunningService(folder)
        try:
            yield running
        finally:
            running.stop()


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
