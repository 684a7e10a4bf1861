"""The play page of a quiz running an A/B test of three variants against the same quiz without variants, on one
service: `GET /q/{quiz}` under wrk, in interleaved rounds so that a slow spell of the machine touches both alike. Each
variant's page is rendered when the quiz is loaded; a page load only draws a random number to pick one."""
import json
import pathlib

from . import http_load
from .service import ROOT, Service

VARIANTS = [
    {"id": "a", "weight": 34},
    {"id": "b", "weight": 33, "title": "Which club swings like you?", "startLabel": "Swing away"},
    {"id": "c", "weight": 33, "description": "Six questions. One club. No wrong answers.", "leadForm": "before-result"},
]


def quizzes(folder):
    """The golf quiz as shipped, and a copy of it (`golf-ab`) that runs three variants."""
    folder = pathlib.Path(folder) / "variant-quizzes"
    folder.mkdir(exist_ok=True)
    quiz = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    (folder / "golf-club.json").write_text(json.dumps(quiz))
    quiz.update(id="golf-ab", variants=VARIANTS)
    (folder / "golf-ab.json").write_text(json.dumps(quiz))
    return folder


def measure(binary, folder, seconds, warmup_seconds, rounds, connections=64):
    runs = {"plain": [], "variants": []}
    with Service(binary, folder, database=pathlib.Path(folder) / "variants.sqlite", quizzes=quizzes(folder)) as service:
        paths = {"plain": "/q/golf-club?lang=en", "variants": "/q/golf-ab?lang=en"}
        if warmup_seconds:
            for path in paths.values():
                http_load.wrk(f"{service.base_url}{path}", warmup_seconds, connections)
        for _ in range(rounds):
            for key, path in paths.items():
                runs[key].append(http_load.wrk(f"{service.base_url}{path}", seconds, connections, server_pid=service.process.pid))
    figures = {key: http_load.median_run(rows) for key, rows in runs.items()}
    figures["ratio"] = figures["variants"]["requests_per_second"] / figures["plain"]["requests_per_second"]
    return figures
