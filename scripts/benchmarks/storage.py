"""The storage ceilings: the same lead inserts made by the sqlite3 command line with synchronous=FULL, one transaction
each, and grouped into transactions of the size the service's own commits had."""
import pathlib
import subprocess
import time

LEAD_INSERT = (
    "INSERT INTO lead (quizID, emailKey, email, segmentID, resultID, consentVersion, consentText, consentLocale, consentedAt, "
    "createdAt, updatedAt, status, consentTextSHA256, consentMethod, consentOrigin, emailHash, unsubscribeToken) "
    "VALUES ('golf-club', '{email}', '{email}', 'driver', '{result}', '1', 'Yes, send me tips.', 'en', "
    "strftime('%Y-%m-%d %H:%M:%f','now'), strftime('%Y-%m-%d %H:%M:%f','now'), strftime('%Y-%m-%d %H:%M:%f','now'), "
    "'subscribed', '{digest}', 'checkbox', 'http://127.0.0.1', lower(hex(randomblob(32))), lower(hex(randomblob(24))));\n"
)


def measure(template_database, folder, inserts, batch):
    """Inserts a second a single sqlite3 process reaches on copies of the service's database (same schema and indexes):
    one transaction per insert, and `batch` inserts per transaction (ten times as many inserts, as they go faster)."""
    one = run_inserts(template_database, folder, "single", inserts, 1)
    grouped = run_inserts(template_database, folder, "grouped", inserts * 10, max(1, round(batch)))
    return {**one, "grouped": grouped}


def run_inserts(template_database, folder, name, inserts, batch):
    database = pathlib.Path(folder) / f"sqlite3-{name}.sqlite"
    # The online backup API, so that pages still in the template's WAL come along.
    subprocess.run(["sqlite3", str(template_database), f".backup '{database}'"], check=True, capture_output=True)
    result = subprocess.run(
        ["sqlite3", str(database), "SELECT id FROM result LIMIT 1"], capture_output=True, text=True, check=True
    ).stdout.strip()
    script = pathlib.Path(folder) / f"inserts-{name}.sql"
    with open(script, "w") as sql:
        sql.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nPRAGMA foreign_keys=ON;\n")
        for number in range(inserts):
            if batch > 1 and number % batch == 0:
                sql.write("BEGIN;\n")
            sql.write(LEAD_INSERT.format(email=f"ceiling-{name}-{number}@bench.example", result=result, digest="0" * 64))
            if batch > 1 and (number % batch == batch - 1 or number == inserts - 1):
                sql.write("COMMIT;\n")
    started = time.perf_counter()
    with open(script) as sql:
        subprocess.run(["sqlite3", str(database)], stdin=sql, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    return {"inserts": inserts, "batch": batch, "seconds": seconds, "inserts_per_second": inserts / seconds}
