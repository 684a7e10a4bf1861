"""Single against double opt-in leads, paired round by round, for quick loops while working on the lead route.

    python3 -m scripts.benchmarks.lead_pairs BINARY [ROUNDS]          single then double, 10 s each after 3 s of warm-up
    python3 -m scripts.benchmarks.lead_pairs BINARY --perf double     `perf record -g` of the service during one run

Each run is a new service over a new database, as in `scripts/bench`; the figures are wrk's and the service's own.
"""
import argparse
import pathlib
import subprocess
import tempfile
import time

from . import http_load
from .service import ROOT, Service


def paired_rounds(binary, rounds, folder):
    single = http_load.single_opt_in_quizzes(folder)
    for number in range(rounds):
        pair = {}
        for label, quizzes in (("single", single), ("double", ROOT / "Quizzes")):
            pair[label] = figures = http_load.measure_leads(binary, folder, number, 10, 64, 3, quizzes=quizzes, label=label)
            print(f"round {number + 1} {label:6} {figures['requests_per_second']:8.0f} leads/s  CPU a lead {figures['server_cpu_us']:6.1f} µs"
                  f"  idle {figures['idle_percent']:4.1f}%  batch {figures['mean_batch']:.1f}  p99 {figures['p99_ms']:.1f} ms", flush=True)
        print(f"round {number + 1} double ÷ single {pair['double']['requests_per_second'] / pair['single']['requests_per_second']:.2f}", flush=True)


def profile(binary, label, folder):
    quizzes = http_load.single_opt_in_quizzes(folder) if label == "single" else ROOT / "Quizzes"
    output = folder / f"perf-{label}.data"
    with Service(binary, folder, database=folder / f"profile-{label}.sqlite", quizzes=quizzes) as service:
        result_ids = [service.post_json("/api/quizzes/golf-club/results", {"answers": http_load.ANSWERS})["resultId"] for _ in range(64)]
        script = folder / "profile.lua"
        script.write_text(http_load.LEAD_SCRIPT % (",".join(f'"{result_id}"' for result_id in result_ids), 100_000, "profile"))
        load = subprocess.Popen(["wrk", "-t2", "-c64", "-d14s", "-s", str(script), f"{service.base_url}/api/quizzes/golf-club/leads"],
                                stdout=subprocess.PIPE, text=True)
        time.sleep(3)
        subprocess.run(["perf", "record", "-F", "999", "-g", "-p", str(service.process.pid), "-o", str(output), "--", "sleep", "8"],
                       capture_output=True, check=True)
        print(load.communicate()[0])
    print(f"perf report -i {output} --children --sort symbol -g none")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--perf", choices=("single", "double"), help="profile one run instead of measuring pairs")
    arguments = parser.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="quizfunnel-lead-pairs-"))
    if arguments.perf:
        profile(arguments.binary, arguments.perf, folder)
    else:
        paired_rounds(arguments.binary, arguments.rounds, folder)


if __name__ == "__main__":
    main()
