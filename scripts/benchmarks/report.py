"""BENCHMARKS.md: the measured section is rewritten by each run; the text around it is the team's."""
import datetime
import os
import pathlib
import platform
import re
import subprocess

from . import report_postgres

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
LEAD_RATIO_TARGET, P99_TARGET_MS, EXPORT_RATIO_TARGET, EXPORT_MEMORY_TARGET_MIB, TRANSFER_TARGET_KIB = 0.5, 20, 0.5, 64, 40
DOUBLE_OPT_IN_TARGET = 0.9
SIMULATION_TARGET_SECONDS = 1.0
EARNINGS_RATIO_TARGET = 2.0
VARIANT_RATIO_TARGET = 0.95
BASELINE_RATIO_TARGET, BASELINE_LEADS_TO_LIVEZ_TARGET = 0.95, 0.45


def first_line(command):
    try:
        output = subprocess.run(command, capture_output=True, text=True)
        return (output.stdout or output.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kib = int(re.search(r"MemTotal:\s+(\d+)", pathlib.Path("/proc/meminfo").read_text()).group(1))
    return [
        f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory_kib / 1048576:.0f} GiB",
        first_line(["swift", "--version"]),
        f"SQLite {first_line(['sqlite3', '--version']).split()[0]}, {first_line(['wrk', '--version']).split(' [')[0]}, "
        f"{first_line(['chromium', '--version'])}",
    ]


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def verdict(met):
    return "met" if met else "**not met**"


def rounds_sentence(figures):
    rounds, warmup = figures["rounds"], figures["warmup"]
    runs = "once" if rounds == 1 else f"{rounds} times, in rounds of `/livez`, results and leads"
    after = f" after a {warmup} s warm-up" if warmup else ""
    median = "" if rounds == 1 else "; the row is the run with the median throughput, with its own latencies"
    return f"Each endpoint ran {runs}, each run on a new service and database{after}{median}."


def measured_section(figures, command, chart_name):
    http, storage, exports, startup, transfer = (figures[key] for key in ("http", "storage", "export", "startup", "transfer"))
    ceiling = http["livez"]["requests_per_second"]
    lines = [BEGIN, "", f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `{command}` "
             f"({figures['build']} build), on:", ""]
    lines += [f"- {line}" for line in machine()]
    lines += ["", f"![Throughput and latency]({chart_name})", "",
              "### HTTP: 64 connections, 2 wrk threads, "
              f"{figures['seconds']} s each; rate limits off, new address every lead, each commit `fdatasync`ed before its requests are answered", "",
              rounds_sentence(figures), "",
              "| Endpoint | Requests/s | p50 | p99 | Ratio to the `/livez` ceiling | Non-2xx | Server CPU a request | Machine idle | Every run, requests/s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for label, key in (("`GET /livez` (ceiling)", "livez"), ("`POST /api/quizzes/golf-club/results`", "results"),
                       ("`POST /api/quizzes/golf-club/leads`, single opt-in", "leads"),
                       ("`POST /api/quizzes/golf-club/leads`, double opt-in (the shipped quiz)", "leads_double")):
        row = http[key]
        lines.append(f"| {label} | {row['requests_per_second']:,.0f} | {row['p50_ms']:.2f} ms | {row['p99_ms']:.2f} ms | "
                     f"{row['requests_per_second'] / ceiling:.2f} | {row['errors'] + row['socket_errors']} | "
                     f"{row['server_cpu_us']:,.0f} µs | {row['idle_percent']:.0f}% | "
                     f"{', '.join(f'{run:,.0f}' for run in row['runs'])} |")
    lead_ratio = http["leads"]["requests_per_second"] / ceiling
    grouped, prepared = storage["grouped"], storage["prepared"]
    cpu_ratio = http["livez"]["server_cpu_us"] / http["leads"]["server_cpu_us"]
    double_ratio = http["leads_double"]["requests_per_second"] / http["leads"]["requests_per_second"]
    mail = figures["mail"]
    mail_ratio = mail["quizfunnel_per_second"] / mail["smtplib_per_second"]
    lines += ["", f"Leads stored during the run: {http['leads']['stored']:,} single and {http['leads_double']['stored']:,} double opt-in "
              "(every one answered 201 is in the file). A double opt-in lead also issues a confirmation link and queues its mail "
              "in the same transaction.", "",
              "Server CPU a request is the service's user and system time over the run divided by its requests; machine "
              "idle is the share of both cores idle or waiting for the disk in the middle of the run (from at most 2 s in to 1 s "
              "before its end, after wrk has built its requests). "
              "wrk shares the two cores. By CPU alone a lead costs "
              f"{http['leads']['server_cpu_us'] / http['livez']['server_cpu_us']:.2f} times a `/livez` request "
              f"(a ratio of {cpu_ratio:.2f} if the leads used the cores as fully as `/livez` does).", "",
              "### Storage: the same lead inserts without the service, `synchronous=FULL`, one process on a copy of its database", "",
              "| Writer | Inserts/s | Ratio of quizfunnel's leads to it |", "|---|---:|---:|",
              f"| `sqlite3`, one transaction per insert ({storage['inserts']:,} inserts) | {storage['inserts_per_second']:,.0f} | "
              f"{http['leads']['requests_per_second'] / storage['inserts_per_second']:.2f} |",
              f"| `sqlite3`, {grouped['batch']} inserts per transaction, the service's mean commit ({grouped['inserts']:,} inserts) | "
              f"{grouped['inserts_per_second']:,.0f} | {http['leads']['requests_per_second'] / grouped['inserts_per_second']:.2f} |",
              f"| One prepared statement (Python's `sqlite3` module), {prepared['batch']} inserts per transaction ({prepared['inserts']:,} inserts) | "
              f"{prepared['inserts_per_second']:,.0f} | {http['leads']['requests_per_second'] / prepared['inserts_per_second']:.2f} |",
              f"| quizfunnel `POST …/leads`, grouped commits (mean {http['leads']['mean_batch']:.1f} writes each) | "
              f"{http['leads']['requests_per_second']:,.0f} | 1.00 |", "",
              "### Export: the generic CSV of every lead, against `sqlite3 -csv` formatting the same columns", "",
              "| Leads | Bytes | `sqlite3 -csv` | `quizfunnel export` | Ratio | Peak memory | `GET /api/admin/leads.csv` | Ratio | Server peak memory |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in exports:
        base = size["sqlite3"]["seconds"]
        lines.append(
            f"| {size['leads']:,} | {size['bytes']:,} | {base:.2f} s | {size['command']['seconds']:.2f} s | {base / size['command']['seconds']:.2f} | "
            f"{mib(size['command']['peak_rss_kib'])} | {size['api']['seconds']:.2f} s | {base / size['api']['seconds']:.2f} | "
            f"{mib(size['api']['peak_rss_kib'])} (at start {mib(size['api']['rss_before_kib'])}) |")
    largest = exports[-1]
    export_ratio = min(largest["sqlite3"]["seconds"] / largest[key]["seconds"] for key in ("command", "api"))
    export_memory = max(largest["command"]["peak_rss_kib"], largest["api"]["peak_rss_kib"]) / 1024
    one, many = startup["one"], startup["many"]
    lines += ["", "Ratio is the `sqlite3 -csv` time divided by ours (1.00 is as fast as the command line; 0.50 is twice its time).", "",
              f"### Start-up: {many['quizzes']} quizzes against one (median of {figures['startup_runs']} starts, until `/readyz` answers)", "",
              "| Quizzes | Start-up | Resident memory | Ratio to one quiz |", "|---:|---:|---:|---:|",
              f"| 1 | {one['seconds'] * 1000:.0f} ms | {mib(one['rss_kib'])} | 1.00 / 1.00 |",
              f"| {many['quizzes']} | {many['seconds'] * 1000:.0f} ms | {mib(many['rss_kib'])} | "
              f"{many['seconds'] / one['seconds']:.2f} / {many['rss_kib'] / one['rss_kib']:.2f} |", "",
              f"### Mail: {mail['mails']} confirmation mails to a local aiosmtpd, STARTTLS and AUTH", "",
              "| Sender | Seconds | Mails/s | Ratio |", "|---|---:|---:|---:|",
              f"| quizfunnel's outbox (a session per pass of up to 20 mails, each outcome committed) | {mail['quizfunnel_seconds']:.2f} | "
              f"{mail['quizfunnel_per_second']:,.1f} | {mail_ratio:.2f} |",
              f"| Python `smtplib`, the same messages over one connection | {mail['smtplib_seconds']:.2f} | {mail['smtplib_per_second']:,.1f} | 1.00 |", "",
              f"### Play page: bytes on the wire until the first question shows (Chromium, phone-sized window)", "",
              "| Response | Encoding | Bytes |", "|---|---|---:|"]
    lines += [f"| `{response['url']}` | {response['encoding']} | {response['bytes']:,} |" for response in transfer["responses"]]
    lines += [f"| **Total** | | **{transfer['bytes']:,}** ({transfer['bytes'] / 1024:.1f} KiB, {transfer['bytes'] / 1024 / TRANSFER_TARGET_KIB:.2f} of the 40 KiB budget) |"]
    simulated = figures["simulation"]
    lines += ["", f"### Simulator: `check --simulate --json` on a quiz of {simulated['paths']:,} paths, every path scored "
              f"(median of {simulated['runs']} runs)", "",
              "| Command | Seconds |", "|---|---:|",
              f"| `quizfunnel check --simulate --json` | {simulated['seconds']:.3f} |",
              f"| `quizfunnel check` (start, read and check the quiz) | {simulated['check_seconds']:.3f} |",
              f"| **The simulation itself** (the difference) | **{simulated['simulation_seconds']:.3f}** |"]
    earned = figures["earnings"]
    lines += ["", f"### Stats with the earnings report: a year of {earned['results']:,} results, {earned['leads']:,} leads, "
              f"{earned['conversions']:,} conversions, {earned['spend_rows']:,} spend rows, {earned['counter_rows']:,} counter rows "
              f"(median of {earned['runs']} runs)", "",
              "| Computed by | Seconds | Ratio |", "|---|---:|---:|",
              f"| `GET /api/admin/quizzes/golf-club/stats` for the year ({earned['bytes']:,} bytes) | {earned['api_seconds']:.3f} | "
              f"{earned['ratio']:.2f} |",
              f"| The same figures by SQL through the `sqlite3` command line | {earned['sqlite3_seconds']:.3f} | 1.00 |", "",
              "Ratio is our time divided by the command line's (2.00 is twice its time)."]
    tested = figures["variants"]
    lines += ["", "### Play page of an A/B test: `GET /q/{quiz}` with three variants against the same quiz without, one service, "
              f"64 connections, {figures['seconds']} s a run, {figures['rounds']} interleaved rounds (the median run of each)", "",
              "| Page | Requests/s | p50 | p99 | Server CPU a request | Every run, requests/s |", "|---|---:|---:|---:|---:|---|"]
    for label, key in (("`/q/golf-club` (no variants)", "plain"), ("`/q/golf-ab` (three variants, one picked by weight)", "variants")):
        row = tested[key]
        lines.append(f"| {label} | {row['requests_per_second']:,.0f} | {row['p50_ms']:.2f} ms | {row['p99_ms']:.2f} ms | "
                     f"{row['server_cpu_us']:,.0f} µs | {', '.join(f'{run:,.0f}' for run in row['runs'])} |")
    baseline_targets = []
    if "baseline" in figures:
        against = figures["baseline"]
        medians, ratios = against["medians"], against["ratios"]
        lines += ["", f"### Today against the build at `{against['baseline']}`: one service each, 64 connections, "
                  f"{figures['seconds']} s a run, {figures['rounds']} rounds, each pair back to back (the median run of each)", "",
                  "| Measure | Today, /s | At the baseline, /s | Ratio |", "|---|---:|---:|---:|",
                  f"| `GET /livez` | {medians['today_livez']:,.0f} | {medians['baseline_livez']:,.0f} | {ratios['livez_to_baseline']:.2f} |",
                  f"| Leads, single opt-in | {medians['today_leads']:,.0f} | {medians['baseline_leads']:,.0f} | {ratios['leads_to_baseline']:.2f} |",
                  f"| Leads, double opt-in (the baseline had none) | {medians['today_leads_double']:,.0f} | | |"]
        baseline_targets = [
            f"| Leads at ≥ {BASELINE_RATIO_TARGET} of `{against['baseline']}`'s | {ratios['leads_to_baseline']:.2f} | "
            f"{verdict(ratios['leads_to_baseline'] >= BASELINE_RATIO_TARGET)} |",
            f"| `/livez` at ≥ {BASELINE_RATIO_TARGET} of `{against['baseline']}`'s | {ratios['livez_to_baseline']:.2f} | "
            f"{verdict(ratios['livez_to_baseline'] >= BASELINE_RATIO_TARGET)} |",
            f"| Single opt-in leads at ≥ {BASELINE_LEADS_TO_LIVEZ_TARGET} of `/livez` (paired rounds) | {ratios['leads_to_livez']:.2f} | "
            f"{verdict(ratios['leads_to_livez'] >= BASELINE_LEADS_TO_LIVEZ_TARGET)} |",
        ]
    postgres_lines, postgres_targets = report_postgres.section(figures["postgres"], sqlite_lead_cpu_us=figures["http"]["leads"]["server_cpu_us"])
    lines += postgres_lines
    lines += ["", "### Targets", "",
              "| Target | Measured | |", "|---|---|---|",
              f"| Leads at ≥ {LEAD_RATIO_TARGET} of the `/livez` ceiling | {lead_ratio:.2f} | {verdict(lead_ratio >= LEAD_RATIO_TARGET)} |",
              f"| Double opt-in leads at ≥ {DOUBLE_OPT_IN_TARGET} of single opt-in | {double_ratio:.2f} | {verdict(double_ratio >= DOUBLE_OPT_IN_TARGET)} |",
              f"| Lead p99 < {P99_TARGET_MS} ms at 64 connections | {http['leads']['p99_ms']:.2f} ms | {verdict(http['leads']['p99_ms'] < P99_TARGET_MS)} |",
              f"| Export of {largest['leads']:,} within 2× of `sqlite3 -csv` | {export_ratio:.2f} | {verdict(export_ratio >= EXPORT_RATIO_TARGET)} |",
              f"| Export peak memory < {EXPORT_MEMORY_TARGET_MIB} MiB at {largest['leads']:,} | {export_memory:.1f} MiB | {verdict(export_memory < EXPORT_MEMORY_TARGET_MIB)} |",
              f"| First question < {TRANSFER_TARGET_KIB} KiB on the wire | {transfer['bytes'] / 1024:.1f} KiB | {verdict(transfer['bytes'] / 1024 < TRANSFER_TARGET_KIB)} |",
              f"| Exhaustive simulation of {simulated['paths']:,} paths < {SIMULATION_TARGET_SECONDS:.0f} s | {simulated['seconds']:.3f} s (whole command) | "
              f"{verdict(simulated['seconds'] < SIMULATION_TARGET_SECONDS)} |",
              f"| Stats of {earned['results']:,} results within {EARNINGS_RATIO_TARGET:.0f}× of the same SQL in `sqlite3` | {earned['ratio']:.2f}× | "
              f"{verdict(earned['ratio'] <= EARNINGS_RATIO_TARGET)} |",
              f"| A page with three variants at ≥ {VARIANT_RATIO_TARGET} of a page without | {tested['ratio']:.3f} | "
              f"{verdict(tested['ratio'] >= VARIANT_RATIO_TARGET)} |",
              *baseline_targets, *postgres_targets, "", END]
    return "\n".join(lines)


TEMPLATE = """# Benchmarks

`scripts/bench` measures the service against the ceilings of this machine in one run and rewrites the section below.

{section}
"""


def write(path, figures, command, chart_name):
    path = pathlib.Path(path)
    section = measured_section(figures, command, chart_name)
    text = path.read_text() if path.exists() else TEMPLATE.format(section=f"{BEGIN}\n{END}")
    if BEGIN not in text:
        text += "\n" + f"{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + section + text[end:])
