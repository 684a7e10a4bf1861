"""`python3 -m scripts.benchmarks`: run by scripts/bench, which installs the tools and builds the binary first."""
import argparse
import json
import pathlib
import sys
import tempfile

from . import baseline, chart, earnings, export, http_load, mail, postgres, report, simulation, startup, storage, transfer, variants

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main():
    parser = argparse.ArgumentParser(description="Measure quizfunnel against this machine's ceilings.")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--build", default="release")
    parser.add_argument("--smoke", action="store_true", help="a few seconds per stage, tiny sizes, nothing written to the tree")
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    arguments = parser.parse_args()

    if arguments.smoke:
        settings = dict(seconds=2, warmup=0, rounds=1, sizes=[2000, 4000], export_runs=1, quizzes=5, startup_runs=1, inserts=50, mails=20,
                        simulation_answers=4, earnings_results=20_000)
    else:
        settings = dict(seconds=10, warmup=3, rounds=3, sizes=[100_000, 1_000_000], export_runs=3, quizzes=200, startup_runs=5, inserts=2000,
                        mails=300, simulation_answers=10, earnings_results=1_000_000)

    with tempfile.TemporaryDirectory(prefix="quizfunnel-bench-") as folder:
        figures = {"build": arguments.build, "seconds": settings["seconds"], "rounds": settings["rounds"],
                   "warmup": settings["warmup"], "startup_runs": settings["startup_runs"]}
        step(f"HTTP ceiling, results and leads under wrk, {settings['rounds']} rounds")
        figures["http"] = http_load.measure(arguments.binary, folder, settings["seconds"], 64, settings["warmup"], settings["rounds"])
        step("sqlite3 insert ceilings")
        figures["storage"] = storage.measure(
            pathlib.Path(folder) / "leads.sqlite", folder, settings["inserts"], figures["http"]["leads"]["mean_batch"]
        )
        step(f"exports of {', '.join(map(str, settings['sizes']))} leads")
        figures["export"] = export.measure(arguments.binary, folder, settings["sizes"], settings["export_runs"])
        step(f"start-up with {settings['quizzes']} quizzes")
        figures["startup"] = startup.measure(arguments.binary, folder, settings["quizzes"], settings["startup_runs"])
        step(f"mail delivery of {settings['mails']} mails against smtplib")
        figures["mail"] = mail.measure(arguments.binary, folder, settings["mails"])
        step(f"PostgreSQL: pgbench ceiling, leads on one and two instances, export of {settings['sizes'][-1]:,} leads")
        figures["postgres"] = postgres.measure(arguments.binary, folder, settings["seconds"], settings["warmup"], settings["sizes"][-1],
                                               settings["export_runs"])
        step(f"simulation of {settings['simulation_answers'] ** 6:,} paths")
        figures["simulation"] = simulation.measure(arguments.binary, folder, settings["startup_runs"], settings["simulation_answers"])
        step(f"stats with the earnings report of {settings['earnings_results']:,} results against sqlite3")
        figures["earnings"] = earnings.measure(arguments.binary, folder, settings["earnings_results"], settings["startup_runs"])
        step(f"play page with three variants against none, {settings['rounds']} rounds")
        figures["variants"] = variants.measure(arguments.binary, folder, settings["seconds"], settings["warmup"], settings["rounds"])
        step("play page transfer size")
        figures["transfer"] = transfer.measure(arguments.binary)
        if not arguments.smoke:
            # Not in the smoke run: the baseline's release build alone takes about 11 minutes the first time.
            step(f"/livez and leads against the build at {baseline.BASELINE}, {settings['rounds']} paired rounds")
            figures["baseline"] = baseline.measure(arguments.binary, pathlib.Path(folder) / "baseline", settings["seconds"], settings["warmup"],
                                                   settings["rounds"])

        problems = check(figures)
        command = "scripts/bench --smoke" if arguments.smoke else "scripts/bench"
        output = pathlib.Path(folder) / "BENCHMARKS.md" if arguments.smoke else pathlib.Path(arguments.output)
        chart_path = output.parent / "docs" / "benchmarks.svg"
        chart_path.parent.mkdir(exist_ok=True)
        chart_path.write_text(chart.render(figures["http"], figures["storage"]))
        report.write(output, figures, command, "docs/benchmarks.svg")
        (output.parent / "docs" / "benchmarks.json").write_text(json.dumps(figures, indent=2) + "\n")
        print(output.read_text())
    if problems:
        print("\n".join(["The benchmark run is not valid:"] + problems), file=sys.stderr)
        sys.exit(1)


def step(text):
    print(f"==> {text}", flush=True)


def check(figures):
    """What makes a run meaningless (not a target missed): failed requests, leads not stored, empty measurements."""
    problems = []
    for key, row in figures["http"].items():
        if not row["all_runs_clean"]:
            problems.append(f"{key}: non-2xx answers or socket errors in a run")
        if min(row["runs"]) == 0:
            problems.append(f"{key}: a run completed no request")
    for key in ("leads", "leads_double"):
        if not figures["http"][key]["all_leads_stored"]:
            problems.append(f"{key}: fewer leads stored than answered during a lead run")
    for key in ("one_instance", "two_instances"):
        row = figures["postgres"][key]
        if not row["clean"]:
            problems.append(f"postgres {key}: non-2xx answers or socket errors")
        if row["stored"] < row["answered"]:
            problems.append(f"postgres {key}: {row['stored']} leads stored of {row['answered']} answered")
    if figures["postgres"]["ceiling"]["failed"]:
        problems.append("postgres: pgbench transactions failed")
    if figures["mail"]["delivered"] != figures["mail"]["mails"]:
        problems.append(f"mail: {figures['mail']['delivered']} of {figures['mail']['mails']} mails delivered")
    if not figures["simulation"]["exhaustive"]:
        problems.append(f"simulation: {figures['simulation']['paths']:,} paths were sampled, not scored one by one")
    if figures["earnings"]["leads"] * 10 != figures["earnings"]["results"] or figures["earnings"]["bytes"] == 0:
        problems.append("earnings: the year of data was not made, or the stats answered nothing")
    for key in ("plain", "variants"):
        if not figures["variants"][key]["all_runs_clean"] or min(figures["variants"][key]["runs"]) == 0:
            problems.append(f"variants {key}: non-2xx answers, socket errors or an empty run")
    if figures["transfer"]["bytes"] == 0:
        problems.append("the play page transferred nothing")
    return problems


if __name__ == "__main__":
    main()
