"""Exports of many leads through the API and the command line, against `sqlite3 -csv` on the same database."""
import pathlib
import subprocess
import time

from .http_load import ANSWERS
from .service import ADMIN_TOKEN, Service, run_measured

# Leads as the service stores them, written in bulk by SQLite itself (the API would take minutes for a million).
BULK_LEADS = """
PRAGMA synchronous=OFF;
WITH RECURSIVE n(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM n WHERE i < {last})
INSERT INTO lead (quizID, emailKey, email, name, segmentID, resultID, consentVersion, consentText, consentLocale, consentedAt,
                  utmSource, utmMedium, utmCampaign, ref, createdAt, updatedAt, status, consentTextSHA256, consentMethod,
                  consentOrigin, emailHash, unsubscribeToken)
SELECT 'golf-club', 'player' || i || '@example.com', 'player' || i || '@example.com',
       CASE i % 3 WHEN 0 THEN NULL ELSE 'Player ' || i END,
       CASE i % 4 WHEN 0 THEN 'driver' WHEN 1 THEN 'iron' WHEN 2 THEN 'wedge' ELSE 'putter' END,
       '{result}', '1', 'Yes, send me golf tips by email. I can unsubscribe at any time.', 'en',
       strftime('%Y-%m-%d %H:%M:%f', '2026-11-01', '+' || i || ' seconds'),
       CASE i % 2 WHEN 0 THEN 'facebook' ELSE 'linkedin' END, 'social', 'autumn-2026', CASE i % 5 WHEN 0 THEN 'anna' END,
       strftime('%Y-%m-%d %H:%M:%f', '2026-11-01', '+' || i || ' seconds'),
       strftime('%Y-%m-%d %H:%M:%f', '2026-11-01', '+' || i || ' seconds'),
       'subscribed', '3b5f7d0c1a9e8f6b4d2c0a1e3f5b7d9c1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e', 'checkbox', 'https://golf.example.com',
       lower(hex(randomblob(32))), lower(hex(randomblob(24)))
FROM n;
"""

# The generic export's columns, formatted by SQLite: what the command line alone does with the same rows.
SQLITE_CSV_QUERY = """
SELECT email, name, quizID AS quiz, segmentID AS segment, consentVersion AS consent_version, consentText AS consent_text,
       consentLocale AS consent_locale, strftime('%Y-%m-%dT%H:%M:%SZ', consentedAt) AS consented_at,
       utmSource AS utm_source, utmMedium AS utm_medium, utmCampaign AS utm_campaign, utmTerm AS utm_term,
       utmContent AS utm_content, ref, strftime('%Y-%m-%dT%H:%M:%SZ', createdAt) AS created_at,
       strftime('%Y-%m-%dT%H:%M:%SZ', updatedAt) AS updated_at, status, consentTextSHA256 AS consent_text_sha256,
       consentMethod AS consent_method, consentOrigin AS consent_origin, '/u/' || unsubscribeToken AS unsubscribe_url
FROM lead
WHERE status = 'subscribed'
  AND NOT EXISTS (SELECT 1 FROM suppression WHERE suppression.emailHash = lead.emailHash AND suppression.createdAt >= lead.consentedAt)
ORDER BY id
"""


def make_database(binary, folder):
    """A migrated database holding one result, to which `grow` adds leads."""
    database = pathlib.Path(folder) / "export.sqlite"
    with Service(binary, folder, database=database) as service:
        result_id = service.post_json("/api/quizzes/golf-club/results", {"answers": ANSWERS})["resultId"]
    return database, result_id


def grow(database, result_id, first, last):
    subprocess.run(["sqlite3", str(database)], input=BULK_LEADS.format(first=first, last=last, result=result_id),
                   text=True, check=True, stdout=subprocess.DEVNULL)


def best_of(runs, measure_once):
    """The fastest of `runs` (seconds, peak KiB) measurements, with the highest peak seen."""
    samples = [measure_once() for _ in range(runs)]
    return min(seconds for seconds, _ in samples), max(peak for _, peak in samples)


def measure_size(binary, folder, database, leads, runs):
    folder = pathlib.Path(folder)
    figures = {"leads": leads}

    def sqlite_csv():
        return run_measured(["sqlite3", "-csv", "-header", str(database), SQLITE_CSV_QUERY])

    def command_line():
        return run_measured([binary, "export", "--database", str(database), "--output", "-"])

    seconds, peak = best_of(runs, sqlite_csv)
    figures["sqlite3"] = {"seconds": seconds, "peak_rss_kib": peak}
    seconds, peak = best_of(runs, command_line)
    figures["command"] = {"seconds": seconds, "peak_rss_kib": peak}

    # A fresh service per size, so its peak memory is this export's.
    with Service(binary, folder, database=database, log_name="export-serve.log") as service:
        before = service.peak_rss_kib()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            output = subprocess.run(
                ["curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}", "-H", f"Authorization: Bearer {ADMIN_TOKEN}",
                 f"{service.base_url}/api/admin/leads.csv"],
                capture_output=True, text=True, check=True,
            )
            samples.append(time.perf_counter() - started)
            figures["bytes"] = int(output.stdout)
        figures["api"] = {"seconds": min(samples), "peak_rss_kib": service.peak_rss_kib(), "rss_before_kib": before}
    return figures


def measure(binary, folder, sizes, runs):
    database, result_id = make_database(binary, folder)
    figures = []
    stored = 0
    for size in sizes:
        grow(database, result_id, stored + 1, size)
        stored = size
        figures.append(measure_size(binary, folder, database, size, runs))
    return figures
