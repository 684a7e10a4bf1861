"""Throughput and latency of the service's endpoints under wrk, beside the `GET /livez` ceiling."""
import json
import os
import pathlib
import re
import subprocess
import time

from .service import ROOT, Service

# One set of answers of the golf-club quiz (a Driver).
ANSWERS = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}

RESULT_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '%s'
"""

# Every request a new address: r<run>-t<thread>-<n>@bench.example, spread over results created beforehand. Each thread
# builds its first `prepared` requests before the run starts (wrk runs `init` before it starts the clock), so that
# during the run wrk hands over a ready request as it does for `/livez`, instead of spending the CPU it shares with the
# service on formatting one; past those it formats them as it goes. The requests the service gets are the same.
LEAD_SCRIPT = """
local results = {%s}
local prepared = %d
local next_thread = 0
function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end
local function lead_request(n)
  local result = results[(n %% #results) + 1]
  local body = string.format('{"resultId":"%%s","email":"r%s-t%%d-%%d@bench.example","consent":true}', result, thread_number, n)
  return wrk.format("POST", "/api/quizzes/golf-club/leads", {["Content-Type"] = "application/json"}, body)
end
function init(args)
  sent = 0
  requests = {}
  for n = 1, prepared do
    requests[n] = lead_request(n)
  end
end
function request()
  sent = sent + 1
  return requests[sent] or lead_request(sent)
end
"""

# Requests each wrk thread builds before the run: enough for about 20,000 leads a second over the measured run.
def prepared_requests(seconds):
    return 10_000 * max(1, int(seconds))


def seconds_of(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def parse_wrk(output):
    """Requests a second, p50 and p99 in milliseconds, requests, and non-2xx answers, from `wrk --latency` output."""
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": seconds_of(percentiles["50"]) * 1000,
        "p99_ms": seconds_of(percentiles["99"]) * 1000,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def wrk(url, seconds, connections, script=None, threads=2, server_pid=None):
    """wrk's figures; with `server_pid`, also the server's CPU per request and how idle the machine was meanwhile."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    if server_pid is None:
        return parse_wrk(subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout)
    cpu_before = process_cpu_seconds(server_pid)
    process = subprocess.Popen(command + [url], stdout=subprocess.PIPE, text=True)
    # Idle is read from 2 s into the run to 1 s before its end: before its clock starts, wrk runs the lead script's
    # `init`, building every prepared request while the service waits, which would count as the service's idle time.
    lead_in = min(2.0, seconds / 4)
    time.sleep(lead_in)
    idle_before = machine_idle_and_total()
    time.sleep(max(0.5, seconds - lead_in - 1))
    idle_after = machine_idle_and_total()
    output, _ = process.communicate()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    figures = parse_wrk(output)
    figures["server_cpu_us"] = (process_cpu_seconds(server_pid) - cpu_before) / max(1, figures["requests"]) * 1e6
    figures["idle_percent"] = 100 * (idle_after[0] - idle_before[0]) / max(1, idle_after[1] - idle_before[1])
    return figures


def process_cpu_seconds(pid):
    """User and system CPU of a process and all its threads so far, from /proc."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_idle_and_total():
    """Idle and I/O-wait ticks of every core so far, and all ticks, from /proc/stat."""
    ticks = [int(value) for value in pathlib.Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return ticks[3] + ticks[4], sum(ticks)


def measure(binary, folder, seconds, connections, warmup_seconds, rounds=1):
    """The `/livez` ceiling, results and leads, each on a service of its own over a new database, in `rounds` rounds.

    Single runs of the same binary on this machine moved by up to a fifth from one to the next (5,700 to 7,300 leads a
    second within an hour, and `/livez` 13,200 to 14,600), so one run of each could put their ratio anywhere from 0.39
    to 0.55. The rounds interleave the three, so that a slow spell of the machine touches all of them alike, and each
    figure is the run with the median throughput (its latencies are that run's own); every run's throughput is kept
    under `runs`.
    """
    folder = pathlib.Path(folder)
    result_script = folder / "result.lua"
    result_script.write_text(RESULT_SCRIPT % json.dumps({"answers": ANSWERS}))
    runs = {"livez": [], "results": [], "leads": [], "leads_double": []}
    single = single_opt_in_quizzes(folder)
    for number in range(1, rounds + 1):
        runs["livez"].append(measure_endpoint(binary, folder / f"livez-{number}.sqlite", "/livez", seconds, connections, warmup_seconds))
        runs["results"].append(measure_endpoint(binary, folder / f"results-{number}.sqlite", "/api/quizzes/golf-club/results",
                                                seconds, connections, warmup_seconds, result_script))
        runs["leads"].append(measure_leads(binary, folder, number, seconds, connections, warmup_seconds, quizzes=single))
        # The shipped quiz is double opt-in: each lead also issues a confirmation link and queues its mail.
        runs["leads_double"].append(measure_leads(binary, folder, number, seconds, connections, warmup_seconds, label="double"))
    figures = {key: median_run(rows) for key, rows in runs.items()}
    for key in ("leads", "leads_double"):
        figures[key]["all_leads_stored"] = all(row["stored"] >= row["requests"] for row in runs[key])
    figures["leads_double"].pop("database")
    # The storage ceilings insert into a copy of the median lead run's database.
    median_database = figures["leads"].pop("database")
    for suffix in ("", "-wal", "-shm"):
        median_file = pathlib.Path(median_database + suffix)
        if median_file.exists():
            median_file.rename(folder / f"leads.sqlite{suffix}")
    return figures


def median_run(rows):
    """The run with the median throughput (the lower middle one of an even count), with every run's throughput."""
    ordered = sorted(rows, key=lambda row: row["requests_per_second"])
    return {**ordered[(len(ordered) - 1) // 2], "runs": [row["requests_per_second"] for row in rows],
            "all_runs_clean": all(row["errors"] == 0 and row["socket_errors"] == 0 for row in rows)}


def measure_endpoint(binary, database, path, seconds, connections, warmup_seconds, script=None):
    """wrk on `path` of a new service over `database`, after a warm-up run."""
    with Service(binary, database.parent, database=database) as service:
        if warmup_seconds:
            wrk(f"{service.base_url}{path}", warmup_seconds, connections, script)
        return wrk(f"{service.base_url}{path}", seconds, connections, script, server_pid=service.process.pid)


def single_opt_in_quizzes(folder, source=ROOT / "Quizzes"):
    """The quizzes of `source` (the shipped ones) with `"optIn": "single"`, as the leads were measured before double opt-in."""
    quizzes = pathlib.Path(folder) / "single-opt-in"
    quizzes.mkdir(parents=True, exist_ok=True)
    for path in pathlib.Path(source).glob("*.json"):
        if path.name.endswith(".schema.json"):
            continue
        quiz = json.loads(path.read_text())
        quiz["optIn"] = "single"
        (quizzes / path.name).write_text(json.dumps(quiz, ensure_ascii=False))
    return quizzes


def measure_leads(binary, folder, number, seconds, connections, warmup_seconds, quizzes=ROOT / "Quizzes", label="single", cwd=ROOT):
    database = folder / f"leads-{label}-{number}.sqlite"
    with Service(binary, folder, database=database, quizzes=quizzes, cwd=cwd) as service:
        result_ids = [service.post_json("/api/quizzes/golf-club/results", {"answers": ANSWERS})["resultId"] for _ in range(64)]
        quoted = ",".join(f'"{result_id}"' for result_id in result_ids)
        for run, duration in (("warmup", warmup_seconds), ("measured", seconds)):
            if not duration:
                continue
            script = folder / f"lead-{label}-{number}-{run}.lua"
            script.write_text(LEAD_SCRIPT % (quoted, prepared_requests(duration), f"{run}-{label}"))
            figures = wrk(f"{service.base_url}/api/quizzes/golf-club/leads", duration, connections, script,
                          server_pid=service.process.pid if run == "measured" else None)
        figures["mean_batch"] = mean_write_batch(service)
    # Counted once the service has stopped and closed the file: warm-up leads included, so at least the measured run's.
    figures["stored"] = stored_leads(database)
    figures["database"] = str(database)
    return figures


def mean_write_batch(service):
    """Writes per shared commit over the service's life, from its `quizfunnel_write_batch_size` histogram."""
    import urllib.request

    text = urllib.request.urlopen(f"{service.base_url}/metrics", timeout=10).read().decode()
    total = float(re.search(r"^quizfunnel_write_batch_size_sum(?:\{[^}]*\})? (\S+)", text, re.MULTILINE).group(1))
    count = float(re.search(r"^quizfunnel_write_batch_size_count(?:\{[^}]*\})? (\S+)", text, re.MULTILINE).group(1))
    return total / count


def stored_leads(database):
    import sqlite3

    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT COUNT(*) FROM lead").fetchone()[0]
