"""The stats request (funnel, earnings report, people, sharing) of a quiz with a year of data: a million results, a
hundred thousand leads, ten thousand conversions and a year of spend for ten campaigns, against the same figures
computed by SQL through the `sqlite3` command line on the same file, in the same run."""
import datetime
import pathlib
import statistics
import subprocess
import time

from .service import ADMIN_TOKEN, Service

SOURCES = [("facebook", "cpc"), ("linkedin", "social"), ("google", "cpc"), ("newsletter", "email"), ("instagram", "social")]

# Written by SQLite itself (the API would take an hour for a million results). Result i was played (i mod 365) days ago;
# every 20th came with a person's ref, every 20th other one through the shared result of a result that did; every
# 10th left an address (one in ten never confirmed); a lead in ten has a conversion, most of them customers.
BULK = """
PRAGMA synchronous=OFF;
PRAGMA journal_mode=OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {results})
INSERT INTO result (id, quizID, segmentID, answers, locale, utmSource, utmMedium, utmCampaign, ref, createdAt, shareRef)
SELECT 'r' || i, 'golf-club', CASE i % 4 WHEN 0 THEN 'driver' WHEN 1 THEN 'iron' WHEN 2 THEN 'wedge' ELSE 'putter' END, '{{}}', 'en',
       {source}, {medium}, 'campaign-' || (i % 2),
       CASE WHEN i % 20 = 0 THEN 'person' || (i % 7) WHEN i % 20 = 10 AND i > 990 THEN 's' || (i - 990) END,
       strftime('%Y-%m-%d %H:%M:%f', '{today}', '-' || (i % 365) || ' days', '+' || (i % 86000) || ' seconds'), 's' || i
FROM n;
INSERT INTO lead (quizID, emailKey, email, segmentID, resultID, consentVersion, consentText, consentLocale, consentedAt,
                  utmSource, utmMedium, utmCampaign, ref, createdAt, updatedAt, status, consentTextSHA256, consentMethod,
                  emailHash, confirmedAt)
SELECT quizID, 'p' || id || '@example.com', 'p' || id || '@example.com', segmentID, id, '1', 'Yes, send me golf tips.', 'en', createdAt,
       utmSource, utmMedium, utmCampaign, ref, createdAt, createdAt,
       CASE WHEN rowid % 100 = 0 THEN 'pending' ELSE 'subscribed' END, 'x', 'double-opt-in', lower(hex(randomblob(16))),
       CASE WHEN rowid % 100 = 0 THEN NULL ELSE strftime('%Y-%m-%d %H:%M:%f', createdAt, '+' || (rowid % 3600) || ' seconds') END
FROM result WHERE rowid % 10 = 0;
INSERT INTO conversion (externalID, leadID, amountMicros, currency, status, at, recordedAt)
SELECT 'deal-' || id, id, (id % 50 + 1) * 10000000, CASE id % 3 WHEN 0 THEN 'PLN' ELSE 'EUR' END,
       CASE WHEN id % 7 = 0 THEN 'qualified' ELSE 'customer' END, updatedAt, updatedAt
FROM lead WHERE id % 10 = 3;
WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 364),
     s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 9),
     m(metric, share) AS (VALUES ('view', 40), ('start', 25), ('complete', 12), ('lead', 2), ('share', 1)),
     r(ref) AS (VALUES (''), ('person0'), ('person1'), ('person2'), ('person3'), ('person4'), ('person5'), ('person6'))
INSERT INTO funnelCount (quizID, day, metric, locale, source, medium, campaign, ref, segment, network, question, value)
SELECT 'golf-club', date('{today}', '-' || k || ' days'), metric, 'en',
       CASE j % 5 {source_cases} END, CASE j % 5 {medium_cases} END, 'campaign-' || (j / 5), ref, '',
       CASE metric WHEN 'share' THEN 'facebook' ELSE '' END, 0, share * (1 + (k + j) % 3)
FROM d, s, m, r;
INSERT INTO funnelCount (quizID, day, metric, locale, source, medium, campaign, ref, segment, network, question, value)
SELECT 'golf-club', substr(createdAt, 1, 10), 'view', 'en', 'facebook', 'social', 'quiz-share', shareRef, '', '', 0, 1 + rowid % 3
FROM result WHERE rowid % 20 = 0;
WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 364),
     s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 9)
INSERT INTO spend (day, source, medium, campaign, quizID, currency, amountMicros, importedAt)
SELECT date('{today}', '-' || k || ' days'), CASE j % 5 {source_cases} END, CASE j % 5 {medium_cases} END, 'campaign-' || (j / 5),
       CASE WHEN j < 5 THEN 'golf-club' ELSE '' END, CASE WHEN j % 2 = 0 THEN 'EUR' ELSE 'PLN' END, (10 + j) * 1000000, '{today}'
FROM d, s;
ANALYZE;
"""

# Every figure of the stats request, by SQL alone: the counters added up the ways the stats add them, the median time
# to confirm, and the earnings report (leads and revenue per source, segment and person, the share chain, spend).
REFERENCE = """
.output /dev/null
SELECT metric, SUM(value) FROM funnelCount WHERE quizID = '{quiz}' AND day BETWEEN '{start_day}' AND '{end_day}' GROUP BY 1;
SELECT day, metric, SUM(value) FROM funnelCount WHERE quizID = '{quiz}' AND day BETWEEN '{start_day}' AND '{end_day}' GROUP BY 1, 2;
SELECT source, medium, campaign, metric, SUM(value) FROM funnelCount
WHERE quizID = '{quiz}' AND day BETWEEN '{start_day}' AND '{end_day}' GROUP BY 1, 2, 3, 4;
SELECT ref, metric, SUM(value) FROM funnelCount WHERE quizID = '{quiz}' AND day BETWEEN '{start_day}' AND '{end_day}' AND ref <> '' GROUP BY 1, 2;
SELECT segment, question, network, metric, SUM(value) FROM funnelCount
WHERE quizID = '{quiz}' AND day BETWEEN '{start_day}' AND '{end_day}' AND metric NOT IN ('view', 'start') GROUP BY 1, 2, 3, 4;
SELECT (julianday(confirmedAt) - julianday(consentedAt)) * 86400 AS seconds FROM lead
WHERE quizID = '{quiz}' AND confirmedAt IS NOT NULL AND date(confirmedAt) BETWEEN '{start_day}' AND '{end_day}'
ORDER BY 1 LIMIT 2 OFFSET (SELECT (COUNT(*) - 1) / 2 FROM lead WHERE quizID = '{quiz}' AND confirmedAt IS NOT NULL
    AND date(confirmedAt) BETWEEN '{start_day}' AND '{end_day}');
CREATE TEMP TABLE leads AS
SELECT COALESCE(l.utmSource, '') AS source, COALESCE(l.utmMedium, '') AS medium, COALESCE(l.utmCampaign, '') AS campaign,
    l.segmentID AS segment,
    CASE WHEN via.id IS NULL THEN COALESCE(l.ref, '') ELSE '' END AS person,
    CASE WHEN via.ref IS NULL OR EXISTS (SELECT 1 FROM result chain WHERE chain.shareRef = via.ref) THEN '' ELSE via.ref END AS credited,
    COALESCE(via.segmentID, '') AS sharedSegment,
    l.status <> 'pending' AS confirmed,
    EXISTS (SELECT 1 FROM conversion c WHERE c.leadID = l.id AND c.status = 'customer') AS customer,
    COALESCE(own.shareRef IN (SELECT ref FROM funnelCount WHERE quizID = '{quiz}' AND metric = 'view' AND ref <> ''), 0) AS shared,
    substr(l.createdAt, 1, 10) AS day
FROM lead l LEFT JOIN result via ON via.shareRef = l.ref LEFT JOIN result own ON own.id = l.resultID
WHERE l.quizID = '{quiz}' AND l.createdAt >= '{start}' AND l.createdAt < '{end}';
SELECT source, medium, campaign, COUNT(*), SUM(confirmed), SUM(customer) FROM leads GROUP BY 1, 2, 3;
SELECT segment, COUNT(*), SUM(confirmed), SUM(customer), SUM(shared) FROM leads GROUP BY 1;
SELECT person, COUNT(*), SUM(confirmed), SUM(customer) FROM leads WHERE person <> '' GROUP BY 1;
SELECT credited, COUNT(*) FROM leads WHERE credited <> '' GROUP BY 1;
SELECT sharedSegment, COUNT(*) FROM leads WHERE sharedSegment <> '' GROUP BY 1;
SELECT day, COUNT(*) FROM leads WHERE sharedSegment <> '' GROUP BY 1;
CREATE TEMP TABLE revenue AS
SELECT COALESCE(l.utmSource, '') AS source, COALESCE(l.utmMedium, '') AS medium, COALESCE(l.utmCampaign, '') AS campaign,
    l.segmentID AS segment,
    CASE WHEN EXISTS (SELECT 1 FROM result via WHERE via.shareRef = l.ref) THEN '' ELSE COALESCE(l.ref, '') END AS person,
    c.currency AS currency, c.amountMicros AS micros
FROM conversion c JOIN lead l ON l.id = c.leadID
WHERE c.status = 'customer' AND l.quizID = '{quiz}' AND l.createdAt >= '{start}' AND l.createdAt < '{end}';
SELECT source, medium, campaign, currency, SUM(micros) FROM revenue GROUP BY 1, 2, 3, 4;
SELECT segment, currency, SUM(micros) FROM revenue GROUP BY 1, 2;
SELECT person, currency, SUM(micros) FROM revenue WHERE person <> '' GROUP BY 1, 2;
SELECT f.day, f.metric, CASE WHEN via.id IS NULL THEN f.ref ELSE '' END, COALESCE(via.segmentID, ''), SUM(f.value)
FROM funnelCount f LEFT JOIN result via ON via.shareRef = f.ref
WHERE f.quizID = '{quiz}' AND f.day BETWEEN '{start_day}' AND '{end_day}' AND f.metric IN ('view', 'complete') AND f.ref <> ''
GROUP BY 1, 2, 3, 4;
SELECT source, medium, campaign, currency, SUM(amountMicros) FROM spend
WHERE day BETWEEN '{start_day}' AND '{end_day}' AND quizID IN ('{quiz}', '') GROUP BY 1, 2, 3, 4;
"""


def cases(column):
    return " ".join(f"WHEN {index} THEN '{pair[column]}'" for index, pair in enumerate(SOURCES))


def make_database(binary, folder, results):
    database = pathlib.Path(folder) / "earnings.sqlite"
    subprocess.run([binary, "migrate", "--database", str(database)], check=True, stdout=subprocess.DEVNULL)
    today = datetime.date.today().isoformat()
    source = f"CASE i % 5 {cases(0)} END"
    medium = f"CASE i % 5 {cases(1)} END"
    script = BULK.format(results=results, today=today, source=source, medium=medium, source_cases=cases(0), medium_cases=cases(1))
    subprocess.run(["sqlite3", str(database)], input=script, text=True, check=True, stdout=subprocess.DEVNULL)
    return database


def count(database, table):
    return int(subprocess.run(["sqlite3", str(database), f"SELECT COUNT(*) FROM {table}"], capture_output=True, text=True, check=True).stdout)


def measure(binary, folder, results, runs):
    database = make_database(binary, folder, results)
    today = datetime.date.today()
    start_day = (today - datetime.timedelta(days=364)).isoformat()
    end_day = today.isoformat()
    reference = REFERENCE.format(quiz="golf-club", start_day=start_day, end_day=end_day, start=f"{start_day} 00:00:00.000",
                                 end=f"{(today + datetime.timedelta(days=1)).isoformat()} 00:00:00.000")
    figures = {"results": count(database, "result"), "leads": count(database, "lead"), "conversions": count(database, "conversion"),
               "spend_rows": count(database, "spend"), "counter_rows": count(database, "funnelCount"), "runs": runs}

    def sqlite3_once():
        started = time.perf_counter()
        subprocess.run(["sqlite3", str(database)], input=reference, text=True, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    sqlite3_once()  # the file into the page cache
    figures["sqlite3_seconds"] = statistics.median(sqlite3_once() for _ in range(runs))
    with Service(binary, folder, database=database, log_name="earnings-serve.log") as service:
        url = f"{service.base_url}/api/admin/quizzes/golf-club/stats?from={start_day}&to={end_day}"

        def api_once():
            started = time.perf_counter()
            output = subprocess.run(["curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}",
                                     "-H", f"Authorization: Bearer {ADMIN_TOKEN}", url], capture_output=True, text=True, check=True)
            figures["bytes"] = int(output.stdout)
            return time.perf_counter() - started

        api_once()
        figures["api_seconds"] = statistics.median(api_once() for _ in range(runs))
    figures["ratio"] = figures["api_seconds"] / figures["sqlite3_seconds"]
    return figures
