"""Today's build against the build at BASELINE (85115d4, before the lead path lost a fifth of its speed), in one sitting:
`/livez`, single and double opt-in leads, each pair of runs back to back so that a slow spell of the machine touches both.

    python3 -m scripts.benchmarks.baseline BINARY [ROUNDS]

The baseline is built once, in release, into .build-baseline/ (a git worktree and its own build folder), and reused.
Its own quizzes and pages are served to it: today's quizzes hold fields it does not know.
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

from . import http_load
from .service import ROOT, Service

BASELINE = "85115d4"
FOLDER = ROOT / ".build-baseline"


def build_baseline(commit=BASELINE):
    """The release binary of `commit`, built at the first call."""
    source = FOLDER / commit
    binary = FOLDER / f"build-{commit}" / "release" / "quizfunnel"
    if binary.exists():
        return binary, source
    if not source.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(source), commit], check=True, capture_output=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "quizfunnel", "--package-path", str(source),
                    "--scratch-path", str(FOLDER / f"build-{commit}")], check=True)
    return binary, source


def measure_livez(binary, folder, seconds, warmup, cwd):
    with Service(binary, folder, database=folder / "livez.sqlite", cwd=cwd) as service:
        if warmup:
            http_load.wrk(f"{service.base_url}/livez", warmup, 64)
        return http_load.wrk(f"{service.base_url}/livez", seconds, 64, server_pid=service.process.pid)


def measure(binary, folder, seconds, warmup, rounds):
    """Per round and kind, today's figure and the baseline's; the medians and their ratios."""
    baseline_binary, baseline_source = build_baseline()
    folder = pathlib.Path(folder)
    builds = {
        "today": (pathlib.Path(binary), ROOT, ROOT / "Quizzes"),
        "baseline": (baseline_binary, baseline_source, baseline_source / "Quizzes"),
    }
    # The baseline predates double opt-in: its quizzes are single opt-in as they are.
    kinds = {"today": ("livez", "leads", "leads_double"), "baseline": ("livez", "leads")}
    runs = {(build, kind): [] for build in builds for kind in kinds[build]}
    for number in range(1, rounds + 1):
        for kind in ("livez", "leads", "leads_double"):
            for build, (path, cwd, quizzes) in builds.items():
                if kind not in kinds[build]:
                    continue
                work = folder / f"{build}-{kind}-{number}"
                work.mkdir(parents=True)
                if kind == "livez":
                    figures = measure_livez(path, work, seconds, warmup, cwd)
                else:
                    chosen = http_load.single_opt_in_quizzes(work, quizzes) if (kind, build) == ("leads", "today") else quizzes
                    figures = http_load.measure_leads(path, work, number, seconds, 64, warmup, quizzes=chosen,
                                                      label=kind, cwd=cwd)
                runs[(build, kind)].append(figures["requests_per_second"])
                print(f"round {number} {kind:12} {build:8} {figures['requests_per_second']:9.0f}/s", flush=True)
    medians = {f"{build}_{kind}": sorted(values)[(len(values) - 1) // 2] for (build, kind), values in runs.items()}
    ratios = {
        "leads_to_baseline": medians["today_leads"] / medians["baseline_leads"],
        "livez_to_baseline": medians["today_livez"] / medians["baseline_livez"],
        "leads_to_livez": medians["today_leads"] / medians["today_livez"],
        "double_to_single": medians["today_leads_double"] / medians["today_leads"],
    }
    return {"baseline": BASELINE, "medians": medians, "ratios": ratios,
            "runs": {f"{build}_{kind}": values for (build, kind), values in runs.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quizfunnel-baseline-") as folder:
        figures = measure(arguments.binary, folder, arguments.seconds, 3, arguments.rounds)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
