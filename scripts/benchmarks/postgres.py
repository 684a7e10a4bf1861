"""quizfunnel on PostgreSQL, beside the server's own ceiling in the same run: leads on one and on two instances under
wrk against the same lead inserts made by pgbench, one lead per transaction at 64 clients; and the export of a million
leads against `psql \\copy` of the same columns. The server is a throwaway one (scripts/postgres-server), fsync on."""
import os
import pathlib
import re
import subprocess
import tempfile
import threading
import urllib.parse

from .http_load import ANSWERS, LEAD_SCRIPT, mean_write_batch, prepared_requests, single_opt_in_quizzes, wrk
from .service import NO_LIMITS, ROOT, Service, run_measured

# What the service writes for a single opt-in lead: the lead and its result mail (held, with no --smtp), one
# transaction each, as pgbench's clients send them.
PGBENCH_SCRIPT = """
BEGIN;
INSERT INTO lead ("quizID", "emailKey", email, "segmentID", "resultID", "consentVersion", "consentText", "consentLocale",
    "consentedAt", "createdAt", "updatedAt", status, "consentTextSHA256", "consentMethod", "consentOrigin", "emailHash", "unsubscribeToken")
VALUES ('golf-club', 'pgbench-' || txid_current() || '@bench.example', 'pgbench-' || txid_current() || '@bench.example', 'driver',
    '{result}', '1', 'Yes, send me tips.', 'en', now(), now(), now(), 'subscribed', repeat('0', 64), 'checkbox', 'http://127.0.0.1',
    md5(random()::text) || md5(random()::text), md5(random()::text))
RETURNING id AS lead_id \\gset
INSERT INTO mail ("messageID", kind, "quizID", "leadID", state, "createdAt", "nextAttemptAt", "giveUpAt", "updatedAt")
VALUES (md5(random()::text) || '@bench.example', 'result', 'golf-club', :lead_id, 'held', now(), now(), now() + interval '3 days', now());
END;
"""

# One lead insert of a shared transaction, with or without the savepoint the service gives each write.
BATCHED_LEAD = """{savepoint}INSERT INTO lead ("quizID", "emailKey", email, "segmentID", "resultID", "consentVersion", "consentText",
    "consentLocale", "consentedAt", "createdAt", "updatedAt", status, "consentTextSHA256", "consentMethod", "consentOrigin",
    "emailHash", "unsubscribeToken")
VALUES ('golf-club', md5(random()::text) || '-{number}@bench.example', 'batch@bench.example', 'driver', '{result}', '1',
    'Yes, send me tips.', 'en', now(), now(), now(), 'subscribed', repeat('0', 64), 'checkbox', 'http://127.0.0.1',
    md5(random()::text) || md5(random()::text), md5(random()::text));
{release}"""

# A million leads as the service stores them, written by PostgreSQL itself.
BULK_LEADS = """
INSERT INTO lead ("quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText", "consentLocale",
    "consentedAt", "utmSource", "utmMedium", "utmCampaign", ref, "createdAt", "updatedAt", status, "consentTextSHA256",
    "consentMethod", "consentOrigin", "emailHash", "unsubscribeToken")
SELECT 'golf-club', 'player' || i || '@example.com', 'player' || i || '@example.com',
    CASE i % 3 WHEN 0 THEN NULL ELSE 'Player ' || i END,
    (ARRAY['driver', 'iron', 'wedge', 'putter'])[i % 4 + 1],
    '{result}', '1', 'Yes, send me golf tips by email. I can unsubscribe at any time.', 'en',
    timestamptz '2026-11-01 00:00:00+00' + i * interval '1 second',
    CASE i % 2 WHEN 0 THEN 'facebook' ELSE 'linkedin' END, 'social', 'autumn-2026', CASE i % 5 WHEN 0 THEN 'anna' END,
    timestamptz '2026-11-01 00:00:00+00' + i * interval '1 second', timestamptz '2026-11-01 00:00:00+00' + i * interval '1 second',
    'subscribed', '3b5f7d0c1a9e8f6b4d2c0a1e3f5b7d9c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e', 'checkbox', 'https://golf.example.com',
    md5(i::text) || md5((i + 1)::text), md5((i * 7)::text)
FROM generate_series({first}, {last}) AS i;
ANALYZE lead;
"""

# The generic export's columns, formatted by PostgreSQL: what psql alone does with the same rows.
PSQL_CSV_QUERY = """
SELECT email, name, "quizID" AS quiz, "segmentID" AS segment, "consentVersion" AS consent_version, "consentText" AS consent_text,
    "consentLocale" AS consent_locale, to_char("consentedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS consented_at,
    "utmSource" AS utm_source, "utmMedium" AS utm_medium, "utmCampaign" AS utm_campaign, "utmTerm" AS utm_term,
    "utmContent" AS utm_content, ref, to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
    to_char("updatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, status,
    "consentTextSHA256" AS consent_text_sha256, "consentMethod" AS consent_method, "consentOrigin" AS consent_origin,
    '/u/' || "unsubscribeToken" AS unsubscribe_url, "confirmedAt" AS confirmed_at
FROM lead
WHERE status = 'subscribed'
    AND NOT EXISTS (SELECT 1 FROM suppression WHERE suppression."emailHash" = lead."emailHash" AND suppression."createdAt" >= lead."consentedAt")
ORDER BY id
"""


class Server:
    """A throwaway PostgreSQL server (fsync on), removed by `stop()`. Its folder is a new one under /tmp: the server
    runs as the `postgres` user, who may not enter the benchmark's own folder."""

    def __init__(self):
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="quizfunnel-bench-postgres-"))
        self.url = subprocess.run([str(ROOT / "scripts" / "postgres-server"), "start", str(self.folder)],
                                  capture_output=True, text=True, check=True).stdout.strip()

    def database(self, name):
        """A new, empty database's URL."""
        psql(self.url, f"CREATE DATABASE {name}")
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(self.url)._replace(path=f"/{name}"))

    def cpu_seconds(self):
        """CPU the server has used so far: the postmaster's own and its reaped children's, and its live children's."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        total = 0.0
        for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            pid, parent = int(stat.parent.name), int(fields[1])
            if pid == postmaster:
                total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
            elif parent == postmaster:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self):
        subprocess.run([str(ROOT / "scripts" / "postgres-server"), "stop", str(self.folder)], check=False)


def psql(url, sql, output=subprocess.DEVNULL):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, stdout=output)


def scalar(url, sql):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", url, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def measure(binary, folder, seconds, warmup_seconds, export_leads, export_runs):
    folder = pathlib.Path(folder)
    server = Server()
    try:
        figures = {"clients": 64}
        figures["ceiling"] = pgbench_ceiling(binary, folder, server, seconds)
        figures["one_instance"] = leads_on_instances(binary, folder, server, 1, seconds, warmup_seconds)
        figures["savepoints"] = savepoint_cost(binary, folder, server, seconds, round(figures["one_instance"]["mean_batch"]))
        figures["two_instances"] = leads_on_instances(binary, folder, server, 2, seconds, warmup_seconds)
        figures["export"] = export(binary, folder, server, export_leads, export_runs)
        return figures
    finally:
        server.stop()


def migrated_database(binary, server, name):
    url = server.database(name)
    subprocess.run([binary, "migrate", "--database", url], check=True, capture_output=True)
    return url


def a_result(binary, folder, url):
    """Plays the golf quiz once on a service over `url`, for the leads to come from."""
    with Service(binary, folder, database=url, log_name="postgres-serve.log") as service:
        return service.post_json("/api/quizzes/golf-club/results", {"answers": ANSWERS})["resultId"]


def pgbench_ceiling(binary, folder, server, seconds):
    url = migrated_database(binary, server, "ceiling")
    script = folder / "pgbench-lead.sql"
    script.write_text(PGBENCH_SCRIPT.replace("{result}", a_result(binary, folder, url)))
    cpu_before = server.cpu_seconds()
    output = subprocess.run(["pgbench", "-n", "-c", "64", "-j", "2", "-T", str(seconds), "-f", str(script), url],
                            capture_output=True, text=True, check=True).stdout
    server_cpu = server.cpu_seconds() - cpu_before
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    failed = re.search(r"number of failed transactions: (\d+)", output)
    transactions = int(re.search(r"number of transactions actually processed: (\d+)", output).group(1))
    return {"leads_per_second": tps, "latency_ms": float(latency.group(1)) if latency else None,
            "failed": int(failed.group(1)) if failed else 0, "postgres_cpu_us": server_cpu / max(1, transactions) * 1e6}


def leads_on_instances(binary, folder, server, instances, seconds, warmup_seconds):
    """wrk at 64 connections in all, split over `instances` services on one new database; leads a second summed."""
    url = migrated_database(binary, server, f"leads_{instances}")
    quizzes = single_opt_in_quizzes(folder)
    services = [Service(binary, folder, database=url, quizzes=quizzes, log_name=f"postgres-{instances}-{index}.log",
                        arguments=(*NO_LIMITS, "--instance-id", f"bench-{index}")) for index in range(instances)]
    try:
        result_ids = [services[0].post_json("/api/quizzes/golf-club/results", {"answers": ANSWERS})["resultId"] for _ in range(64)]
        quoted = ",".join(f'"{result_id}"' for result_id in result_ids)
        runs = {}
        for run, duration in (("warmup", warmup_seconds), ("measured", seconds)):
            if not duration:
                continue
            outcomes = [None] * instances

            def load(index, run=run, duration=duration):
                script = folder / f"postgres-lead-{instances}-{index}-{run}.lua"
                script.write_text(LEAD_SCRIPT % (quoted, prepared_requests(duration), f"pg{instances}-{index}-{run}"))
                service = services[index]
                outcomes[index] = wrk(f"{service.base_url}/api/quizzes/golf-club/leads", duration, 64 // instances, script,
                                      threads=1 if instances > 1 else 2, server_pid=service.process.pid if run == "measured" else None)

            threads = [threading.Thread(target=load, args=(index,)) for index in range(instances)]
            cpu_before = server.cpu_seconds()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            runs[run] = outcomes
            server_cpu = server.cpu_seconds() - cpu_before
    finally:
        mean_batch = mean_write_batch(services[0])
        for service in services:
            service.stop()
    measured = runs["measured"]
    answered = sum(row["requests"] for row in measured) + sum(row["requests"] for row in runs.get("warmup", []))
    stored = int(scalar(url, "SELECT count(*) FROM lead"))
    return {
        "instances": instances,
        "leads_per_second": sum(row["requests_per_second"] for row in measured),
        "p50_ms": max(row["p50_ms"] for row in measured),
        "p99_ms": max(row["p99_ms"] for row in measured),
        "server_cpu_us": sum(row["server_cpu_us"] * row["requests"] for row in measured) / max(1, sum(row["requests"] for row in measured)),
        "clean": all(row["errors"] == 0 and row["socket_errors"] == 0 for row in measured),
        "answered": answered,
        "stored": stored,
        "mean_batch": mean_batch,
        "postgres_cpu_us": server_cpu / max(1, sum(row["requests"] for row in measured)) * 1e6,
    }


def savepoint_cost(binary, folder, server, seconds, batch):
    """Leads a second of shared transactions of `batch` lead inserts at 4 clients (the service's most concurrent commits),
    each insert in a savepoint of its own as the service does it, and without: what the savepoints cost."""
    url = migrated_database(binary, server, "savepoints")
    result = a_result(binary, folder, url)
    batch = max(1, batch)
    figures = {"batch": batch, "clients": 4}
    for name, savepoint, release in (("with", "SAVEPOINT write;\n", "RELEASE SAVEPOINT write;\n"), ("without", "", "")):
        script = folder / f"pgbench-batch-{name}.sql"
        body = "".join(BATCHED_LEAD.format(savepoint=savepoint, release=release, number=number, result=result) for number in range(batch))
        script.write_text("BEGIN;\n" + body + "COMMIT;\n")
        output = subprocess.run(["pgbench", "-n", "-c", "4", "-j", "2", "-T", str(seconds), "-f", str(script), url],
                                capture_output=True, text=True, check=True).stdout
        tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))
        figures[name] = tps * batch
    return figures


def export(binary, folder, server, leads, runs):
    url = migrated_database(binary, server, "export")
    result_id = a_result(binary, folder, url)
    psql(url, BULK_LEADS.replace("{result}", result_id).replace("{first}", "1").replace("{last}", str(leads)))

    def psql_copy():
        return run_measured(["psql", "-X", "-q", url, "-c", f"\\copy ({' '.join(PSQL_CSV_QUERY.split())}) TO STDOUT WITH (FORMAT csv, HEADER)"])

    def command_line():
        return run_measured([binary, "export", "--database", url, "--output", "-"])

    samples = {"psql": [psql_copy() for _ in range(runs)], "command": [command_line() for _ in range(runs)]}
    return {
        "leads": leads,
        **{name: {"seconds": min(seconds for seconds, _ in rows), "peak_rss_kib": max(peak for _, peak in rows)}
           for name, rows in samples.items()},
    }
